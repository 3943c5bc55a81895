package dqa.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.app.common.EngineTasks;
import dqa.app.common.Settings;
import dqa.app.robustness.RobustnessView;
import dqa.app.robustness.RobustnessViewModel;
import dqa.run.AppPaths;
import dqa.run.EngineWorker;
import dqa.testing.TinyModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Robustness step driven by a robot on the bundled sample, with the two tiny models of the
 * evaluation tests copied into the workspace as runs: a live sweep, exports, a transfer matrix, cancel.
 */
@Tag("gui")
@ExtendWith(ApplicationExtension.class)
class RobustnessRobotTest {
  @TempDir static Path home;
  RecordingDialogs dialogs = new RecordingDialogs();
  EngineTasks tasks = new EngineTasks();
  MainWindow window;

  @BeforeAll
  static void twoModelsInTheWorkspace() throws Exception {
    Path runs = home.resolve("workspace").resolve("runs");
    // Trained once per test JVM (shared with the engine tests), on the engine thread like the window's jobs.
    copy(EngineWorker.shared().call(TinyModels::relu).getParent(), runs.resolve("tiny-relu"));
    copy(EngineWorker.shared().call(TinyModels::fixed1).getParent(), runs.resolve("tiny-fixed1"));
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      files.forEach(p -> {
        try {
          Path target = to.resolve(from.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(target);
          } else {
            Files.copy(p, target);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  /** The window's models go with it (the app closes them when its stage hides). */
  @org.junit.jupiter.api.AfterEach
  void closeWindow() {
    if (window != null) {
      window.close();
    }
  }

  @Start
  void start(Stage stage) {
    AppPaths paths = TestPaths.inHome(home);
    window = WorkbenchApp.build(new Workbench(paths, tasks, Settings.inMemory(), dialogs), new WorkbenchState());
    Scene scene = new Scene(window, 1280, 820);
    Themes.apply(scene, Settings.inMemory());
    stage.setScene(scene);
    stage.show();
  }

  private void waitIdle() throws Exception {
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !tasks.isBusy());
    WaitForAsyncUtils.waitForFxEvents();
  }

  /** Opens the step and ticks exactly the named models. */
  private void open(FxRobot robot, String... names) throws Exception {
    waitIdle();
    robot.interact(() -> window.show("robustness"));
    @SuppressWarnings("unchecked")
    ListView<dqa.app.robustness.SweepForm.ModelChoice> models = robot.lookup("#robust-models").queryAs(ListView.class);
    List<String> wanted = List.of(names);
    robot.interact(() -> models.getItems().forEach(c -> c.selectedProperty().set(wanted.contains(c.entry().name()))));
  }

  private void set(FxRobot robot, String id, String text) {
    robot.interact(() -> robot.lookup(id).queryAs(TextField.class).setText(text));
  }

  private String status(FxRobot robot) {
    return robot.lookup("#robust-status").queryAs(Label.class).getText();
  }

  @Test
  void aSweepFillsTheChartAndTableLiveThenShowsChecksAndExports(FxRobot robot) throws Exception {
    open(robot, "tiny-relu");
    set(robot, "#robust-attacks", "fgsm");
    set(robot, "#robust-eps", "0,0.1,0.2");
    set(robot, "#robust-images", "50");
    assertEquals("", robot.lookup("#robust-validation").queryAs(Label.class).getText());
    robot.clickOn("#robust-run");
    TableView<?> table = robot.lookup("#robust-table").queryAs(TableView.class);
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> status(robot).startsWith("Completed"));
    waitIdle();
    assertEquals(3, table.getItems().size());
    RobustnessView view = robot.lookup(n -> n instanceof RobustnessView).queryAs(RobustnessView.class);
    assertArrayEquals(new int[] {3}, view.chartPoints(), "one series (tiny cnn · fgsm) with a point per ε");
    VBox checks = robot.lookup("#robust-checks-panel").queryAs(VBox.class);
    assertTrue(checks.getChildren().size() >= 2 && checks.getChildren().get(0) instanceof HBox,
        "a row per sanity check");
    try (Stream<Path> sweeps = Files.list(home.resolve("workspace").resolve("sweeps"))) {
      assertTrue(sweeps.anyMatch(p -> p.getFileName().toString().startsWith("sweep-mnist-")));
    }

    Path out = home.resolve("exports");
    dialogs.nextPath = out.resolve("cells");
    robot.clickOn("#robust-export-csv");
    waitIdle();
    assertTrue(Files.isRegularFile(out.resolve("cells.csv")), "the extension is added");
    assertTrue(Files.isRegularFile(out.resolve("cells-checks.csv")));
    dialogs.nextPath = out.resolve("chart.png");
    robot.clickOn("#robust-export-png");
    waitIdle();
    dialogs.nextPath = out.resolve("report.html");
    robot.clickOn("#robust-export-html");
    waitIdle();
    assertTrue(Files.size(out.resolve("chart.png")) > 1000);
    assertTrue(Files.readString(out.resolve("report.html")).contains("<h1>Robustness report</h1>"));
    assertTrue(dialogs.errors.isEmpty(), dialogs.errors.toString());
  }

  @Test
  void aTransferMatrixShowsAHeatmapOfEverySourceAndTarget(FxRobot robot) throws Exception {
    open(robot, "tiny-relu", "tiny-fixed1");
    set(robot, "#robust-attacks", "fgsm");
    set(robot, "#robust-eps", "0.2");
    set(robot, "#robust-images", "50");
    robot.clickOn("#robust-transfer");
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> robot.lookup("#robust-transfer-grid").tryQuery().isPresent());
    waitIdle();
    assertEquals(2 * 2 + 2, robot.lookup(".transfer-cell").queryAll().size(), "2×2 matrix and the clean row");
    assertTrue(robot.lookup("#robust-transfer-legend").tryQuery().isPresent());
    assertTrue(dialogs.errors.isEmpty(), dialogs.errors.toString());
  }

  @Test
  void cancellingASweepLeavesTheWindowIdleAndSaysHowToResume(FxRobot robot) throws Exception {
    open(robot, "tiny-relu");
    set(robot, "#robust-attacks", "pgd");
    set(robot, "#robust-eps", "0:0.3:0.01");
    set(robot, "#robust-images", "1000");
    robot.clickOn("#robust-run");
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS,
        () -> robot.lookup("#status-progress").queryAs(javafx.scene.control.ProgressBar.class).getProgress() > 0);
    robot.clickOn("#robust-cancel");
    waitIdle();
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status(robot).startsWith("Cancelled"));
    assertTrue(status(robot).contains("resume"), status(robot));
    assertFalse(robot.lookup("#robust-run").queryAs(Button.class).isDisabled());
    assertTrue(robot.lookup("#robust-cancel").queryAs(Button.class).isDisabled());
    assertTrue(robot.lookup("#status-cancel").queryAs(Button.class).isDisabled());
    assertTrue(dialogs.errors.isEmpty(), dialogs.errors.toString());
  }
}
