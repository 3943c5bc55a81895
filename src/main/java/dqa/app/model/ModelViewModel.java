package dqa.app.model;

import dqa.app.Workbench;
import dqa.app.WorkbenchState;
import dqa.app.common.Job;
import dqa.data.Dataset;
import dqa.data.DatasetId;
import dqa.nn.ActivationSpec;
import dqa.nn.Architecture;
import dqa.nn.Network;
import dqa.nn.NetworkSpec;
import dqa.run.DeviceChoice;
import dqa.run.UserException;
import dqa.train.ModelLocator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Model step: an architecture with an activation per hidden layer, its quantizer staircases
 * (with learned DQA thresholds once a model is loaded), parameter count and size.
 */
public final class ModelViewModel {
  private final Workbench workbench;
  private final WorkbenchState state;
  public final ObjectProperty<Architecture> architecture = new SimpleObjectProperty<>(Architecture.LENET);
  public final StringProperty activations = new SimpleStringProperty("dqa:2");
  private final ReadOnlyStringWrapper validation = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
  private final ObjectProperty<Map<String, Staircase>> staircases = new SimpleObjectProperty<>(Map.of());

  /** One quantizer's staircase: output level after each threshold. */
  public record Staircase(String layer, String spec, float[] thresholds, boolean learned) {
    /** Output of the staircase at x (−1 + Δ·#{t ≤ x}). */
    public double valueAt(double x, int levels) {
      double delta = 2.0 / (levels - 1);
      int above = 0;
      for (float t : thresholds) {
        if (x >= t) {
          above++;
        }
      }
      return -1 + delta * above;
    }
  }

  public ModelViewModel(Workbench workbench, WorkbenchState state) {
    this.workbench = workbench;
    this.state = state;
    architecture.bindBidirectional(state.architectureProperty());
    activations.bindBidirectional(state.activationsProperty());
    architecture.addListener(o -> update());
    activations.addListener(o -> update());
    state.datasetProperty().addListener(o -> update());
    update();
  }

  /** Form field keys, for {@link #fieldProblems}. */
  public static final String ARCHITECTURE = "architecture", ACTIVATIONS = "activations";

  /**
   * The spec the form describes, or a message naming what is wrong; the field it concerns is
   * {@link UserException#option()} ({@link #ARCHITECTURE} or {@link #ACTIVATIONS}).
   */
  public NetworkSpec spec() {
    Dataset d = state.datasetProperty().get();
    DatasetId id = d == null ? DatasetId.MNIST : d.id();
    List<ActivationSpec> acts;
    try {
      acts = NetworkSpec.parseActivations(activations.get());
    } catch (UserException | IllegalArgumentException e) {
      throw UserException.about(ACTIVATIONS, e instanceof UserException u ? u.problem() : e.getMessage());
    }
    Architecture arch = architecture.get();
    try {
      return new NetworkSpec(id.key(), arch, acts, id.channels(), id.height(), id.width(), id.numClasses(),
          boxed(id.mean()), boxed(id.std()));
    } catch (IllegalArgumentException e) {
      // One activation for every layer always fits; otherwise a count that differs is the list's fault.
      boolean count = arch != null && acts.size() != 1 && acts.size() != arch.hiddenActivations();
      throw UserException.about(count ? ACTIVATIONS : ARCHITECTURE, e.getMessage());
    }
  }

  /** The problem of each bad field of the form, by the keys above; empty when it is valid. */
  public javafx.collections.ObservableMap<String, String> fieldProblems() {
    return fieldProblemsView;
  }

  private final javafx.collections.ObservableMap<String, String> fieldProblems =
      javafx.collections.FXCollections.observableHashMap();
  private final javafx.collections.ObservableMap<String, String> fieldProblemsView =
      javafx.collections.FXCollections.unmodifiableObservableMap(fieldProblems);

