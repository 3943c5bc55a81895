package dqa.app.train;

import dqa.app.Workbench;
import dqa.app.WorkbenchState;
import dqa.app.common.Job;
import dqa.app.common.FormCheck;
import dqa.attack.TrainingAttacks;
import dqa.data.Dataset;
import dqa.data.DatasetId;
import dqa.nn.ActivationSpec;
import dqa.nn.Architecture;
import dqa.nn.GradientMode;
import dqa.nn.NetworkSpec;
import dqa.run.ProgressListener;
import dqa.run.UserException;
import dqa.train.AdversarialConfig;
import dqa.train.InputPerturber;
import dqa.train.RunFolder;
import dqa.train.TrainConfig;
import dqa.train.TrainResult;
import dqa.train.Training;
import dqa.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;

/**
 * The Train step: a recipe form with validation, start and cancel, and live metrics handed to the
 * view in batches (the view drains {@link #drain} on a timer, so the FX thread is never flooded).
 */
public final class TrainViewModel {
  private final Workbench workbench;
  private final WorkbenchState state;

  public final ObjectProperty<Architecture> architecture = new SimpleObjectProperty<>(Architecture.LENET);
  public final StringProperty activation = new SimpleStringProperty("dqa:2");
  public final StringProperty gradient = new SimpleStringProperty("ste");
  public final ObjectProperty<TrainConfig.Optimizer> optimizer = new SimpleObjectProperty<>(TrainConfig.Optimizer.ADAM);
  public final StringProperty learningRate = new SimpleStringProperty("0.001");
  public final StringProperty epochs = new SimpleStringProperty("1");
  public final StringProperty batchSize = new SimpleStringProperty("128");
  public final StringProperty limit = new SimpleStringProperty("0");
  public final ObjectProperty<AdversarialConfig.Method> adversarial = new SimpleObjectProperty<>(AdversarialConfig.Method.NONE);
  public final StringProperty advEps = new SimpleStringProperty("0.3");
  public final StringProperty advStep = new SimpleStringProperty("0.03");
  public final StringProperty advSteps = new SimpleStringProperty("10");
  public final StringProperty seed = new SimpleStringProperty("1");
  public final StringProperty device = new SimpleStringProperty("auto");

  private final ReadOnlyStringWrapper validation = new ReadOnlyStringWrapper("");
  private final ObservableMap<String, String> fieldProblems = FXCollections.observableHashMap();
  private final ObservableMap<String, String> fieldProblemsView = FXCollections.unmodifiableObservableMap(fieldProblems);
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Set a recipe and press Start.");
  private final BooleanProperty running = new SimpleBooleanProperty();
  private final ConcurrentLinkedQueue<Object> pending = new ConcurrentLinkedQueue<>();
  // Written on the engine thread at each epoch end, read on the FX thread when the run ends.
  private volatile TrainingListener.EpochMetrics lastEpoch;
  /** Optimizer steps skipped in this run (a non-finite gradient), and the last such batch. */
  private final java.util.concurrent.atomic.AtomicInteger skippedSteps = new java.util.concurrent.atomic.AtomicInteger();
  private volatile String lastSkip;
  /** The folder of the run being trained (written on the engine thread when it is created). */
  private volatile Path runDir;
  /** The last run if it stopped early with a complete epoch to go on from; null otherwise. */
  private final javafx.beans.property.ReadOnlyObjectWrapper<Path> resumable = new javafx.beans.property.ReadOnlyObjectWrapper<>();

  public TrainViewModel(Workbench workbench, WorkbenchState state) {
    this.workbench = workbench;
    this.state = state;
    restore();
    // The recipe is shared with the Model step: the remembered one becomes the window's.
    state.architectureProperty().bindBidirectional(architecture);
    state.activationsProperty().bindBidirectional(activation);
    List<javafx.beans.Observable> fields = List.of(architecture, activation, gradient, optimizer, learningRate, epochs,
        batchSize, limit, adversarial, advEps, advStep, advSteps, seed, device, state.datasetProperty());
    for (javafx.beans.Observable p : fields) {
      p.addListener(obs -> validate());
    }
    validate();
  }

  /** Form field keys; each is the recipe setting it fills, so a rule the recipe checks lands on its field. */
  public static final String DATA = "dataset", ACTIVATION = "activations", GRADIENT = "gradient",
      LEARNING_RATE = "learningRate", EPOCHS = "epochs", BATCH = "batchSize", LIMIT = "trainLimit",
      ADV_EPS = "adversarial.eps", ADV_STEP = "adversarial.step", ADV_STEPS = "adversarial.steps", SEED = "seed";

