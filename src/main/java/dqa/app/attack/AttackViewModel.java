package dqa.app.attack;

import dqa.app.Workbench;
import dqa.app.WorkbenchState;
import dqa.app.common.Job;
import dqa.attack.Attack;
import dqa.attack.AttackLoss;
import dqa.attack.AttackResult;
import dqa.attack.AttackSettings;
import dqa.attack.Fgsm;
import dqa.data.Dataset;
import dqa.data.DatasetId;
import dqa.data.DatasetLoader;
import dqa.data.DatasetLocation;
import dqa.data.DatasetLocator;
import dqa.data.LabeledImages;
import dqa.eval.EpsFrames;
import dqa.eval.Showcase;
import dqa.nn.GradientMode;
import dqa.run.CancellationToken;
import dqa.run.ProgressListener;
import dqa.run.UserException;
import dqa.train.ModelCatalog;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Attack step: attack a model (and optionally its full-precision twin) on a few test images and
 * show, per image, original | adversarial | perturbation with predictions and confidences, and which
 * quantization bins the attack flipped inside the network.
 */
public final class AttackViewModel implements AutoCloseable {
  private final Workbench workbench;
  private final WorkbenchState state;
  private final ObservableList<ModelCatalog.Entry> models = FXCollections.observableArrayList();
  public final ObjectProperty<ModelCatalog.Entry> model = new SimpleObjectProperty<>();
  public final ObjectProperty<ModelCatalog.Entry> twin = new SimpleObjectProperty<>();
  public final StringProperty attack = new SimpleStringProperty("fgsm");
  public final StringProperty eps = new SimpleStringProperty("0.3");
  public final StringProperty steps = new SimpleStringProperty("");
  public final StringProperty stepSize = new SimpleStringProperty("");
  public final StringProperty gradient = new SimpleStringProperty("ste");
  public final StringProperty restarts = new SimpleStringProperty("");
  public final ObjectProperty<AttackLoss> loss = new SimpleObjectProperty<>(AttackLoss.CE);
  public final StringProperty queries = new SimpleStringProperty("");
  public final StringProperty images = new SimpleStringProperty("16");
  public final StringProperty firstImage = new SimpleStringProperty("0");
  private final ObjectProperty<Outcome> outcome = new SimpleObjectProperty<>();
  private final ReadOnlyStringWrapper validation = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("Pick a model and an attack, then press Run.");
  /** The {@code attack} command's default seed, so the window and the command agree on the same images. */
  static final long ATTACK_SEED = 1;

  private final Showcase showcase = new Showcase();
  private final LiveEps live = new LiveEps(work -> dqa.run.EngineWorker.shared().submit(() -> {
    work.run();
    return null;
  }), javafx.application.Platform::runLater, this::showFrame);
  private LastRun lastRun;
  private final javafx.beans.binding.BooleanBinding sliderPreparable =
      javafx.beans.binding.Bindings.createBooleanBinding(this::canPrepareSlider, outcome, live.availableProperty());
  private final GuidedDemo demo = new GuidedDemo(this);
  private javafx.beans.binding.BooleanBinding busy;

  /** Which of the attacked images the gallery shows. */
  public enum GalleryFilter {
    ALL("all images"),
    FOOLED("fooled (model or twin)");

    private final String label;