  private void update() {
    try {
      NetworkSpec spec = spec();
      validation.set("");
      fieldProblems.clear();
      summary.set(String.format(Locale.ROOT, "%s for %s — %s", spec.label(), spec.dataset(), describeSize(spec)));
      Map<String, Staircase> s = new LinkedHashMap<>();
      List<String> names = spec.architecture().activationLayers();
      for (int i = 0; i < spec.activations().size(); i++) {
        ActivationSpec a = spec.activations().get(i);
        if (a.isQuantized()) {
          String layer = i < names.size() ? names.get(i) : "act" + (i + 1);
          s.put(layer, new Staircase(layer, a.toString(), midpoints(a.levels()), false));
        }
      }
      staircases.set(s);
    } catch (UserException e) {
      String field = ARCHITECTURE.equals(e.option()) ? ARCHITECTURE : ACTIVATIONS;
      String problem = (field.equals(ARCHITECTURE) ? "Architecture: " : "Activations: ") + e.problem();
      validation.set(problem);
      fieldProblems.clear();
      fieldProblems.put(field, problem);
    }
  }

  /** What loading a model found: its spec, its size and the staircase of each quantized layer. */
  private record Loaded(NetworkSpec spec, long params, Map<String, Staircase> staircases) {}

  /** Loads a saved model (run folder, model folder, or shipped name) to show its learned thresholds. */
  public Job<?> load(Path folder) {
    Job<Loaded> job = Job.of("Loading model", (progress, cancel) -> {
      Path dir = ModelLocator.resolve(folder.toString(), workbench.paths().models());
      try (Network net = Network.load(dir, DeviceChoice.CPU.resolve().device())) {
        NetworkSpec spec = net.spec();
        Map<String, Staircase> out = new LinkedHashMap<>();
        Map<String, float[][]> learned = net.dqaThresholds();
        List<String> names = spec.architecture().activationLayers();
        for (int i = 0; i < spec.activations().size(); i++) {
          ActivationSpec a = spec.activations().get(i);
          String slot = "act" + (i + 1); // the network's own parameter name
          String layer = i < names.size() ? names.get(i) : slot;
          if (learned.containsKey(slot)) {
            out.put(layer, new Staircase(layer, a.toString(), learned.get(slot)[0], true));
          } else if (a.isQuantized()) {
            out.put(layer, new Staircase(layer, a.toString(), midpoints(a.levels()), false));
          }
        }
        return new Loaded(spec, net.parameterCount(), out);
      }
    });
    job.onSucceeded(l -> {
          architecture.set(l.spec().architecture());
          activations.set(String.join(",", l.spec().activations().stream().map(Object::toString).toList()));
          staircases.set(l.staircases());
          summary.set(String.format(Locale.ROOT, "%s loaded from %s — %,d parameters (%.2f MB as float32)", l.spec().label(),
              folder, l.params(), l.params() * 4 / 1e6));
        })
        .reportingFailures(workbench.dialogs(), "Could not load the model");
    return workbench.tasks().start(job);
  }

  static float[] midpoints(int levels) {
    float delta = 2f / (levels - 1);
    float[] t = new float[levels - 1];
    for (int j = 0; j < t.length; j++) {
      t[j] = -1f + delta * (j + 0.5f);
    }
    return t;
  }

  /** Parameter count of an architecture, computed from its layer sizes without building it. */
  static String describeSize(NetworkSpec spec) {
    long p = spec.architecture().parameterCount(spec);
    return String.format(Locale.ROOT, "%,d parameters (%.2f MB as float32), %d hidden activation%s", p, p * 4 / 1e6,
        spec.activations().size(), spec.activations().size() == 1 ? "" : "s");
  }

  private static List<Float> boxed(float[] v) {
    List<Float> out = new ArrayList<>();
    for (float f : v) {
      out.add(f);
    }
    return out;
  }

  public ReadOnlyStringProperty validationProperty() {
    return validation.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  public ObjectProperty<Map<String, Staircase>> staircasesProperty() {
    return staircases;
  }
}