  /** Builds the recipe from the form, or throws with every field's problem. */
  public TrainConfig config() {
    FormCheck form = new FormCheck();
    TrainConfig config = check(form);
    form.throwIfAny();
    return config;
  }

  /** Checks every field at once; the recipe, or null with the problems in {@code form}. */
  private TrainConfig check(FormCheck form) {
    Dataset data = state.datasetProperty().get();
    form.require(data != null, DATA, "Load a data set in the Data step first");
    var acts = form.parse(ACTIVATION, () -> NetworkSpec.parseActivations(activation.get()), List.of(ActivationSpec.relu()));
    TrainConfig d = TrainConfig.defaults(data == null ? DatasetId.MNIST : data.id(), acts);
    GradientMode grad = form.parse(GRADIENT, () -> GradientMode.parse(gradient.get()), d.gradient());
    double lr = form.number(LEARNING_RATE, "Learning rate", learningRate.get(), d.learningRate());
    int epochCount = form.whole(EPOCHS, "Epochs", epochs.get(), d.epochs());
    int batch = form.whole(BATCH, "Batch size", batchSize.get(), d.batchSize());
    int images = form.whole(LIMIT, "Training images", limit.get(), 0);
    int seedValue = form.whole(SEED, "Seed", seed.get(), 1);
    AdversarialConfig.Method method = adversarial.get();
    boolean adv = method != AdversarialConfig.Method.NONE;
    boolean pgd = method == AdversarialConfig.Method.PGD;
    double eps = adv ? form.number(ADV_EPS, "Adversarial ε", advEps.get(), 0.3) : 0;
    double step = pgd ? form.number(ADV_STEP, "PGD step", advStep.get(), 0.01) : 0.01;
    int steps = pgd ? form.whole(ADV_STEPS, "PGD steps", advSteps.get(), 40) : 40;
    AdversarialConfig adversarialConfig = form.build(
        () -> adv ? new AdversarialConfig(method, eps, step, steps, true, 0.5) : AdversarialConfig.none(),
        setting -> "adversarial." + setting);
    TrainConfig config = form.build(
        () -> new TrainConfig((data == null ? DatasetId.MNIST : data.id()).key(), architecture.get(), acts, grad,
            optimizer.get(), lr, d.momentum(), d.weightDecay(), d.schedule(), d.milestones(), d.decayFactor(),
            epochCount, batch, seedValue, images, 0, d.augment(),
            adversarialConfig == null ? AdversarialConfig.none() : adversarialConfig, device.get()),
        setting -> setting);
    return form.ok() ? config : null;
  }

  private void validate() {
    FormCheck form = new FormCheck();
    check(form);
    fieldProblems.clear();
    fieldProblems.putAll(form.problems());
    validation.set(form.summary());
  }

  /** The problem of each bad field, by the keys above; empty when the form is valid. */
  public ObservableMap<String, String> fieldProblems() {
    return fieldProblemsView;
  }

  /** Starts training on the engine thread; metrics arrive through {@link #drain}. */
  public Job<TrainResult> start() {
    TrainConfig config = config();
    remember();
    Dataset data = state.datasetProperty().get();
    pending.clear();
    lastEpoch = null;
    running.set(true);
    status.set("Starting…");
    skippedSteps.set(0);
    lastSkip = null;
    InputPerturber perturber = TrainingAttacks.forRecipe(config);
    runDir = null;
    resumable.set(null);
    return train("Training " + config.architecture() + "/" + activation.get(), (progress, cancel) -> {
      RunFolder folder = RunFolder.create(null, workbench.paths().runs(), config.architecture() + "-" + activation.get());
      runDir = folder.dir();
      return Training.start(config, data, folder, perturber, listener(progress), cancel);
    });
  }

  /**
   * Continues the last run after a cancel or a failure from its last complete epoch, in its own
   * folder, with the charts kept up to that epoch; the result is the one an uninterrupted run gives.
   */
  public Job<TrainResult> resume() {
    Path dir = resumable.get();
    if (dir == null) {
      throw new UserException("Nothing to resume: the last run finished, or stopped before its first complete epoch");
    }
    RunFolder folder = RunFolder.open(dir);
    dqa.train.RunManifest manifest = folder.readManifest();
    TrainConfig config = manifest.config();
    Dataset data = state.datasetProperty().get();
    if (data == null || !data.id().key().equals(config.dataset())) {
      throw new UserException(dir.getFileName() + " was trained on " + DatasetId.parse(config.dataset()).displayName()
          + ": load it in the Data step to resume the run");
    }
    int from = manifest.epochsCompleted();
    pending.clear();
    pending.add(new Resumed(from));
    lastEpoch = null;
    running.set(true);
    status.set(String.format(Locale.ROOT, "Resuming %s after epoch %d of %d…", dir.getFileName(), from, config.epochs()));
    skippedSteps.set(0);
    lastSkip = null;
    runDir = dir;
    resumable.set(null);
    InputPerturber perturber = TrainingAttacks.forRecipe(config);
    return train("Resuming " + dir.getFileName(), (progress, cancel) ->
        Training.resume(folder, data, perturber, listener(progress), cancel));
  }

