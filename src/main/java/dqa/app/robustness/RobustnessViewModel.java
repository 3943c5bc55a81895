package dqa.app.robustness;

import dqa.app.Workbench;
import dqa.app.WorkbenchState;
import dqa.app.common.EngineTasks.EngineTask;
import dqa.attack.AttackSettings;
import dqa.data.Dataset;
import dqa.eval.AttackSpecs;
import dqa.eval.Charts;
import dqa.eval.Check;
import dqa.eval.EpsList;
import dqa.eval.ModelResolver;
import dqa.eval.ReportFiles;
import dqa.eval.SanityChecks;
import dqa.eval.Sweep;
import dqa.eval.SweepCell;
import dqa.eval.SweepConfig;
import dqa.eval.SweepListener;
import dqa.eval.SweepResult;
import dqa.eval.TestSubset;
import dqa.eval.TransferConfig;
import dqa.eval.TransferResult;
import dqa.eval.WorstCase;
import dqa.run.CancellationToken;
import dqa.run.CancelledException;
import dqa.run.DeviceChoice;
import dqa.run.Json;
import dqa.run.ProgressListener;
import dqa.run.Sha256;
import dqa.run.UserException;
import dqa.train.ModelCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Robustness step: a sweep of models × attacks × ε on the first N test images, with a live
 * accuracy-vs-ε chart and result table filled as cells stream in, the sanity checks, a transfer
 * matrix between the ticked models, and exports (chart PNG/SVG, CSV, JSON, HTML report).
 *
 * <p>Sweeps and transfer matrices are written to {@code workspace/sweeps}, one JSON file each, named
 * by a hash of the config and the data set: pressing Run again with the same form resumes an
 * interrupted sweep instead of starting over (see {@link Sweep}).
 */
public final class RobustnessViewModel {
  static final String DEFAULT_ATTACKS = "fgsm,pgd";
  static final String DEFAULT_EPS = "0:0.3:0.05";
  static final String DEFAULT_IMAGES = "200";

  private final Workbench workbench;
  private final WorkbenchState state;
  private final Executor fxThread;

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
  private final ReadOnlyStringWrapper status =
      new ReadOnlyStringWrapper("Tick models, list attacks and budgets, then press Run.");
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();

  private final ObservableList<SweepCell> cells = FXCollections.observableArrayList();
  private final ObservableList<WorstCase> worstCase = FXCollections.observableArrayList();
  private final ObservableList<Row> rows = FXCollections.observableArrayList();
  private final ObservableList<Check> checks = FXCollections.observableArrayList();
  private final ReadOnlyObjectWrapper<Charts.LineChart> chart = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<SweepResult> result = new ReadOnlyObjectWrapper<>();
  private final TransferJob transferJob;
  private final ExportJob exportJob;
  private final ReadOnlyObjectWrapper<Path> sweepFile = new ReadOnlyObjectWrapper<>();

  // Results arrive on the engine thread; they wait here until one FX pulse takes all of them.
  private final ConcurrentLinkedQueue<Streamed> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private volatile int generation;
  private String chartTitle = "Accuracy under attack";

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

  /**
   * One line of the result table: a cell, or a model's worst case across attacks ({@code attack}
   * "any attack", no time of its own).
   *
   * @param successRate share of the clean-correct images the attack broke
   * @param seconds wall time of the cell (null for a worst-case row)
   */
  public record Row(String model, String attack, double eps, double cleanAccuracy, double robustAccuracy,
      double successRate, int n, Double seconds, boolean worstCase) {

    static Row of(SweepCell c) {
      return new Row(c.network(), c.attack(), c.eps(), c.cleanAccuracy(), c.robustAccuracy(), c.successRate(), c.n(),
          c.seconds(), false);
    }

    static Row of(WorstCase w) {
      double success = w.cleanCorrect() == 0 ? 0 : 1 - (double) w.robustCorrect() / w.cleanCorrect();
      return new Row(w.network(), "any attack", w.eps(), w.cleanAccuracy(), w.robustAccuracy(), success, w.n(), null,
          true);
    }
  }

