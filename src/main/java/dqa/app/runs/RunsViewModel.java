package dqa.app.runs;

import dqa.app.Workbench;
import dqa.app.common.Job;
import dqa.attack.TrainingAttacks;
import dqa.data.Dataset;
import dqa.data.DatasetId;
import dqa.data.DatasetLoader;
import dqa.data.DatasetLocator;
import com.fasterxml.jackson.databind.JsonNode;
import dqa.run.AtomicFiles;
import dqa.run.CancellationToken;
import dqa.run.Json;
import dqa.run.UserException;
import dqa.train.RunFolder;
import dqa.train.RunLabel;
import dqa.train.RunManifest;
import dqa.train.TrainConfig;
import dqa.train.TrainResult;
import dqa.train.Training;
import dqa.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The Runs step: every training run of the workspace with its manifest; compare, delete, re-run. */
public final class RunsViewModel {
  /** One run as the table shows it. */
  public record Row(Path dir, String id, String network, String dataset, String status, int epochs, Double testAccuracy,
      double seconds, RunManifest manifest, String name, String note) {
    /** The name people read: the one given, else the folder's. */
    public String shownName() {
      return name != null ? name : id;
    }
  }

  /**
   * One sweep file of the workspace: what it covers, how far it got, its manifest as text, and each
   * model's worst case at the sweep's largest ε.
   */
  public record SweepRow(Path file, String name, String status, String models, String attacks, int cells,
      int totalCells, int warnings, double seconds, String manifest, List<Robustness> robustness) {
    public SweepRow {
      robustness = List.copyOf(robustness);
    }

    SweepRow(Path file, String name, String status) {
      this(file, name, status, "", "", 0, 0, 0, 0, "", List.of());
    }
  }

  /**
   * A model's accuracy in a sweep when every attack of it counts (an image is robust only if it
   * survived them all), at the largest L∞ ε the sweep reached (another norm if it had no L∞ attack).
   *
   * @param folder the model folder the sweep attacked
   */
  public record Robustness(String folder, String norm, double eps, double accuracy, List<String> attacks, boolean complete) {
    public Robustness {
      attacks = List.copyOf(attacks);
    }

    /** As the Runs table shows it: "12.5 % at ε 0.3 (fgsm, pgd)"; "(partial)" when cells are missing. */
    public String describe() {
      return String.format(java.util.Locale.ROOT, "%.1f %% at %sε %s (%s)%s", 100 * accuracy,
          norm.equals("LINF") ? "" : norm + " ", dqa.eval.EpsList.format(eps), String.join(", ", attacks),
          complete ? "" : " (partial)");
    }
  }

  private final Workbench workbench;
  private final dqa.app.WorkbenchState state;
  private final ObservableList<Row> rows = FXCollections.observableArrayList();
  private final ObservableList<SweepRow> sweeps = FXCollections.observableArrayList();
  private final ObservableList<Row> selected = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper("Select a run to see its manifest.");

  public RunsViewModel(Workbench workbench, dqa.app.WorkbenchState state) {
    this.workbench = workbench;
    this.state = state;
    state.runsChangedProperty().addListener(o -> {
      refresh();
      refreshSweeps();
    });
    selected.addListener((javafx.collections.ListChangeListener<Row>) c -> details.set(
        selected.isEmpty() ? "Select a run to see its manifest." : Json.write(selected.get(selected.size() - 1).manifest())));
  }