  private Job<TrainResult> train(String title, Job.Work<TrainResult> work) {
    Job<TrainResult> job = Job.of(title, work);
    job.onSucceeded(this::finished)
        .onCancelled(() -> stoppedEarly("Cancelled"))
        .onFailed(t -> stoppedEarly("Failed: " + t.getMessage()))
        .reportingFailures(workbench.dialogs(), "Training failed");
    return workbench.tasks().start(job);
  }

  /** After a cancel or failure: the run can be resumed if it has a complete epoch's checkpoint. */
  private void stoppedEarly(String what) {
    running.set(false);
    state.runsChanged();
    Path dir = runDir;
    boolean canResume = dir != null && RunFolder.resumable(dir);
    resumable.set(canResume ? dir : null);
    status.set(what + (canResume
        ? "; the run keeps its last complete epoch: press Resume to go on (or resume it later in the Runs step)."
        : dir == null ? "." : "; it stopped before its first complete epoch, so there is nothing to resume: Start trains again."));
  }

  public void cancel() {
    workbench.tasks().cancelRunning();
  }

  /** Shows why a button's action could not run (a data set to load first, say) in the status line. */
  public void explain(UserException problem) {
    status.set(problem.getMessage());
  }

  private void finished(TrainResult r) {
    running.set(false);
    state.runsChanged();
    TrainingListener.EpochMetrics last = lastEpoch;
    int skipped = skippedSteps.get();
    String warning = skipped == 0 ? "" : String.format(Locale.ROOT,
        " — %d optimizer steps were skipped because a gradient was not finite (last: %s)", skipped, lastSkip);
    status.set(String.format(Locale.ROOT, "%s after %d epochs: test accuracy %.2f %%%s — run saved in %s%s",
        r.status().toString().toLowerCase(Locale.ROOT), r.epochsCompleted(), 100 * r.testAccuracy(),
        last == null ? "" : String.format(Locale.ROOT, ", %,.0f img/s in the last epoch", last.imagesPerSecond()), r.runDir(),
        warning));
    workbench.dialogs().notify("Training finished: " + String.format(Locale.ROOT, "%.2f %%", 100 * r.testAccuracy()));
  }

  private TrainingListener listener(ProgressListener progress) {
    return new TrainingListener() {
      private long totalBatches = -1;

      @Override
      public void started(Path runDir, int epochs, int batchesPerEpoch, String device) {
        totalBatches = (long) epochs * batchesPerEpoch;
        pending.add(new Started(runDir, epochs, batchesPerEpoch, device));
      }

      @Override
      public void batchFinished(BatchMetrics m) {
        pending.add(m);
        progress.progress(m.step(), totalBatches, String.format(Locale.ROOT,
            "epoch %d, batch %d/%d, loss %.3f, %.0f img/s, ETA %s", m.epoch(), m.batch(), m.batchesPerEpoch(), m.loss(),
            m.imagesPerSecond(), eta(m.etaSeconds())));
      }

      @Override
      public void epochFinished(EpochMetrics m) {
        lastEpoch = m;
        if (m.skippedSteps() > 0) {
          skippedSteps.addAndGet(m.skippedSteps());
          lastSkip = m.lastSkip();
        }
        pending.add(m);
      }
    };
  }

  /** Start of a run, as the view needs it. */
  public record Started(Path runDir, int epochs, int batchesPerEpoch, String device) {}

  /** A resumed run goes on after epoch {@code fromEpoch}: the charts drop what came after it. */
  public record Resumed(int fromEpoch) {}

  /**
   * Hands the metrics that arrived since the last call to {@code sink} (on the FX thread); returns
   * how many. The view calls it every 100 ms while training runs.
   */
  public int drain(Consumer<Object> sink) {
    int n = 0;
    for (Object o; (o = pending.poll()) != null; n++) {
      if (o instanceof Started s) {
        status.set("Training on " + s.device() + " — run folder " + s.runDir());
      }
      sink.accept(o);
    }
    return n;
  }


  static String eta(double seconds) {
    if (!Double.isFinite(seconds)) {
      return "?";
    }
    long s = Math.round(seconds);
    return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
  }

