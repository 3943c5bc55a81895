package dqa.app.robustness;

import dqa.app.Workbench;
import dqa.app.WorkbenchState;
import dqa.app.common.Job;
import dqa.app.common.UiQueue;
import dqa.data.Dataset;
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
import dqa.eval.TransferConfig;
import dqa.eval.TransferResult;
import dqa.eval.WorstCase;
import dqa.run.DeviceChoice;
import dqa.run.Json;
import dqa.run.Sha256;
import dqa.run.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
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
  private final Workbench workbench;
  private final WorkbenchState state;
  private final SweepForm form;
  public final StringProperty attacks;
  public final StringProperty eps;
  public final StringProperty images;
  public final BooleanProperty sanityChecks;

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
  private final UiQueue<Streamed> streamed;
  private volatile int generation;
  private String chartTitle = "Accuracy under attack";

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
    this.streamed = new UiQueue<>(fxThread, this::showStreamed);
    this.form = new SweepForm(workbench, state);
    this.attacks = form.attacks;
    this.eps = form.eps;
    this.images = form.images;
    this.sanityChecks = form.sanityChecks;
    this.transferJob = new TransferJob(workbench, running, status::set);
    this.exportJob = new ExportJob(workbench, status::set);
    // A matrix measured on other images says nothing about the new data set's sweeps.
    state.datasetProperty().addListener(o -> transferJob.clear());
  }

  /** Lists the shipped models and finished runs again, keeping the ticks. */
  public void refreshModels() {
    form.refreshModels();
  }

  /** The sweep the form describes, or a message naming the field. */
  public SweepConfig config() {
    return form.config();
  }


  // ---------------------------------------------------------------- the sweep

  /** Where the sweep of a config on a data set is written: the same form gives the same file. */
  Path sweepFileFor(SweepConfig config, Dataset d) {
    String key = Sha256.of(Json.write(config) + "\n" + d.sha256() + "\n" + d.location().describe()).substring(0, 12);
    return workbench.paths().sweeps().resolve("sweep-" + config.dataset() + "-" + key + ".json");
  }

  /** Runs (or resumes) the sweep on the engine thread; cells reach the chart and table as they finish. */
  public Job<SweepResult> run() {
    SweepConfig config = config();
    Dataset d = state.datasetProperty().get();
    Path out = sweepFileFor(config, d);
    boolean withChecks = sanityChecks.get();
    form.remember();
    int gen = ++generation;
    clearResults();
    chartTitle = String.format(Locale.ROOT, "Accuracy under attack — %s, %d test images",
        d != null && d.id().key().equals(config.dataset()) ? d.displayName() : config.dataset(), config.subset().size());
    chart.set(Charts.accuracyVsEps(chartTitle, List.of(), List.of()));
    sweepFile.set(out);
    running.set(true);
    status.set("Starting the sweep: " + config.cellCount() + " cells…");
    ModelResolver resolver = ModelResolver.standard(workbench.paths().models());
    Job<SweepResult> job = Job.of("Robustness sweep", (progress, cancel) -> {
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
    });
    // A later run's start made this one's ends moot: its panels belong to the new run.
    job.onSucceeded(r -> {
          if (gen == generation) {
            finished(r);
          }
        })
        .onCancelled(() -> {
          if (gen == generation) {
            stopped(out, "Cancelled.");
          }
        })
        .onFailed(t -> {
          if (gen == generation) {
            stopped(out, "Failed: " + t.getMessage() + ".");
            workbench.dialogs().showError("The sweep failed", t.getMessage(), t instanceof UserException ? null : t);
          }
        });
    return workbench.tasks().start(job);
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
    streamed.post(new Streamed(gen, value));
  }

  /** Takes everything that arrived since the last pulse into the lists in one change each (FX thread). */
  private void showStreamed(List<Streamed> batch) {
    List<SweepCell> newCells = new ArrayList<>();
    Map<String, WorstCase> worst = new LinkedHashMap<>();
    for (WorstCase w : worstCase) {
      worst.put(key(w), w);
    }
    boolean worstChanged = false;
    for (Streamed s : batch) {
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

  /**
   * Shows a saved sweep (from the Runs step) as if it had just run: its chart, table and checks; the
   * form keeps its settings. Throws naming the file when it is not a readable sweep.
   */
  public void open(Path file) {
    if (running.get()) {
      throw new UserException("A sweep is running: cancel it before opening another");
    }
    SweepResult r;
    try {
      r = Json.readFile(file, SweepResult.class);
    } catch (RuntimeException e) {
      throw new UserException(file + ": not a readable sweep file (" + e.getMessage() + ")");
    }
    if (r == null || r.cells() == null || r.config() == null) {
      throw new UserException(file + ": not a sweep file");
    }
    generation++; // cells still streaming from an earlier run are not this sweep's
    clearResults();
    sweepFile.set(file);
    show(r);
    status.set(String.format(Locale.ROOT, "Opened %s: %d of %d cells (%s)", file.getFileName(), r.cells().size(),
        r.config().cellCount(), r.status().toString().toLowerCase(Locale.ROOT)));
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
  public Job<TransferResult> runTransfer() {
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
  public java.util.Optional<Job<List<Path>>> export(Export kind) {
    return exportJob.start(kind, result.get(), transferJob.get(),
        sweepFile.get() == null ? "robustness" : stem(sweepFile.get()));
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  // ---------------------------------------------------------------- properties

  public ObservableList<SweepForm.ModelChoice> models() {
    return form.models();
  }

  public ReadOnlyStringProperty modelsMessageProperty() {
    return form.modelsMessageProperty();
  }

  public ReadOnlyStringProperty attacksMessageProperty() {
    return form.attacksMessageProperty();
  }

  public ReadOnlyStringProperty epsMessageProperty() {
    return form.epsMessageProperty();
  }

  public ReadOnlyStringProperty imagesMessageProperty() {
    return form.imagesMessageProperty();
  }

  /** The first problem of the form ("" when it can run). */
  public ReadOnlyStringProperty validationProperty() {
    return form.validationProperty();
  }

  /** A problem of the form that no field shows next to itself (no data set loaded, …), else "". */
  public ReadOnlyStringProperty formMessageProperty() {
    return form.formMessageProperty();
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
        () -> form.validationProperty().get().isEmpty() && !running.get() && !workbench.tasks().isBusy(),
        form.validationProperty(), running,
        workbench.tasks().runningProperty());
  }

  /** True when a transfer matrix can be computed: a valid form with two or more models, and idle. */
  public BooleanBinding canTransfer() {
    return Bindings.createBooleanBinding(
        () -> form.validationProperty().get().isEmpty() && !running.get() && !workbench.tasks().isBusy()
            && form.models().stream().filter(c -> c.selectedProperty().get()).count() >= 2,
        form.validationProperty(), running, workbench.tasks().runningProperty(), form.models());
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
