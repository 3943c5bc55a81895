package dqa.app.robustness;

import dqa.app.Workbench;
import dqa.app.WorkbenchState;
import dqa.attack.AttackSettings;
import dqa.data.Dataset;
import dqa.eval.AttackSpecs;
import dqa.eval.EpsList;
import dqa.eval.SweepConfig;
import dqa.eval.TestSubset;
import dqa.run.UserException;
import dqa.train.ModelCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Robustness step's form: the ticked models, attacks, ε list and image count, each checked on
 * every change with its problem beside its field, remembered between starts; {@link #config} is
 * the sweep it describes.
 */
public final class SweepForm {
  static final String DEFAULT_ATTACKS = "fgsm,pgd";
  static final String DEFAULT_EPS = "0:0.3:0.05";
  static final String DEFAULT_IMAGES = "200";

  private final Workbench workbench;
  private final WorkbenchState state;

  // The extractor makes a tick a change of the list, so bindings over the list see it.
  private final ObservableList<ModelChoice> models =
      FXCollections.observableArrayList(c -> new javafx.beans.Observable[] {c.selected});
  public final StringProperty attacks = new SimpleStringProperty(DEFAULT_ATTACKS);
  public final StringProperty eps = new SimpleStringProperty(DEFAULT_EPS);
  public final StringProperty images = new SimpleStringProperty(DEFAULT_IMAGES);
  public final BooleanProperty sanityChecks = new SimpleBooleanProperty(true);

  private final ReadOnlyStringWrapper modelsMessage = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper attacksMessage = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper epsMessage = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper imagesMessage = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper validation = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper formMessage = new ReadOnlyStringWrapper("");

  /** A model of the catalog and whether it takes part in the sweep. */
  public static final class ModelChoice {
    private final ModelCatalog.Entry entry;
    private final BooleanProperty selected = new SimpleBooleanProperty();

    ModelChoice(ModelCatalog.Entry entry, boolean selected) {
      this.entry = entry;
      this.selected.set(selected);
    }

    public ModelCatalog.Entry entry() {
      return entry;
    }

    public BooleanProperty selectedProperty() {
      return selected;
    }

    @Override
    public String toString() {
      return entry.toString();
    }
  }

  SweepForm(Workbench workbench, WorkbenchState state) {
    this.workbench = workbench;
    this.state = state;
    restore();
    for (javafx.beans.Observable o : List.of(attacks, eps, images, state.datasetProperty())) {
      o.addListener(x -> validate());
    }
    state.runsChangedProperty().addListener(o -> refreshModels());
    refreshModels();
  }

  /** Lists the shipped models and finished runs again, keeping the ticks. */
  public void refreshModels() {
    Set<Path> ticked = new HashSet<>();
    for (ModelChoice c : models) {
      if (c.selected.get()) {
        ticked.add(c.entry.folder());
      }
    }
    if (models.isEmpty()) {
      for (String f : workbench.settings().get("robust.models", "").split("\n")) {
        if (!f.isBlank()) {
          ticked.add(Path.of(f));
        }
      }
    }
    List<ModelChoice> fresh = new ArrayList<>();
    for (ModelCatalog.Entry e : ModelCatalog.list(workbench.paths().models(), workbench.paths().runs())) {
      ModelChoice choice = new ModelChoice(e, ticked.contains(e.folder()));
      choice.selected.addListener(o -> validate());
      fresh.add(choice);
    }
    if (fresh.stream().noneMatch(c -> c.selected.get()) && !fresh.isEmpty()) {
      // Like the Attack step: with nothing remembered, the first model of the loaded data set.
      Dataset loaded = state.datasetProperty().get();
      ModelCatalog.Entry first = ModelCatalog.firstFor(fresh.stream().map(ModelChoice::entry).toList(),
          loaded == null ? "mnist" : loaded.id().key()).orElseThrow();
      fresh.stream().filter(c -> c.entry == first).findFirst().orElseThrow().selected.set(true);
    }
    models.setAll(fresh);
    validate();
  }

  // ---------------------------------------------------------------- the form

  /** The sweep the form describes, or a {@link UserException} whose message names the field. */
  public SweepConfig config() {
    Dataset d = state.datasetProperty().get();
    if (d == null) {
      throw new UserException("load a data set in the Data step first");
    }
    List<String> refs = chosenModels(d);
    List<AttackSettings> attackList = attackList(d);
    List<Double> budgets = epsList();
    int n = imageCount(d);
    try {
      return new SweepConfig(d.id().key(), refs, attackList, budgets, TestSubset.first(n), SweepConfig.DEFAULT_BATCH, 1,
          true, SweepConfig.DEFAULT_EXAMPLES);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  private List<String> chosenModels(Dataset d) {
    List<String> refs = new ArrayList<>();
    for (ModelChoice c : models) {
      if (!c.selected.get()) {
        continue;
      }
      if (d != null && !c.entry.spec().dataset().equals(d.id().key())) {
        throw new UserException("Models: " + c.entry.name() + " was trained on " + c.entry.spec().dataset() + " but "
            + d.id().key() + " is loaded");
      }
      refs.add(c.entry.folder().toString());
    }
    if (refs.isEmpty()) {
      throw new UserException(models.isEmpty()
          ? "Models: none yet; train one in the Train step"
          : "Models: tick at least one model");
    }
    return refs;
  }

  private List<AttackSettings> attackList(Dataset d) {
    List<AttackSettings> list;
    try {
      list = AttackSpecs.parseList(attacks.get(), Map.of());
    } catch (UserException e) {
      throw new UserException(field("Attacks", e), e);
    }
    Set<AttackSettings> seen = new HashSet<>();
    for (AttackSettings a : list) {
      if (a.eps() != null) {
        throw new UserException("Attacks: " + AttackSpecs.format(a) + " sets eps; the ε list sets every budget");
      }
      if (!seen.add(a)) {
        throw new UserException("Attacks: " + AttackSpecs.format(a) + " is listed twice");
      }
      try {
        // Builds the attack once, as the sweep will, so an unknown name or setting shows here.
        a.withEps(0.1).create(d == null ? "mnist" : d.id().key());
      } catch (UserException e) {
        throw new UserException(field("Attacks", e), e);
      } catch (IllegalArgumentException e) {
        throw new UserException("Attacks: " + e.getMessage(), e);
      }
    }
    return list;
  }

  private List<Double> epsList() {
    try {
      return EpsList.parse(eps.get());
    } catch (UserException e) {
      throw new UserException(field("ε list", e), e);
    }
  }

  private int imageCount(Dataset d) {
    int n;
    try {
      n = Integer.parseInt(images.get().trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw new UserException("Images: '" + images.get() + "' is not a whole number");
    }
    int available = d == null ? Integer.MAX_VALUE : d.test().count();
    if (n < 1 || n > available) {
      throw new UserException("Images: give 1…" + (d == null ? "N" : String.format(Locale.ROOT, "%,d", available))
          + " (the test set's size)");
    }
    return n;
  }

  /** A parser's problem under the form's own name for the field (the parser names its option, not the field). */
  static String field(String name, UserException e) {
    return name + ": " + e.problem().trim();
  }

  private void validate() {
    Dataset d = state.datasetProperty().get();
    modelsMessage.set(messageOf(() -> chosenModels(d)));
    attacksMessage.set(messageOf(() -> attackList(d)));
    epsMessage.set(messageOf(this::epsList));
    imagesMessage.set(messageOf(() -> imageCount(d)));
    validation.set(messageOf(this::config));
    boolean shownAtAField = !(modelsMessage.get() + attacksMessage.get() + epsMessage.get() + imagesMessage.get())
        .isEmpty();
    formMessage.set(shownAtAField ? "" : validation.get());
  }

  private static String messageOf(Supplier<?> check) {
    try {
      check.get();
      return "";
    } catch (UserException e) {
      return e.getMessage();
    }
  }

  // ---------------------------------------------------------------- settings

  void remember() {
    var s = workbench.settings();
    s.put("robust.attacks", attacks.get());
    s.put("robust.eps", eps.get());
    s.put("robust.images", images.get());
    s.put("robust.checks", Boolean.toString(sanityChecks.get()));
    List<String> ticked = new ArrayList<>();
    for (ModelChoice c : models) {
      if (c.selected.get()) {
        ticked.add(c.entry.folder().toString());
      }
    }
    s.put("robust.models", String.join("\n", ticked));
  }

  private void restore() {
    var s = workbench.settings();
    attacks.set(s.get("robust.attacks", DEFAULT_ATTACKS));
    eps.set(s.get("robust.eps", DEFAULT_EPS));
    images.set(s.get("robust.images", DEFAULT_IMAGES));
    sanityChecks.set(Boolean.parseBoolean(s.get("robust.checks", "true")));
  }

  public ObservableList<ModelChoice> models() {
    return models;
  }

  public ReadOnlyStringProperty modelsMessageProperty() {
    return modelsMessage.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty attacksMessageProperty() {
    return attacksMessage.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty epsMessageProperty() {
    return epsMessage.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty imagesMessageProperty() {
    return imagesMessage.getReadOnlyProperty();
  }

  /** The first problem of the form ("" when it can run). */
  public ReadOnlyStringProperty validationProperty() {
    return validation.getReadOnlyProperty();
  }

  /** A problem of the form that no field shows next to itself (no data set loaded, …), else "". */
  public ReadOnlyStringProperty formMessageProperty() {
    return formMessage.getReadOnlyProperty();
  }

}