  private void remember() {
    var s = workbench.settings();
    s.put("train.arch", architecture.get().key());
    s.put("train.act", activation.get());
    s.put("train.lr", learningRate.get());
    s.put("train.epochs", epochs.get());
    s.put("train.batch", batchSize.get());
    s.put("train.adv", adversarial.get().toString());
  }

  private void restore() {
    var s = workbench.settings();
    try {
      architecture.set(Architecture.parse(s.get("train.arch", "lenet")));
      adversarial.set(AdversarialConfig.Method.parse(s.get("train.adv", "none")));
    } catch (UserException e) {
      // A stale remembered value: keep the default.
    }
    activation.set(s.get("train.act", "dqa:2"));
    learningRate.set(s.get("train.lr", "0.001"));
    epochs.set(s.get("train.epochs", "1"));
    batchSize.set(s.get("train.batch", "128"));
  }

  public ReadOnlyStringProperty validationProperty() {
    return validation.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public BooleanProperty runningProperty() {
    return running;
  }

  /** The run Resume would continue, or null. */
  public javafx.beans.property.ReadOnlyObjectProperty<Path> resumableProperty() {
    return resumable.getReadOnlyProperty();
  }

  /** True when Resume may be pressed: a stopped run with a checkpoint, and an idle engine. */
  public BooleanBinding canResume() {
    return Bindings.createBooleanBinding(() -> resumable.get() != null && !running.get() && !workbench.tasks().isBusy(),
        resumable, running, workbench.tasks().runningProperty());
  }

  /** True when Start may be pressed. */
  public BooleanBinding canStart() {
    return Bindings.createBooleanBinding(() -> validation.get().isEmpty() && !running.get() && !workbench.tasks().isBusy(),
        validation, running, workbench.tasks().runningProperty());
  }

  /**
   * What the threshold chart draws behind the learned thresholds: the output levels of the quantizer
   * and the thresholds a fixed quantizer of the same bits uses (the midpoints between levels), so how
   * far DQA moved its thresholds from the uniform grid is visible; and, for a recipe with nothing to
   * learn, the message the empty chart shows.
   *
   * @param bits the bits of the grid (the first DQA layer's, else the first fixed layer's); 0 for none
   */
  public record ThresholdGuide(int bits, double[] levels, double[] uniformThresholds, String message) {}

  public static ThresholdGuide thresholdGuide(List<ActivationSpec> activations) {
    ActivationSpec dqa = activations.stream().filter(a -> a.kind() == ActivationSpec.Kind.DQA).findFirst().orElse(null);
    ActivationSpec fixed =
        activations.stream().filter(a -> a.kind() == ActivationSpec.Kind.FIXED).findFirst().orElse(null);
    ActivationSpec grid = dqa != null ? dqa : fixed;
    if (grid == null) {
      return new ThresholdGuide(0, new double[0], new double[0], "ReLU only: no quantizer, no thresholds");
    }
    int levels = 1 << grid.bits();
    double delta = 2.0 / (levels - 1);
    double[] level = new double[levels];
    double[] mids = new double[levels - 1];
    for (int j = 0; j < levels; j++) {
      level[j] = -1 + j * delta;
      if (j < levels - 1) {
        mids[j] = -1 + (j + 0.5) * delta;
      }
    }
    String message = dqa != null ? "The thresholds appear as DQA learns them"
        : "Fixed thresholds: fixed:" + grid.bits() + " uses the midpoints between its levels (dashed); nothing is learned";
    return new ThresholdGuide(grid.bits(), level, mids, message);
  }

  /**
   * A quantizer's name as people read it: the network calls the LeNets' activation slots {@code act1}
   * … {@code act3}; this names them by the layer they follow ({@code conv1}, {@code conv2}, {@code fc1}).
   * Names the architecture does not list (resnet20's {@code layer2_0.act2}) stay as they are.
   */
  public static String layerName(Architecture architecture, String quantizer) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("act(\\d+)").matcher(quantizer);
    List<String> names = architecture == null ? List.of() : architecture.activationLayers();
    if (m.matches()) {
      int slot = Integer.parseInt(m.group(1));
      if (slot >= 1 && slot <= names.size()) {
        return names.get(slot - 1);
      }
    }
    return quantizer;
  }

  /** Current thresholds of a metrics object, if it carries any. */
  static Map<String, float[][]> thresholdsOf(Object o) {
    if (o instanceof TrainingListener.BatchMetrics b) {
      return b.thresholds();
    }
    return null;
  }

  static List<String> thresholdSeries(Map<String, float[][]> t) {
    List<String> names = new ArrayList<>();
    t.forEach((layer, table) -> {
      for (int j = 0; j < table[0].length; j++) {
        names.add(layer + " t" + j);
      }
    });
    return names;
  }
}
