package dqa.app;

import dqa.app.common.EngineTasks;
import dqa.app.common.Settings;
import dqa.run.AppPaths;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
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
 * Renders a screenshot of every view, doing real work on the bundled sample, into the folder named
 * by {@code -Ddqa.screenshots=DIR}. Skipped unless that property is set:
 * {@code mvn -q test -Dtest=ScreenshotTour -Ddqa.screenshots=docs/screenshots -Dtest.headless.geometry=1920x1080-32}.
 */
@Tag("gui")
@ExtendWith(ApplicationExtension.class)
class ScreenshotTour {
  @TempDir static Path home;
  EngineTasks tasks = new EngineTasks();
  RecordingDialogs dialogs = new RecordingDialogs();
  MainWindow window;
  Scene scene;
  Stage stage;
  final WorkbenchState state = new WorkbenchState();

  /** The window's models go with it (the app closes them when its stage hides). */
  @org.junit.jupiter.api.AfterEach
  void closeWindow() {
    if (window != null) {
      window.close();
    }
  }

  @Start
  void start(Stage stage) {
    this.stage = stage;
    AppPaths paths = TestPaths.inHome(home);
    Settings settings = Settings.inMemory();
    Workbench wb = new Workbench(paths, tasks, settings, dialogs);
    window = WorkbenchApp.build(wb, state);
    scene = new Scene(window, 1280, 820);
    Themes.apply(scene, settings);
    Presentation.install(scene, state.zoomProperty(), settings);
    window.addStatusControls(Presentation.controls(scene, state.zoomProperty(), settings));
    stage.setScene(scene);
    stage.show();
  }

  private void idle() throws Exception {
    WaitForAsyncUtils.waitFor(600, TimeUnit.SECONDS, () -> !tasks.isBusy());
    WaitForAsyncUtils.waitForFxEvents();
    Thread.sleep(400);
    WaitForAsyncUtils.waitForFxEvents();
  }

