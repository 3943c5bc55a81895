package dqa.app;

import dqa.app.common.EngineTasks;
import dqa.app.common.FxStallMonitor;
import dqa.app.common.Settings;
import dqa.app.robustness.SweepForm.ModelChoice;
import dqa.data.Dataset;
import dqa.data.DatasetId;
import dqa.data.DatasetLoader;
import dqa.data.DatasetLocator;
import dqa.run.AppPaths;
import dqa.run.CancellationToken;
import dqa.run.EngineWorker;
import dqa.run.Json;
import dqa.run.Provenance;
import dqa.train.RunFolder;
import dqa.train.TrainConfig;
import dqa.train.Training;
import dqa.attack.TrainingAttacks;
import dqa.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window's cost, measured: the same training run from the Train view (live loss, accuracy and
 * threshold charts) and headless (the training loop with no listener, as {@code train} runs it), in
 * alternating order on the same engine thread and data, then a sweep from the Robustness view; the
 * longest FX-thread stall of each job comes from {@link EngineTasks#lastJobProperty()}. Writes JSON
 * to the file named by {@code -Ddqa.bench.window=FILE} and is skipped without it; run by
 * {@code src/bench/window-vs-headless.sh}. Not a pass/fail test: the numbers go to PERFORMANCE.md.
 */
@Tag("bench")
@ExtendWith(ApplicationExtension.class)
class WindowTrainingBench {
  @TempDir static Path home;
  EngineTasks tasks = new EngineTasks();
  WorkbenchState state = new WorkbenchState();
  RecordingDialogs dialogs = new RecordingDialogs();
  MainWindow window;
  AppPaths paths;

  /** The window's models go with it (the app closes them when its stage hides). */
  @org.junit.jupiter.api.AfterEach
  void closeWindow() {
    if (window != null) {
      window.close();
    }
  }

  @Start
  void start(Stage stage) {
    paths = TestPaths.inHome(home);
    window = WorkbenchApp.build(new Workbench(paths, tasks, Settings.inMemory(), dialogs), state);
    Scene scene = new Scene(window, 1280, 820);
    stage.setScene(scene);
    stage.show();
  }

  private static void set(FxRobot robot, String id, String text) {
    robot.interact(() -> robot.lookup(id).queryAs(TextField.class).setText(text));
  }

  private void waitUntilIdle(FxRobot robot, String statusId) throws Exception {
    WaitForAsyncUtils.waitFor(3600, TimeUnit.SECONDS, () -> !tasks.isBusy());
    WaitForAsyncUtils.waitForFxEvents();
    if (!dialogs.errors.isEmpty()) {
      throw new AssertionError(robot.lookup(statusId).queryAs(Label.class).getText() + "; errors " + dialogs.errors);
    }
  }

  @Test
  void windowAgainstHeadless(FxRobot robot) throws Exception {
    String target = System.getProperty("dqa.bench.window");
    Assumptions.assumeTrue(target != null && !target.isBlank(), "set -Ddqa.bench.window=FILE to measure the window");
    Path dataDir = Path.of(System.getProperty("dqa.bench.data-dir", "../shared/datasets"));
    String activation = System.getProperty("dqa.bench.act", "relu");
    int epochs = Integer.getInteger("dqa.bench.epochs", 2);
    int rounds = Integer.getInteger("dqa.bench.rounds", 2);
    int sweepImages = Integer.getInteger("dqa.bench.sweep-images", 1000);
    int trainLimit = Integer.getInteger("dqa.bench.train-limit", 0); // 0: all 60,000 (a smaller one for smoke runs)

    Dataset data = DatasetLoader.load(DatasetLocator.standard(paths, List.of(dataDir)).locate(DatasetId.MNIST)
        .orElseThrow(() -> new AssertionError("MNIST not found in " + dataDir.toAbsolutePath())));
    robot.interact(() -> state.datasetProperty().set(data));
    robot.interact(() -> window.show("train"));
    set(robot, "#train-activation", activation);
    set(robot, "#train-epochs", String.valueOf(epochs));
    set(robot, "#train-batch", "128");
    set(robot, "#train-limit", String.valueOf(trainLimit));

    List<Map<String, Object>> runs = new ArrayList<>();
    TrainConfig config = null;
    for (int round = 0; round < rounds; round++) {
      // Alternate the order so that warm-up and drift favour neither side.
      boolean windowFirst = round % 2 == 0;
      for (int side = 0; side < 2; side++) {
        boolean inWindow = (side == 0) == windowFirst;
        if (inWindow) {
          List<Path> before = runFolders(paths.runs());
          robot.clickOn("#train-start");
          waitUntilIdle(robot, "#train-status");
          List<Path> after = runFolders(paths.runs());
          after.removeAll(before);
          if (after.size() != 1) {
            throw new AssertionError("expected one new run folder, found " + after);
          }
          Path run = after.get(0);
          config = RunFolder.open(run).readManifest().config();
          runs.add(result("window", round, epochsPerSecond(run), tasks.lastJobProperty().get()));
        } else {
          if (config == null) {
            continue; // the headless side copies the window's config, so the window goes first once
          }
          TrainConfig c = config;
          List<Double> perEpoch = new ArrayList<>();
          TrainingListener listener = new TrainingListener() {
            @Override
            public void epochFinished(EpochMetrics m) {
              perEpoch.add(m.imagesPerSecond());
            }
          };
          EngineWorker.shared().call(() -> Training.start(c, data, RunFolder.create(null, home.resolve("headless"), "headless"),
              TrainingAttacks.forRecipe(c), listener, new CancellationToken()));
          runs.add(result("headless", round, perEpoch, null));
        }
      }
    }

    robot.interact(() -> window.show("robustness"));
    robot.interact(() -> {
      ListView<?> list = robot.lookup("#robust-models").queryAs(ListView.class);
      for (Object o : list.getItems()) {
        ModelChoice c = (ModelChoice) o;
        c.selectedProperty().set(c.entry().name().equals("lenet-relu") || c.entry().name().equals("lenet-dqa2"));
      }
    });
    set(robot, "#robust-attacks", "fgsm,pgd");
    set(robot, "#robust-eps", "0:0.3:0.05");
    set(robot, "#robust-images", String.valueOf(sweepImages));
    robot.clickOn("#robust-run");
    waitUntilIdle(robot, "#robust-status");
    EngineTasks.JobReport sweep = tasks.lastJobProperty().get();

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("what", "training lenet/" + activation + ", " + epochs + " epochs of MNIST (" + (trainLimit == 0 ? "all" : trainLimit) + " training images), batch 128, from the Train view "
        + "(live charts) and headless, alternating; then a sweep from the Robustness view");
    out.put("runs", runs);
    out.put("window_median_images_per_second", median(runs, "window"));
    out.put("headless_median_images_per_second", median(runs, "headless"));
    out.put("window_slower_percent", 100 * (1 - median(runs, "window") / median(runs, "headless")));
    // Round 0 holds the process's first training (JIT and engine warm-up), whichever side ran it.
    List<Map<String, Object>> warm = runs.stream().filter(r -> (int) r.get("round") > 0).toList();
    if (!warm.isEmpty()) {
      out.put("warm_window_slower_percent", 100 * (1 - median(warm, "window") / median(warm, "headless")));
    }
    out.put("sweep", Map.of("what", "lenet-relu and lenet-dqa2 × fgsm, pgd × 7 eps (0:0.3:0.05), " + sweepImages + " images",
        "seconds", sweep.seconds(), "state", sweep.state().toString(),
        "longest_fx_stall_ms", sweep.stalls().longestMillis(), "longest_fx_stall_at_s", sweep.stalls().longestAtSeconds(),
        "fx_stalls_over_50ms", sweep.stalls().over50Millis(),
        "probes", sweep.stalls().probes()));
    out.put("stall_probe_period_ms", FxStallMonitor.PERIOD_MS);
    out.put("provenance", Provenance.current("CPU"));
    Path file = Path.of(target).toAbsolutePath();
    Files.createDirectories(file.getParent());
    Json.writeFile(file, out);
  }

  private static Map<String, Object> result(String side, int round, List<Double> perEpoch, EngineTasks.JobReport job) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("side", side);
    m.put("round", round);
    m.put("images_per_second_per_epoch", perEpoch);
    m.put("images_per_second", perEpoch.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
    if (job != null) {
      m.put("seconds", job.seconds());
      m.put("longest_fx_stall_ms", job.stalls().longestMillis());
      m.put("longest_fx_stall_at_s", job.stalls().longestAtSeconds());
      m.put("fx_stalls_over_50ms", job.stalls().over50Millis());
      m.put("probes", job.stalls().probes());
    }
    return m;
  }

  private static double median(List<Map<String, Object>> runs, String side) {
    double[] v = runs.stream().filter(r -> r.get("side").equals(side)).mapToDouble(r -> (double) r.get("images_per_second"))
        .sorted().toArray();
    return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static List<Path> runFolders(Path runs) throws java.io.IOException {
    if (!Files.isDirectory(runs)) {
      return new ArrayList<>();
    }
    try (Stream<Path> s = Files.list(runs)) {
      return s.filter(p -> Files.isRegularFile(p.resolve("run.json"))).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    }
  }

  /** The per-epoch training throughput a run recorded in its metrics.csv. */
  private static List<Double> epochsPerSecond(Path run) throws java.io.IOException {
    List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
    List<String> header = List.of(lines.get(0).split(","));
    int col = header.indexOf("images_per_second");
    List<Double> out = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      out.add(Double.parseDouble(line.split(",")[col]));
    }
    return out;
  }
}