    GalleryFilter(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** In which order the gallery shows them. */
  public enum GalleryOrder {
    IMAGE("test-set order"),
    CONFIDENCE_DROP("largest confidence drop first");

    private final String label;

    GalleryOrder(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  public final ObjectProperty<GalleryFilter> galleryFilter = new SimpleObjectProperty<>(GalleryFilter.ALL);
  public final ObjectProperty<GalleryOrder> galleryOrder = new SimpleObjectProperty<>(GalleryOrder.IMAGE);

  /** The attack changed a right answer (an image the model had wrong to begin with is not "fooled"). */
  public static boolean fooled(AttackResult r, int i) {
    return r.cleanPredictions()[i] == r.labels()[i] && r.adversarialPredictions()[i] != r.labels()[i];
  }

  /** How much the attack lowered the model's probability of the true class of image {@code i}. */
  public static double confidenceDrop(AttackResult r, int i) {
    int k = r.classes();
    int y = r.labels()[i];
    return r.cleanProbabilities()[i * k + y] - r.adversarialProbabilities()[i * k + y];
  }

  /**
   * The images of {@code o} the gallery shows, as indices into its results: all or the fooled ones
   * (on the model or on its twin), in test-set order or by the model's confidence drop (ties keep
   * test-set order).
   */
  public static int[] shown(Outcome o, GalleryFilter filter, GalleryOrder order) {
    AttackResult p = o.primary().result();
    AttackResult t = o.twin() == null ? null : o.twin().result();
    java.util.stream.IntStream images = java.util.stream.IntStream.range(0, p.n());
    if (filter == GalleryFilter.FOOLED) {
      images = images.filter(i -> fooled(p, i) || (t != null && fooled(t, i)));
    }
    java.util.List<Integer> list = new java.util.ArrayList<>(images.boxed().toList());
    if (order == GalleryOrder.CONFIDENCE_DROP) {
      list.sort(java.util.Comparator.comparingDouble((Integer i) -> -confidenceDrop(p, i)));
    }
    return list.stream().mapToInt(Integer::intValue).toArray();
  }

  /** One attack on one model: the result and the clean images it started from (plain values). */
  public record Run(ModelCatalog.Entry model, AttackResult result) {}

  /** What the gallery shows: the attacked model and, when chosen, the twin on the same images. */
  public record Outcome(Run primary, Run twin, float[] clean, int channels, int height, int width, List<String> classes,
      int first) {}

  public AttackViewModel(Workbench workbench, WorkbenchState state) {
    this.workbench = workbench;
    this.state = state;
    for (javafx.beans.Observable o : List.of(model, attack, eps, steps, stepSize, gradient, restarts, loss, queries,
        images, firstImage, state.datasetProperty())) {
      o.addListener(x -> validate());
    }
    state.runsChangedProperty().addListener(o -> refreshModels());
    state.datasetProperty().addListener((o, was, now) -> followDataset(now));
    refreshModels();
    validate();
  }

  /** Another data set loaded: a model (and twin) trained on a different one gives way to one trained on it. */
  private void followDataset(Dataset now) {
    if (now == null) {
      return;
    }
    String key = now.id().key();
    if (model.get() != null && !model.get().spec().dataset().equals(key)) {
      models.stream().filter(m -> m.spec().dataset().equals(key)).findFirst().ifPresent(model::set);
    }
    if (twin.get() != null && !twin.get().spec().dataset().equals(key)) {
      twin.set(null);
    }
  }

  /** Lists shipped models and finished runs again. */
  public void refreshModels() {
    ModelCatalog.Entry keep = model.get();
    ModelCatalog.Entry keepTwin = twin.get();
    models.setAll(ModelCatalog.list(workbench.paths().models(), workbench.paths().runs()));
    Dataset loaded = state.datasetProperty().get();
    model.set(models.stream().filter(m -> keep != null && m.folder().equals(keep.folder())).findFirst()
        .or(() -> ModelCatalog.firstFor(models, loaded == null ? "mnist" : loaded.id().key()))
        .orElse(null));
    twin.set(models.stream().filter(m -> keepTwin != null && m.folder().equals(keepTwin.folder())).findFirst().orElse(null));
  }

  /** The attack the form describes, or a message naming the field. */
  public Attack attack() {
    Dataset d = state.datasetProperty().get();
    if (d == null) {
      throw new UserException("load a data set in the Data step first");
    }
    if (model.get() == null) {
      throw new UserException("no model to attack: train one in the Train step");
    }
    if (!model.get().spec().dataset().equals(d.id().key())) {
      throw new UserException("the model was trained on " + model.get().spec().dataset() + " but " + d.id().key() + " is loaded");
    }
    int n = whole("images", images);
    int first = whole("first image", firstImage);
    if (n < 1 || n > 256) {
      throw new UserException("images: give 1…256");
    }
    if (first < 0 || first + n > d.test().count()) {
      throw new UserException("first image: the test set has " + d.test().count() + " images");
    }
    return settings().create(d.id().key());
  }

  /** The attack's settings from the fields it uses; the hidden fields of other attacks are not read. */
  private AttackSettings settings() {
    java.util.Set<AttackSettings.Setting> uses = AttackSettings.settingsOf(attack.get());
    return new AttackSettings(attack.get(),
        uses.contains(AttackSettings.Setting.EPS) ? optional("ε", eps) : null,
        uses.contains(AttackSettings.Setting.STEP) ? optional("step size", stepSize) : null,
        uses.contains(AttackSettings.Setting.STEPS) ? optionalWhole("steps", steps) : null,
        uses.contains(AttackSettings.Setting.RESTARTS) ? optionalWhole("restarts", restarts) : null, null,
        uses.contains(AttackSettings.Setting.LOSS) ? loss.get() : null,
        uses.contains(AttackSettings.Setting.GRADIENT) ? GradientMode.parse(gradient.get()) : null,
        uses.contains(AttackSettings.Setting.QUERIES) ? optionalWhole("queries", queries) : null);
  }

  /** Whether the chosen attack reads {@code setting}: the form shows its field only then. */
  public javafx.beans.binding.BooleanBinding uses(AttackSettings.Setting setting) {
    return javafx.beans.binding.Bindings.createBooleanBinding(
        () -> AttackSettings.settingsOf(attack.get()).contains(setting), attack);
  }

  private void validate() {
    try {
      attack();
      validation.set("");
    } catch (UserException e) {
      validation.set(e.getMessage());
    }
  }

  /**
   * Runs the attack on the model and the twin, on the same images. After FGSM the ε slider is ready at
   * once (its direction costs one gradient per model); after another attack with a budget it can be
   * {@linkplain #prepareSlider prepared}.
   */
  public Job<Outcome> run() {
    Attack a = attack();
    AttackSettings settings = settings();
    Dataset d = state.datasetProperty().get();
    int n = whole("images", images);
    int first = whole("first image", firstImage);
    LabeledImages subset = d.test().select(java.util.stream.IntStream.range(first, first + n).toArray());
    ModelCatalog.Entry primaryEntry = model.get();
    ModelCatalog.Entry twinEntry = twin.get();
    live.reset();
    lastRun = null;
    EpsFrames[] frames = new EpsFrames[2];
    LiveEps.Curve[] curve = new LiveEps.Curve[1];
    Job<Outcome> job = Job.of("Attacking with " + a.name(), (progress, cancel) -> {
      Run p = attackOne(primaryEntry, a, subset, progress, cancel);
      Run t = twinEntry == null ? null : attackOne(twinEntry, a, subset, progress, cancel);
      if (a instanceof Fgsm fgsm) {
        double max = sliderMax(fgsm.eps());
        frames[0] = EpsFrames.fgsm(showcase, primaryEntry.folder(), subset, fgsm, max);
        frames[1] = twinEntry == null ? null : EpsFrames.fgsm(showcase, twinEntry.folder(), subset, fgsm, max);
        curve[0] = LiveEps.curveOf(frames[0], frames[1]);
      }
      float[] clean = new float[subset.count() * subset.imageSize()];
      for (int i = 0; i < clean.length; i++) {
        clean[i] = (subset.pixels()[i] & 0xff) / 255f;
      }
      return new Outcome(p, t, clean, subset.channels(), subset.height(), subset.width(), d.id().classNames(), first);
    });
    job.onSucceeded(o -> {
          lastRun = new LastRun(settings, d.id().key(), a.eps(), subset, o);
          outcome.set(o);
          summary.set(describe(o));
          if (frames[0] != null) {
            live.offer(o, frames[0], frames[1], a.eps(), curve[0]);
          }
        })
        .reportingFailures(workbench.dialogs(), "The attack failed");
    return workbench.tasks().start(job);
  }

  /** The slider's range after FGSM at {@code eps}: up to twice the budget, so one sees where it breaks. */
  static double sliderMax(double eps) {
    return Math.min(1, eps > 0 ? 2 * eps : 0.3);
  }

  /** How many steps of ε/k a prepared slider snaps to (and ε 0, the clean images). */
  static final int SLIDER_STOPS = 5;

  /**
   * Whether {@link #prepareSlider} can run: the gallery shows an attack with a budget (not C&amp;W or
   * an unbounded ZOO, which minimise distortion; not the substitute attacks, which would train their
   * substitute again) whose slider is not ready yet.
   */
  public boolean canPrepareSlider() {
    LastRun r = lastRun;
    return r != null && !live.availableProperty().get() && r.settings().takesBudget()
        && !r.settings().name().startsWith("substitute") && r.outcome() == outcome.get() && r.eps() > 0;
  }

  /**
   * True while an engine job runs (this step's or another's): Run, the slider and Prepare wait for it
   * instead of queueing behind it unseen.
   */
  public javafx.beans.binding.BooleanBinding busyProperty() {
    if (busy == null) {
      busy = workbench.tasks().runningProperty().isNotNull();
    }
    return busy;
  }

  /** Run is possible: a valid form and an idle engine. */
  public javafx.beans.binding.BooleanBinding canRun() {
    return validation.isEmpty().and(busyProperty().not());
  }

  /** {@link #canPrepareSlider}, observable. */
  public javafx.beans.binding.BooleanBinding sliderPreparableProperty() {
    return sliderPreparable;
  }

  /**
   * Runs the gallery's attack again at ε·k/{@value #SLIDER_STOPS} (k = 1 … {@value #SLIDER_STOPS} − 1; ε
   * itself is the gallery) on the same images, model and twin, so the slider can snap between them.
   */
  public Job<LiveEps.Curve> prepareSlider() {
    LastRun r = lastRun;
    if (!canPrepareSlider()) {
      throw new UserException("run an attack with an ε first (C&W, ZOO and the substitute attacks have no slider)");
    }
    double eps = r.eps();
    double[] stops = new double[SLIDER_STOPS + 1];
    for (int k = 0; k <= SLIDER_STOPS; k++) {
      stops[k] = eps * k / SLIDER_STOPS;
    }
    stops[SLIDER_STOPS] = eps; // exactly the gallery's ε, whose results it reuses
    java.util.function.DoubleFunction<Attack> at = e -> r.settings().withEps(e).create(r.dataset());
    EpsFrames[] frames = new EpsFrames[2];
    Outcome o = r.outcome();
    Job<LiveEps.Curve> job = Job.of("Preparing the ε slider (" + (SLIDER_STOPS - 1) + " more budgets)", (progress, cancel) -> {
      frames[0] = EpsFrames.precomputed(showcase, o.primary().model().folder(), r.subset(), at, stops,
          java.util.Map.of(eps, o.primary().result()), ATTACK_SEED, named(o.primary(), progress), cancel);
      if (o.twin() != null) {
        frames[1] = EpsFrames.precomputed(showcase, o.twin().model().folder(), r.subset(), at, stops,
            java.util.Map.of(eps, o.twin().result()), ATTACK_SEED, named(o.twin(), progress), cancel);
      }
      return LiveEps.curveOf(frames[0], frames[1]);
    });
    job.onSucceeded(curve -> {
          if (outcome.get() == o) {
            live.offer(o, frames[0], frames[1], eps, curve);
          }
        })
        .reportingFailures(workbench.dialogs(), "Preparing the slider failed");
    return workbench.tasks().start(job);
  }

  private static ProgressListener named(Run run, ProgressListener progress) {
    return (done, total, msg) -> progress.progress(done, total, run.model().name() + ": " + msg);
  }

  /** What the gallery's attack was, for the slider's extra budgets. */
  private record LastRun(AttackSettings settings, String dataset, double eps, LabeledImages subset, Outcome outcome) {}

  private Run attackOne(ModelCatalog.Entry entry, Attack a, LabeledImages subset, ProgressListener progress,
      CancellationToken cancel) {
    AttackResult r = showcase.attack(entry.folder(), a, subset, ATTACK_SEED,
        (done, total, msg) -> progress.progress(done, total, entry.name() + ": " + msg), cancel);
    return new Run(entry, r);
  }

  /**
   * Loads a data set for the other steps as the Data step finds it (cache, data folders, bundled
   * sample): the guided demo's models are MNIST models, whatever the user had loaded. The caller
   * hands the result to {@link #use}.
   */
  public Job<Dataset> load(DatasetId id) {
    Job<Dataset> job = Job.of("Loading " + id.displayName() + " for the guided demo", (progress, cancel) -> {
      DatasetLocation location =
          DatasetLocator.standard(workbench.paths(), List.of())
              .locate(id)
              .orElseThrow(() -> new UserException(id.displayName() + " was not found; download it in the Data step"));
      return DatasetLoader.load(location, progress, cancel);
    });
    job.reportingFailures(workbench.dialogs(), job.title() + " failed");
    return workbench.tasks().start(job);
  }

  /** Makes a loaded data set the one every step uses. */
  public void use(Dataset dataset) {
    state.datasetProperty().set(dataset);
  }

  /** The window's zoom (presentation mode): image tiles grow with it. */
  public javafx.beans.property.ReadOnlyDoubleProperty zoomProperty() {
    return state.zoomProperty();
  }

  /** The data set the other steps use, or null. */
  public Dataset dataset() {
    return state.datasetProperty().get();
  }

  /** A slider frame: the gallery shows it, the summary says its ε. */
  private void showFrame(Outcome frame) {
    outcome.set(frame);
    summary.set(describe(frame));
  }

  /** The ε slider over the gallery's attack. */
  public LiveEps live() {
    return live;
  }

  /** Empties the gallery and its close-up (before a guided step runs, so no old result shows under a new title). */
  public void clearOutcome() {
    live.reset();
    lastRun = null;
    outcome.set(null);
    summary.set("");
  }

  /** Which quantization bins the attack flipped for tile {@code index} of a run. */
  public Job<List<Showcase.LayerFlips>> flips(Run run, int index) {
    Outcome o = outcome.get();
    int size = o.channels() * o.height() * o.width();
    return workbench.tasks().start(Job.of("Reading activations", (progress, cancel) ->
        showcase.flips(run.model().folder(), Showcase.example(o.clean(), index, size),
            Showcase.example(run.result().adversarial(), index, size), o.channels(), o.height(), o.width())));
  }

  static String describe(Outcome o) {
    StringBuilder sb = new StringBuilder();
    for (Run r : new Run[] {o.primary(), o.twin()}) {
      if (r == null) {
        continue;
      }
      AttackResult a = r.result();
      sb.append(String.format(java.util.Locale.ROOT, "%s (%s): clean %d/%d, still correct %d/%d, success rate %.0f %%.  ",
          r.model().name(), r.model().spec().label(), a.cleanCorrect(), a.n(), a.robustCorrect(), a.n(), 100 * a.successRate()));
    }
    return sb.toString().trim() + "  (" + o.primary().result().attack() + ")";
  }

  private static int whole(String field, StringProperty p) {
    try {
      return Integer.parseInt(p.get().trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw new UserException(field + ": '" + p.get() + "' is not a whole number");
    }
  }

  private static Double optional(String field, StringProperty p) {
    String v = p.get() == null ? "" : p.get().trim();
    if (v.isEmpty()) {
      return null;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new UserException(field + ": '" + v + "' is not a number (leave empty for the default)");
    }
  }

  private static Integer optionalWhole(String field, StringProperty p) {
    String v = p.get() == null ? "" : p.get().trim();
    return v.isEmpty() ? null : whole(field, p);
  }

  /**
   * Closes the models the gallery keeps loaded (native memory), on the engine thread that uses them;
   * the window calls it when it closes.
   */
  @Override
  public void close() {
    dqa.run.EngineWorker.shared().submit(() -> {
      showcase.close();
      return null;
    });
  }

  /** Asks where to save a picture of the gallery or a tile. */
  java.util.Optional<java.nio.file.Path> chooseImageFile(String suggested) {
    return workbench.dialogs().chooseSaveFile("Save as PNG", workbench.paths().workspace().resolve(suggested),
        "PNG image", "*.png");
  }

  void saved(java.nio.file.Path file) {
    summary.set("Saved " + file);
  }

  void saveFailed(java.nio.file.Path file, Exception e) {
    workbench.dialogs().showError("Could not save the picture", file + ": " + e.getMessage(), null);
  }

  /** The guided teaching demo, which drives this form. */
  public GuidedDemo demo() {
    return demo;
  }

  public ObservableList<ModelCatalog.Entry> models() {
    return models;
  }

  public ObjectProperty<Outcome> outcomeProperty() {
    return outcome;
  }

  public ReadOnlyStringProperty validationProperty() {
    return validation.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  /** Keys for the attack choice box. */
  public List<String> attackNames() {
    return AttackSettings.NAMES;
  }
}