  /** Reads every run folder of the workspace (newest first); unreadable ones are listed as such. */
  public void refresh() {
    Path runs = workbench.paths().runs();
    rows.clear();
    if (!Files.isDirectory(runs)) {
      return;
    }
    try (Stream<Path> dirs = Files.list(runs)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
        if (!Files.isRegularFile(dir.resolve(RunManifest.FILE))) {
          continue;
        }
        try {
          RunManifest m = RunFolder.open(dir).readManifest();
          RunLabel label = RunLabel.read(dir).orElse(new RunLabel(null, null));
          rows.add(new Row(dir, m.id(), m.network(), m.data() != null ? m.data().label() : m.config().dataset(),
              status(m), m.epochsCompleted(), m.testAccuracy(), m.seconds(), m, label.name(), label.note()));
        } catch (UserException e) {
          rows.add(new Row(dir, dir.getFileName().toString(), "?", "?", "unreadable: " + e.getMessage(), 0, null, 0, null,
              null, null));
        }
      }
    } catch (IOException e) {
      workbench.dialogs().showError("Cannot list runs", runs + ": " + e.getMessage(), null);
    }
  }

  /**
   * A run's status as the table shows it: skipped optimizer steps (a non-finite gradient) and a
   * divergence are badges on it, not only lines in a log.
   */
  static String status(RunManifest m) {
    String status = m.status().toString().toLowerCase(java.util.Locale.ROOT);
    int skipped = m.epochs() == null ? 0 : m.epochs().stream().mapToInt(TrainingListener.EpochMetrics::skippedSteps).sum();
    if (m.status() == RunManifest.Status.FAILED && m.message() != null && m.message().contains("diverged")) {
      status += " ⚠ diverged";
    }
    if (skipped > 0) {
      status += String.format(java.util.Locale.ROOT, " ⚠ %,d step%s skipped", skipped, skipped == 1 ? "" : "s");
    }
    return status;
  }

  /**
   * The selected runs side by side as a table of settings: one column per run, one row per field of
   * the manifest (config, data, provenance, outcome; dotted names such as {@code config.learning_rate}).
   * With one run every field is listed; with several only the fields whose values differ, so the
   * table is the difference of their recipes and outcomes.
   *
   * @param headers "field", then each run's name
   */
  public record Comparison(List<String> headers, List<List<String>> rows) {}

  public static Comparison compare(List<Row> runs) {
    List<Row> readable = runs.stream().filter(r -> r.manifest() != null).toList();
    List<String> headers = new java.util.ArrayList<>(List.of("field"));
    List<java.util.Map<String, String>> flat = new java.util.ArrayList<>();
    java.util.Set<String> fields = new java.util.LinkedHashSet<>();
    for (Row r : readable) {
      headers.add(r.shownName());
      java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
      com.fasterxml.jackson.databind.node.ObjectNode n = Json.mapper().valueToTree(r.manifest());
      // Per-epoch series and thresholds are the charts' business, not a table's.
      for (String bulky : List.of("epochs", "initial_thresholds", "thresholds")) {
        n.remove(bulky);
      }
      if (n.has("data")) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) n.get("data")).remove("indices");
      }
      flatten("", n, values);
      values.put("skipped_steps", Integer.toString(r.manifest().epochs().stream()
          .mapToInt(TrainingListener.EpochMetrics::skippedSteps).sum()));
      fields.addAll(values.keySet());
      flat.add(values);
    }
    List<List<String>> rows = new java.util.ArrayList<>();
    for (String field : fields) {
      List<String> values = flat.stream().map(v -> v.getOrDefault(field, "")).toList();
      if (flat.size() > 1 && values.stream().distinct().count() == 1) {
        continue;
      }
      List<String> row = new java.util.ArrayList<>(List.of(field));
      row.addAll(values);
      rows.add(row);
    }
    return new Comparison(headers, rows);
  }

  private static void flatten(String prefix, JsonNode n, java.util.Map<String, String> out) {
    if (n.isObject()) {
      n.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
    } else if (n.isArray() && n.size() > 0 && n.get(0).isContainerNode()) {
      for (int i = 0; i < n.size(); i++) {
        flatten(prefix + "[" + i + "]", n.get(i), out);
      }
    } else {
      out.put(prefix, n.isArray() ? n.toString() : n.asText());
    }
  }

  /** Reads every sweep file of the workspace (newest first); unreadable ones are listed as such. */
  public void refreshSweeps() {
    Path dir = workbench.paths().sweeps();
    sweeps.clear();
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> sorted = files.filter(f -> f.getFileName().toString().endsWith(".json"))
          .sorted(Comparator.comparing((Path f) -> f.toFile().lastModified()).reversed()).toList();
      for (Path f : sorted) {
        sweeps.add(sweepRow(f));
      }
    } catch (IOException e) {
      workbench.dialogs().showError("Cannot list sweeps", dir + ": " + e.getMessage(), null);
    }
  }

  static SweepRow sweepRow(Path f) {
    String name = f.getFileName().toString();
    try {
      JsonNode n = Json.mapper().readTree(f.toFile());
      if (!n.has("cells") || !n.has("config")) {
        return new SweepRow(f, name, "not a sweep", "", "", 0, 0, 0, 0, n.toPrettyString(), List.of());
      }
      JsonNode config = n.get("config");
      int total = config.path("models").size() * config.path("attacks").size() * config.path("eps").size();
      int warnings = 0;
      for (JsonNode c : n.path("checks")) {
        if ("WARN".equalsIgnoreCase(c.path("verdict").asText())) {
          warnings++;
        }
      }
      List<String> models = new java.util.ArrayList<>();
      for (JsonNode m : n.path("models")) {
        models.add(m.path("network").asText(m.path("ref").asText()));
      }
      List<String> attacks = new java.util.ArrayList<>();
      for (JsonNode a : config.path("attacks")) {
        String gradient = a.path("gradient").asText("ste");
        attacks.add(a.path("name").asText() + (gradient.equals("ste") ? "" : "[" + gradient + "]"));
      }
      // The manifest without the per-example outcomes, which can run to megabytes.
      com.fasterxml.jackson.databind.node.ObjectNode manifest = n.deepCopy();
      manifest.remove("outcomes");
      return new SweepRow(f, name, n.path("status").asText("?").toLowerCase(java.util.Locale.ROOT),
          String.join(", ", models), String.join(", ", attacks), n.path("cells").size(), total, warnings,
          n.path("seconds").asDouble(), manifest.toPrettyString(), robustness(n));
    } catch (IOException | RuntimeException e) {
      return new SweepRow(f, name, "unreadable: " + e.getMessage());
    }
  }

  /** Each model's worst case at the largest ε of its L∞ attacks (or of another norm without one). */
  private static List<Robustness> robustness(JsonNode sweep) {
    Map<Integer, JsonNode> best = new java.util.TreeMap<>();
    for (JsonNode w : sweep.path("worst_case")) {
      int model = w.path("model_index").asInt(-1);
      JsonNode old = best.get(model);
      if (old == null || rank(w) > rank(old)) {
        best.put(model, w);
      }
    }
    List<Robustness> out = new java.util.ArrayList<>();
    JsonNode models = sweep.path("models");
    best.forEach((i, w) -> {
      List<String> attacks = new java.util.ArrayList<>();
      w.path("attacks").forEach(a -> attacks.add(a.asText()));
      out.add(new Robustness(models.path(i).path("folder").asText(""), w.path("norm").asText("LINF"),
          w.path("eps").asDouble(), w.path("robust_accuracy").asDouble(), attacks, w.path("complete").asBoolean(false)));
    });
    return out;
  }

  /** L∞ before any other norm, then the larger ε. */
  private static double rank(JsonNode w) {
    return ("LINF".equals(w.path("norm").asText()) ? 1e6 : 0) + w.path("eps").asDouble();
  }

  /**
   * What the newest sweep that attacked a run's model says of it ({@link Robustness#describe}), or
   * empty when no sweep of the workspace did.
   */
  public String robustnessOf(Row run) {
    for (SweepRow sweep : sweeps) {
      for (Robustness r : sweep.robustness()) {
        if (!r.folder().isEmpty() && Path.of(r.folder()).toAbsolutePath().normalize()
            .startsWith(run.dir().toAbsolutePath().normalize())) {
          return r.describe();
        }
      }
    }
    return "";
  }

  private java.util.function.Consumer<Path> sweepOpener = file -> {};

  /** Where Open sends a sweep file (the window: the Robustness step, which draws it as its chart). */
  public void onOpenSweep(java.util.function.Consumer<Path> opener) {
    sweepOpener = opener;
  }

  /**
   * Opens a sweep as its chart and table; false, with an error shown, when it cannot be (nothing
   * selected, not a sweep, no finished cell to draw yet).
   */
  public boolean openSweep(SweepRow row) {
    try {
      if (row == null) {
        throw new UserException("Select a sweep to open");
      }
      if (row.cells() == 0) {
        throw new UserException(row.file() + ": " + (row.status().startsWith("unreadable") || row.status().equals("not a sweep")
            ? row.status() : "no finished cell to draw yet"));
      }
      sweepOpener.accept(row.file());
      return true;
    } catch (UserException e) {
      workbench.dialogs().showError("Cannot open the sweep", e.getMessage(), null);
      return false;
    }
  }

  /** Shows a sweep's manifest in the details. */
  public void showSweep(SweepRow row) {
    details.set(row == null ? "Select a run or sweep to see its manifest." : row.manifest());
  }

  /** Deletes a sweep file after the user confirms. */
  public boolean deleteSweep(SweepRow row) {
    if (!workbench.dialogs().confirm("Delete sweep", "Delete " + row.file() + "? Its results are gone for good.")) {
      return false;
    }
    try {
      Files.deleteIfExists(row.file());
    } catch (IOException e) {
      workbench.dialogs().showError("Cannot delete the sweep", row.file() + ": " + e.getMessage(), null);
      return false;
    }
    refreshSweeps();
    return true;
  }

  public ObservableList<SweepRow> sweeps() {
    return sweeps;
  }

  /**
   * Gives a run a name (blank: back to its folder's name); the model pickers and later sweeps use it.
   * A refused name is shown as an error and nothing changes; returns whether it was saved.
   */
  public boolean rename(Row row, String name) {
    return relabel(row, () -> new RunLabel(name, row.note()));
  }

  /** Sets a run's note (blank: none); returns whether it was saved. */
  /** A table cell's text for a long or several-line value: the first line, cut at 60 characters, "…" when anything was left out. */
  static String shortened(String text) {
    String first = text.lines().findFirst().orElse("");
    boolean more = !first.equals(text.strip()) || first.length() > 60;
    return more ? (first.length() > 60 ? first.substring(0, 59) : first) + " …" : first;
  }

  public boolean annotate(Row row, String note) {
    return relabel(row, () -> new RunLabel(row.name(), note));
  }

  private boolean relabel(Row row, java.util.function.Supplier<RunLabel> label) {
    try {
      label.get().write(row.dir());
    } catch (UserException e) {
      workbench.dialogs().showError("The run keeps its label", e.getMessage(), null);
      refresh();
      return false;
    }
    refresh();
    state.runsChanged();
    return true;
  }

  /** Deletes a run folder after the user confirms. */
  public boolean delete(Row row) {
    if (!workbench.dialogs().confirm("Delete run", "Delete " + row.dir() + " and everything in it?")) {
      return false;
    }
    AtomicFiles.deleteRecursively(row.dir());
    refresh();
    return true;
  }

  /** Trains again from a run's recipe (same seed) into a new run folder. */
  public Job<TrainResult> rerun(Row row) {
    TrainConfig config = readable(row).config();
    return training("Re-running " + row.id(), "Re-run", config, (data, listener, cancel) -> {
      RunFolder folder = RunFolder.create(null, workbench.paths().runs(), "rerun-" + row.id());
      return Training.start(config, data, folder, TrainingAttacks.forRecipe(config), listener, cancel);
    });
  }

  /**
   * Whether a run stopped before its last epoch (cancelled, failed, or still marked running after a
   * crash) and has a complete epoch's checkpoint to go on from (cancelled in its first epoch, it has none).
   */
  public static boolean resumable(Row row) {
    return row != null && row.manifest() != null && RunFolder.resumable(row.dir());
  }

  /**
   * Continues a cancelled or crashed run in its own folder from its last complete checkpoint; with
   * the optimizer state the checkpoint holds, the result is the one an uninterrupted run gives.
   */
  public Job<TrainResult> resume(Row row) {
    RunManifest manifest = readable(row);
    if (!resumable(row)) {
      throw new UserException(row.dir() + ": the run is complete; Re-run trains it again into a new folder");
    }
    TrainConfig config = manifest.config();
    return training("Resuming " + row.id(), "Resuming", config, (data, listener, cancel) ->
        Training.resume(RunFolder.open(row.dir()), data, TrainingAttacks.forRecipe(config), listener, cancel));
  }

  private static RunManifest readable(Row row) {
    if (row.manifest() == null) {
      throw new UserException(row.dir() + ": the manifest cannot be read");
    }
    return row.manifest();
  }

  /** How a training job runs once its data set is loaded. */
  private interface TrainingJob {
    TrainResult run(Dataset data, TrainingListener listener, CancellationToken cancel);
  }

  private Job<TrainResult> training(String title, String what, TrainConfig config, TrainingJob job) {
    Job<TrainResult> training = Job.of(title, (progress, cancel) -> {
      DatasetId id = DatasetId.parse(config.dataset());
      Dataset data = DatasetLoader.load(DatasetLocator.standard(workbench.paths(), List.of()).locate(id)
          .orElseThrow(() -> new UserException(id.displayName() + " is not available; load it in the Data step")));
      return job.run(data, new TrainingListener() {
        @Override
        public void batchFinished(BatchMetrics m) {
          progress.progress(m.step(), (long) m.batchesPerEpoch() * config.epochs(), "epoch " + m.epoch() + ", batch " + m.batch());
        }
      }, cancel);
    });
    training.onSucceeded(r -> {
          state.runsChanged(); // this list and every model list learn of the finished run
          workbench.dialogs().notify(what + " finished: " + r.runDir().getFileName());
        })
        .onCancelled(this::refresh)
        .onFailed(t -> refresh())
        .reportingFailures(workbench.dialogs(), what + " failed");
    return workbench.tasks().start(training);
  }

  public ObservableList<Row> rows() {
    return rows;
  }

  public ObservableList<Row> selected() {
    return selected;
  }

  public ReadOnlyStringProperty detailsProperty() {
    return details.getReadOnlyProperty();
  }
}