  /** What can be exported, with the file type offered in the save dialog. */
  public enum Export {
    PNG("Accuracy-vs-ε chart (PNG)", ReportFiles.Kind.PNG),
    SVG("Accuracy-vs-ε chart (SVG)", ReportFiles.Kind.SVG),
    CSV("Results as CSV (cells, worst case, checks)", ReportFiles.Kind.CSV),
    JSON("Sweep file (JSON)", ReportFiles.Kind.JSON),
    HTML("HTML report", ReportFiles.Kind.HTML);

    final String description;
    final String extension;
    final ReportFiles.Kind kind;

    Export(String description, ReportFiles.Kind kind) {
      this.description = description;
      this.extension = kind.extension();
      this.kind = kind;
    }
  }

  /** Something the sweep reported, tagged with the run it belongs to. */
  private record Streamed(int generation, Object value) {}

  public RobustnessViewModel(Workbench workbench, WorkbenchState state) {
    this(workbench, state, Platform::runLater);
  }

  /** With the executor that reaches the FX thread (tests may run inline). */
  RobustnessViewModel(Workbench workbench, WorkbenchState state, Executor fxThread) {
    this.workbench = workbench;
    this.state = state;
    this.fxThread = fxThread;
    this.transferJob = new TransferJob(workbench, running, status::set);
    this.exportJob = new ExportJob(workbench, status::set);
    restore();
    for (javafx.beans.Observable o : List.of(attacks, eps, images, state.datasetProperty())) {
      o.addListener(x -> validate());
    }
    state.runsChangedProperty().addListener(o -> refreshModels());
    // A matrix measured on other images says nothing about the new data set's sweeps.
    state.datasetProperty().addListener(o -> transferJob.clear());
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
      // Like the Attack step: with nothing remembered, the newest model is the likely subject.
      fresh.get(0).selected.set(true);
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

  // ---------------------------------------------------------------- the sweep

  /** Where the sweep of a config on a data set is written: the same form gives the same file. */
  Path sweepFileFor(SweepConfig config, Dataset d) {
    String key = Sha256.of(Json.write(config) + "\n" + d.sha256() + "\n" + d.location().describe()).substring(0, 12);
    return workbench.paths().sweeps().resolve("sweep-" + config.dataset() + "-" + key + ".json");
  }

  /** Runs (or resumes) the sweep on the engine thread; cells reach the chart and table as they finish. */
  public EngineTask<SweepResult> run() {
    SweepConfig config = config();
    Dataset d = state.datasetProperty().get();
    Path out = sweepFileFor(config, d);
    boolean withChecks = sanityChecks.get();
    remember();
    int gen = ++generation;
    clearResults();
    chartTitle = String.format(Locale.ROOT, "Accuracy under attack — %s, %d test images",
        d != null && d.id().key().equals(config.dataset()) ? d.displayName() : config.dataset(), config.subset().size());
    chart.set(Charts.accuracyVsEps(chartTitle, List.of(), List.of()));
    sweepFile.set(out);
    running.set(true);
    status.set("Starting the sweep: " + config.cellCount() + " cells…");
    ModelResolver resolver = ModelResolver.standard(workbench.paths().models());
    EngineTask<SweepResult> task = new EngineTask<>("Robustness sweep") {
      @Override
      protected SweepResult work(ProgressListener progress, CancellationToken cancel) {
        Sweep sweep = Sweep.builder()
            .setConfig(config)
            .setData(d)
            .optModels(resolver)
            .optDevice(DeviceChoice.AUTO.resolve().device())
            .optOutput(out)
            .optChecks(withChecks)
            .optCancel(cancel)
            .optProgress(progress)
            .optListener(listener(gen))
            .build();
        int before = sweep.cellsAlreadyDone();
        if (before > 0) {
          progress.progress(0, 0, "resuming: " + before + " of " + config.cellCount() + " cells already done");
        }
        return sweep.run();
      }
    };
    task.setOnSucceeded(e -> {
      if (gen == generation) {
        finished(task.getValue());
      }
    });
    task.setOnCancelled(e -> {
      if (gen == generation) {
        stopped(out, "Cancelled.");
      }
    });
    task.setOnFailed(e -> {
      if (gen != generation) {
        return;
      }
      Throwable t = task.getException();
      stopped(out, "Failed: " + t.getMessage() + ".");
      if (!(t instanceof CancelledException)) {
        workbench.dialogs().showError("The sweep failed", t.getMessage(), t instanceof UserException ? null : t);
      }
    });
    return workbench.tasks().start(task);
  }

  /** What the sweep of run number {@code gen} reports to; package-private for the batching test. */
  SweepListener listener(int gen) {
    return new SweepListener() {
      @Override
      public void cellFinished(SweepCell cell) {
        post(gen, cell);
      }

      @Override
      public void cellRestored(SweepCell cell) {
        post(gen, cell);
      }

      @Override
      public void worstCaseUpdated(WorstCase w) {
        post(gen, w);
      }
    };
  }

  private void post(int gen, Object value) {
    pending.add(new Streamed(gen, value));
    if (drainScheduled.compareAndSet(false, true)) {
      fxThread.execute(this::drain);
    }
  }

  /** Takes everything that arrived since the last pulse into the lists in one change each (FX thread). */
  void drain() {
    drainScheduled.set(false);
    List<SweepCell> newCells = new ArrayList<>();
    Map<String, WorstCase> worst = new LinkedHashMap<>();
    for (WorstCase w : worstCase) {
      worst.put(key(w), w);
    }
    boolean worstChanged = false;
    for (Streamed s; (s = pending.poll()) != null; ) {
      if (s.generation() != generation) {
        continue;
      }
      if (s.value() instanceof SweepCell c) {
        // After a cancel the table is reloaded from the file, which may already hold a late cell.
        if (cells.stream().noneMatch(k -> k.at(c.modelIndex(), c.attackIndex(), c.eps()))) {
          newCells.add(c);
        }
      } else if (s.value() instanceof WorstCase w) {
        worst.put(key(w), w);
        worstChanged = true;
      }
    }
    if (newCells.isEmpty() && !worstChanged) {
      return;
    }
    if (worstChanged) {
      worstCase.setAll(worst.values());
    }
    cells.addAll(newCells);
    showCurrent();
    SweepCell last = newCells.isEmpty() ? null : newCells.get(newCells.size() - 1);
    if (last != null && running.get()) {
      status.set(String.format(Locale.ROOT, "%d cells done; last: %s · %s ε %s → %.1f %%", cells.size(),
          last.network(), last.attack(), EpsList.format(last.eps()), 100 * last.robustAccuracy()));
    }
  }

  private static String key(WorstCase w) {
    return w.modelIndex() + "/" + w.norm() + "/" + w.eps();
  }

  /** Table rows and chart from the cells and worst cases held now. */
  private void showCurrent() {
    List<Row> r = new ArrayList<>();
    for (SweepCell c : cells) {
      r.add(Row.of(c));
    }
    for (WorstCase w : worstCase) {
      if (w.attacks().size() > 1) {
        r.add(Row.of(w));
      }
    }
    rows.setAll(r);
    chart.set(Charts.accuracyVsEps(chartTitle, cells, worstCase));
  }

  private void finished(SweepResult r) {
    running.set(false);
    show(r);
    long warnings = r.checks().stream().filter(c -> c.warns()).count();
    status.set(String.format(Locale.ROOT, "Completed: %d cells on %d images in %.1f s%s — saved in %s",
        r.cells().size(), r.data().n(), r.seconds(),
        r.checks().isEmpty() ? "" : ", " + warnings + " of " + r.checks().size() + " sanity checks warn",
        sweepFile.get()));
    workbench.dialogs().notify("Sweep finished: " + r.cells().size() + " cells");
  }

  /** After a cancel or failure: shows what the sweep file holds, and how to go on. */
  private void stopped(Path out, String what) {
    running.set(false);
    int done = cells.size();
    try {
      if (Files.isRegularFile(out)) {
        SweepResult partial = Json.readFile(out, SweepResult.class);
        show(partial);
        done = partial.cells().size();
      }
    } catch (RuntimeException e) {
      // The table already shows what arrived; the file is for resuming.
    }
    status.set(what + " " + done + " cells are kept in " + out + "; press Run with the same settings to resume.");
  }

  /** Shows a whole sweep (final, or as far as a file got). */
  private void show(SweepResult r) {
    result.set(r);
    chartTitle = Charts.accuracyVsEps(r).title();
    cells.setAll(r.cells());
    worstCase.setAll(r.worstCase());
    showCurrent();
    checks.setAll(withTransfer(r, transferJob.get()));
  }

  /**
   * The sweep's checks, redone with the transfer matrix when there is one (the "no black-box attack
   * beats white-box" check then has transfer numbers to go on); none when the sweep ran without.
   */
  static List<Check> withTransfer(SweepResult s, TransferResult t) {
    return t != null && s.cellsComplete() && !s.checks().isEmpty() ? SanityChecks.forReport(s, t) : s.checks();
  }

  private void clearResults() {
    pending.clear();
    cells.clear();
    worstCase.clear();
    rows.clear();
    checks.clear();
    result.set(null);
  }

  /**
   * Runs a command of the view; a problem found only when it starts (a model deleted meanwhile, a
   * full disk) is shown in a dialog rather than thrown into the FX thread.
   */
  public void attempt(Runnable command) {
    try {
      command.run();
    } catch (UserException e) {
      workbench.dialogs().showError("Cannot start", e.getMessage(), null);
    } catch (RuntimeException e) {
      workbench.dialogs().showError("Cannot start", String.valueOf(e.getMessage()), e);
    }
  }

  /** Cancels the running sweep or transfer matrix; finished cells stay in the sweep file. */
  public void cancel() {
    workbench.tasks().cancelRunning();
  }

  // ---------------------------------------------------------------- transfer matrix

  /**
   * The transfer matrix of the ticked models under the first attack at the largest ε, on the same
   * images as the sweep; or a message saying what is missing.
   */
  public TransferConfig transferConfig() {
    SweepConfig c = config();
    if (c.models().size() < 2) {
      throw new UserException("Transfer matrix: tick at least two models");
    }
    return new TransferConfig(c.dataset(), c.models(), c.attacks().get(0), c.eps().get(c.eps().size() - 1), c.subset(),
        c.batch(), c.seed());
  }

  /** Computes the transfer matrix on the engine thread and saves it next to the sweeps. */
  public EngineTask<TransferResult> runTransfer() {
    return transferJob.start(transferConfig(), state.datasetProperty().get(), r -> {
      if (result.get() != null) {
        checks.setAll(withTransfer(result.get(), r));
      }
    });
  }

  // ---------------------------------------------------------------- export

  /**
   * Asks where to save, then writes the export on the engine queue (atomically); empty when the
   * user declined the dialog.
   */
  public java.util.Optional<EngineTask<List<Path>>> export(Export kind) {
    return exportJob.start(kind, result.get(), transferJob.get(),
        sweepFile.get() == null ? "robustness" : stem(sweepFile.get()));
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  // ---------------------------------------------------------------- settings

  private void remember() {
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

  // ---------------------------------------------------------------- properties

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

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  /** True when Run may be pressed: a valid form and no job of any view running. */
  public BooleanBinding canRun() {
    return Bindings.createBooleanBinding(
        () -> validation.get().isEmpty() && !running.get() && !workbench.tasks().isBusy(), validation, running,
        workbench.tasks().runningProperty());
  }

  /** True when a transfer matrix can be computed: a valid form with two or more models, and idle. */
  public BooleanBinding canTransfer() {
    return Bindings.createBooleanBinding(
        () -> validation.get().isEmpty() && !running.get() && !workbench.tasks().isBusy()
            && models.stream().filter(c -> c.selected.get()).count() >= 2,
        validation, running, workbench.tasks().runningProperty(), models);
  }

  /** True when there is a sweep to export. */
  public BooleanBinding canExport() {
    return Bindings.createBooleanBinding(() -> result.get() != null && !workbench.tasks().isBusy(), result,
        workbench.tasks().runningProperty());
  }

  /** Cells so far, in the order they finished (config order once the sweep is done). */
  public ObservableList<SweepCell> cells() {
    return cells;
  }

  public ObservableList<Row> rows() {
    return rows;
  }

  public ObservableList<Check> checks() {
    return checks;
  }

  /** The accuracy-vs-ε chart of what is known so far, as plain data (null before the first run). */
  public ReadOnlyObjectProperty<Charts.LineChart> chartProperty() {
    return chart.getReadOnlyProperty();
  }

  /** The finished (or, after a cancel, partial) sweep; null before. */
  public ReadOnlyObjectProperty<SweepResult> resultProperty() {
    return result.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<TransferResult> transferProperty() {
    return transferJob.resultProperty();
  }

  /** The sweep file of the current or last sweep. */
  public ReadOnlyObjectProperty<Path> sweepFileProperty() {
    return sweepFile.getReadOnlyProperty();
  }
}