  private void shoot(FxRobot robot, Path dir, String name) throws Exception {
    File file = dir.resolve(name + ".png").toFile();
    robot.interact(() -> {
      try {
        ImageIO.write(SwingFXUtils.fromFXImage(scene.snapshot(null), null), "png", file);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  /** Waits for a view's status line; on timeout says what it shows and which errors were reported. */
  private void waitForStatus(FxRobot robot, String id, String prefix) throws Exception {
    try {
      WaitForAsyncUtils.waitFor(600, TimeUnit.SECONDS,
          () -> robot.lookup(id).queryAs(Label.class).getText().startsWith(prefix));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(id + " never said '" + prefix + "…'; it says '"
          + robot.lookup(id).queryAs(Label.class).getText() + "'; errors " + dialogs.errors + "; busy " + tasks.isBusy(), e);
    }
  }

  /** Selects a data set in the Data view, loads it and waits until its summary names it. */
  private void selectDataSet(FxRobot robot, String key, String name) throws Exception {
    @SuppressWarnings("unchecked")
    javafx.scene.control.TableView<dqa.app.data.DataViewModel.Row> table =
        robot.lookup("#data-table").queryAs(javafx.scene.control.TableView.class);
    robot.interact(() -> table.getItems().stream().filter(r -> r.id().key().equals(key)).findFirst()
        .ifPresent(r -> table.getSelectionModel().select(r)));
    robot.clickOn("#data-load");
    waitForStatus(robot, "#data-summary", name + " —");
    idle();
  }

  private void set(FxRobot robot, String id, String text) {
    robot.interact(() -> robot.lookup(id).queryAs(TextField.class).setText(text));
  }

  /** The folder named by {@code -Ddqa.screenshots}; skips the test when it is not set. */
  private static Path targetFolder() throws java.io.IOException {
    String target = System.getProperty("dqa.screenshots");
    Assumptions.assumeTrue(target != null && !target.isBlank(), "set -Ddqa.screenshots=DIR to render screenshots");
    return Files.createDirectories(Path.of(target).toAbsolutePath());
  }

  @Test
  void everyView(FxRobot robot) throws Exception {
    Path dir = targetFolder();
    idle();
    shoot(robot, dir, "data");
    selectDataSet(robot, "cifar10", "CIFAR-10 (JPEG copy)");
    shoot(robot, dir, "data-cifar10");
    selectDataSet(robot, "mnist", "MNIST");

    robot.interact(() -> window.show("model"));
    set(robot, "#model-activations", "relu,fixed:2,dqa:3");
    idle();
    shoot(robot, dir, "model");

    robot.interact(() -> window.show("train"));
    set(robot, "#train-activation", "dqa:2");
    set(robot, "#train-limit", "3000");
    set(robot, "#train-batch", "64");
    set(robot, "#train-epochs", "2");
    robot.clickOn("#train-start");
    waitForStatus(robot, "#train-status", "completed");
    idle();
    shoot(robot, dir, "train");

    robot.interact(() -> window.show("attack"));
    set(robot, "#attack-images", "8");
    set(robot, "#attack-eps", "0.2");
    robot.clickOn("#attack-run");
    idle();
    Node tile = robot.lookup(".attack-tile").queryAll().iterator().next();
    robot.clickOn(tile);
    idle();
    shoot(robot, dir, "attack");

    robot.clickOn("#demo-start");
    idle();
    robot.clickOn("#demo-next");
    idle();
    shoot(robot, dir, "demo");
    robot.clickOn("#demo-end");

    robot.interact(() -> window.show("robustness"));
    set(robot, "#robust-attacks", "fgsm,pgd[steps=10]");
    set(robot, "#robust-eps", "0:0.3:0.05");
    set(robot, "#robust-images", "200");
    robot.clickOn("#robust-run");
    waitForStatus(robot, "#robust-status", "Completed");
    idle();
    shoot(robot, dir, "robustness");

    robot.interact(() -> window.show("runs"));
    robot.interact(() -> robot.lookup("#runs-table").queryAs(javafx.scene.control.TableView.class).getSelectionModel().select(0));
    idle();
    shoot(robot, dir, "runs");

    robot.interact(() -> window.show("home"));
    idle();
    shoot(robot, dir, "engine");
  }

  /** A projector: 1024×768, zoomed to 130 %, the guided demo's second step with its twin. */
  @Test
  void projector(FxRobot robot) throws Exception {
    Path dir = targetFolder();
    idle();
    robot.interact(() -> {
      stage.setWidth(1024);
      stage.setHeight(768);
      state.zoomProperty().set(1.3);
    });
    idle();
    shoot(robot, dir, "projector-data");
    robot.clickOn("#data-demo");
    idle();
    robot.clickOn("#demo-next");
    idle();
    shoot(robot, dir, "projector-demo");
  }

  /** A lecture hall's 1920×1080 screen at 150 %: the guided demo's second step, the model and its twin side by side. */
  @Test
  void presenter(FxRobot robot) throws Exception {
    javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getBounds();
    // A window larger than Monocle's headless screen overflows its frame buffer and breaks the tests after it.
    org.junit.jupiter.api.Assumptions.assumeTrue(screen.getWidth() >= 1920 && screen.getHeight() >= 1080,
        "the 1920×1080 view needs -Dtest.headless.geometry=1920x1080-32 (the screen is " + screen + ")");
    Path dir = targetFolder();
    idle();
    robot.interact(() -> {
      stage.setWidth(1920);
      stage.setHeight(1080);
      state.zoomProperty().set(1.5);
    });
    idle();
    robot.interact(() -> robot.lookup("#data-demo").queryAs(javafx.scene.control.Button.class).fire());
    idle();
    robot.interact(() -> robot.lookup("#demo-next").queryAs(javafx.scene.control.Button.class).fire());
    idle();
    shoot(robot, dir, "presenter-demo");
  }

  /** The live ε slider: a full-precision LeNet and its 2-bit twin under FGSM, the slider moved past the run's ε. */
  @Test
  void liveEps(FxRobot robot) throws Exception {
    Path dir = targetFolder();
    idle();
    robot.interact(() -> window.show("attack"));
    pick(robot, "#attack-model", "lenet-relu");
    pick(robot, "#attack-twin", "lenet-fixed2");
    set(robot, "#attack-images", "8");
    set(robot, "#attack-eps", "0.1");
    robot.clickOn("#attack-run");
    idle();
    robot.interact(() -> robot.lookup("#live-eps").queryAs(javafx.scene.control.Slider.class).setValue(0.17));
    idle();
    shoot(robot, dir, "attack-live-eps");
  }

  @SuppressWarnings("unchecked")
  private static void pick(FxRobot robot, String id, String model) {
    robot.interact(() -> {
      var box = robot.lookup(id).queryAs(javafx.scene.control.ComboBox.class);
      for (Object o : box.getItems()) {
        if (((dqa.train.ModelCatalog.Entry) o).name().equals(model)) {
          box.setValue(o);
        }
      }
    });
  }
}
