package dqa.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.app.common.EngineTasks;
import dqa.app.common.Settings;
import dqa.app.train.TrainView;
import dqa.run.AppPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.TilePane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The whole window on the bundled sample, driven by a robot: data, training, cancel, validation. */
@Tag("gui")
@ExtendWith(ApplicationExtension.class)
class WorkbenchRobotTest {
  @TempDir static Path home;
  RecordingDialogs dialogs = new RecordingDialogs();
  EngineTasks tasks = new EngineTasks();
  MainWindow window;
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
    AppPaths paths = TestPaths.inHome(home);
    Workbench wb = new Workbench(paths, tasks, Settings.inMemory(), dialogs);
    window = WorkbenchApp.build(wb, state);
    Scene scene = new Scene(window, 1180, 780);
    Themes.apply(scene, Settings.inMemory());
    stage.setScene(scene);
    stage.show();
  }

  private void waitIdle() throws Exception {
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !tasks.isBusy());
    WaitForAsyncUtils.waitForFxEvents();
  }

  @Test
  void theDataStepLoadsTheBundledSampleAndShowsSamples(FxRobot robot) throws Exception {
    waitIdle();
    TilePane samples = robot.lookup("#data-samples").queryAs(TilePane.class);
    assertEquals(40, samples.getChildren().size());
    assertTrue(robot.lookup("#data-summary").queryAs(Label.class).getText().contains("5,000 training"));
  }

  @Test
  void trainingFromTheWindowDrawsLiveChartsAndLandsARun(FxRobot robot) throws Exception {
    waitIdle();
    robot.interact(() -> window.show("train"));
    robot.lookup("#train-activation").queryAs(TextField.class);
    robot.interact(() -> {
      robot.lookup("#train-limit").queryAs(TextField.class).setText("640");
      robot.lookup("#train-batch").queryAs(TextField.class).setText("64");
      robot.lookup("#train-epochs").queryAs(TextField.class).setText("1");
    });
    robot.clickOn("#train-start");
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> robot.lookup("#train-status").queryAs(Label.class).getText().startsWith("completed"));
    TrainView view = robot.lookup(n -> n instanceof TrainView).queryAs(TrainView.class);
    assertEquals(10, view.lossPoints());
    try (var runs = Files.list(home.resolve("workspace").resolve("runs"))) {
      assertTrue(runs.anyMatch(r -> Files.exists(r.resolve("model/model.json"))));
    }
    assertTrue(dialogs.errors.isEmpty(), dialogs.errors.toString());
  }

  @Test
  void theModelStepDrawsStaircasesAndCountsParameters(FxRobot robot) throws Exception {
    waitIdle();
    robot.interact(() -> window.show("model"));
    robot.interact(() -> robot.lookup("#model-activations").queryAs(TextField.class).setText("relu,fixed:2,dqa:3"));
    Label summary = robot.lookup("#model-summary").queryAs(Label.class);
    assertTrue(summary.getText().contains("431,") || summary.getText().contains("parameters"), summary.getText());
    // Per named layer: the choices follow the text, a choice rewrites it, and the Train step trains that recipe.
    @SuppressWarnings("unchecked")
    javafx.scene.control.ComboBox<String> conv2 = robot.lookup("#model-layer-conv2").queryAs(javafx.scene.control.ComboBox.class);
    assertEquals("fixed:2", conv2.getValue());
    robot.interact(() -> conv2.setValue("fixed:1"));
    assertEquals("relu,fixed:1,dqa:3", robot.lookup("#model-activations").queryAs(TextField.class).getText());
    robot.interact(() -> window.show("train"));
    assertEquals("relu,fixed:1,dqa:3", robot.lookup("#train-activation").queryAs(TextField.class).getText(),
        "one recipe for the Model and the Train step");
    robot.interact(() -> window.show("model"));
    robot.interact(() -> robot.lookup("#model-activations").queryAs(TextField.class).setText("relu,relu"));
    assertTrue(robot.lookup("#model-validation").queryAs(Label.class).getText().contains("3 hidden activations"));
  }

  @Test
  void theRunsStepListsAFinishedRunAndDeletesItAfterAsking(FxRobot robot) throws Exception {
    waitIdle();
    robot.interact(() -> window.show("train"));
    robot.interact(() -> {
      robot.lookup("#train-limit").queryAs(TextField.class).setText("128");
      robot.lookup("#train-batch").queryAs(TextField.class).setText("64");
      robot.lookup("#train-epochs").queryAs(TextField.class).setText("1");
    });
    robot.clickOn("#train-start");
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> robot.lookup("#train-status").queryAs(Label.class).getText().startsWith("completed"));
    robot.interact(() -> window.show("runs"));
    @SuppressWarnings("unchecked")
    javafx.scene.control.TableView<dqa.app.runs.RunsViewModel.Row> table =
        robot.lookup("#runs-table").queryAs(javafx.scene.control.TableView.class);
    int before = table.getItems().size();
    assertTrue(before >= 1);
    robot.interact(() -> table.getSelectionModel().select(0));
    assertTrue(robot.lookup("#runs-details").queryAs(javafx.scene.control.TextArea.class).getText().contains("\"provenance\""));
    assertTrue(robot.lookup("#runs-settings").queryAs(javafx.scene.control.TableView.class).getItems().stream()
        .anyMatch(r -> ((java.util.List<?>) r).get(0).equals("config.learning_rate")), "the recipe as a table");

    // Renamed in place: the table, and the Attack step's model picker, show the new name.
    @SuppressWarnings("unchecked")
    javafx.scene.control.TableColumn<dqa.app.runs.RunsViewModel.Row, String> name =
        (javafx.scene.control.TableColumn<dqa.app.runs.RunsViewModel.Row, String>) table.getColumns().get(0);
    robot.interact(() -> table.edit(0, name));
    robot.interact(() -> robot.lookup(".table-cell .text-field").queryAs(TextField.class).setText("first try"));
    robot.type(javafx.scene.input.KeyCode.ENTER);
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals("first try", table.getItems().get(0).shownName());
    assertTrue(java.nio.file.Files.readString(table.getItems().get(0).dir().resolve("label.json")).contains("first try"));
    robot.interact(() -> window.show("attack"));
    assertTrue(robot.lookup("#attack-model").queryAs(javafx.scene.control.ComboBox.class).getItems().stream()
        .anyMatch(e -> ((dqa.train.ModelCatalog.Entry) e).name().equals("first try")), "the picker names the run so");
    robot.interact(() -> window.show("runs"));
    dialogs.confirmAnswer = false;
    robot.clickOn("#runs-delete");
    assertEquals(before, table.getItems().size(), "answering no keeps the run");
    dialogs.confirmAnswer = true;
    robot.clickOn("#runs-delete");
    assertEquals(before - 1, table.getItems().size());
  }

  @Test
  void anFgsmAttackFromTheWindowShowsTilesWithHeatmapsAndFlippedBins(FxRobot robot) throws Exception {
    waitIdle();
    robot.interact(() -> window.show("train"));
    robot.interact(() -> {
      robot.lookup("#train-activation").queryAs(TextField.class).setText("fixed:2");
      robot.lookup("#train-limit").queryAs(TextField.class).setText("256");
      robot.lookup("#train-batch").queryAs(TextField.class).setText("64");
      robot.lookup("#train-epochs").queryAs(TextField.class).setText("1");
    });
    robot.clickOn("#train-start");
    WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> robot.lookup("#train-status").queryAs(Label.class).getText().startsWith("completed"));
    robot.interact(() -> window.show("attack"));
    robot.interact(() -> {
      robot.lookup("#attack-images").queryAs(TextField.class).setText("6");
      robot.lookup("#attack-eps").queryAs(TextField.class).setText("0.2");
    });
    assertEquals("", robot.lookup("#attack-validation").queryAs(Label.class).getText());
    robot.clickOn("#attack-run");
    javafx.scene.layout.VBox gallery = robot.lookup("#attack-gallery").queryAs(javafx.scene.layout.VBox.class);
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup(".attack-row").queryAll().size() == 6);
    assertTrue(robot.lookup("#attack-legend").tryQuery().isPresent(), "heatmap legend");
    assertEquals(6, robot.lookup(".attack-tile").queryAll().size());
    robot.clickOn(robot.lookup(".attack-tile").queryAll().iterator().next());
    javafx.scene.layout.VBox flips = robot.lookup("#attack-flips").queryAs(javafx.scene.layout.VBox.class);
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> flips.getChildren().size() == 4);
    assertTrue(((Label) flips.getChildren().get(0)).getText().contains("Output levels"));

    // The live ε slider follows FGSM at once: at ε 0 nothing changes, at ε 0.4 the summary says so.
    assertTrue(robot.lookup("#live-eps-panel").query().isVisible(), "the slider is ready after FGSM");
    javafx.scene.control.Slider slider = robot.lookup("#live-eps").queryAs(javafx.scene.control.Slider.class);
    assertEquals(0.4, slider.getMax(), 1e-9, "twice the budget");
    robot.interact(() -> slider.setValue(0));
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
        () -> robot.lookup("#attack-summary").queryAs(Label.class).getText().contains("eps=0 "));
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(6, robot.lookup(".attack-tile").queryAll().size());
    assertEquals(6, robot.lookup((javafx.scene.Node n) -> n instanceof Label l && "no change".equals(l.getText())).queryAll().size(), "ε 0: every heatmap is empty");
    robot.interact(() -> slider.setValue(0.4));
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
        () -> robot.lookup("#attack-summary").queryAs(Label.class).getText().contains("eps=0.4 "));
    assertTrue(robot.lookup("#live-eps-value").queryAs(Label.class).getText().startsWith("ε 0.400"));
    assertTrue(robot.lookup("#live-eps-timing").queryAs(Label.class).getText().matches("frame \\d+ ms"));
    assertTrue(robot.lookup("#live-eps-curve").query().isVisible());

    // The gallery from the keyboard: arrows move the focused tile, Enter opens its close-up.
    java.util.List<javafx.scene.Node> tiles = new java.util.ArrayList<>(robot.lookup(".attack-tile").queryAll());
    robot.interact(() -> tiles.get(0).requestFocus());
    robot.type(javafx.scene.input.KeyCode.RIGHT);
    assertTrue(tiles.get(1).isFocused(), "right arrow: the next tile");
    robot.type(javafx.scene.input.KeyCode.ENTER);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup((javafx.scene.Node n) -> n instanceof Label l
        && l.getText() != null && l.getText().endsWith("— test image #1")).tryQuery().isPresent());
    // A slider frame redraws the tiles but keeps the close-up on the same image and the focus on the same tile.
    robot.interact(() -> slider.setValue(0.1));
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
        () -> robot.lookup("#attack-summary").queryAs(Label.class).getText().contains("eps=0.1 "));
    WaitForAsyncUtils.waitForFxEvents();
    assertTrue(robot.lookup((javafx.scene.Node n) -> n instanceof Label l && l.getText() != null
        && l.getText().endsWith("— test image #1")).tryQuery().isPresent(), "the close-up follows the slider");
    assertTrue(new java.util.ArrayList<javafx.scene.Node>(robot.lookup(".attack-tile").queryAll()).get(1).isFocused(),
        "the focus stays on the tile it was on");
    // Only the fooled images: every tile left says so.
    robot.interact(() -> robot.lookup("#attack-filter").queryAs(javafx.scene.control.ChoiceBox.class)
        .setValue(dqa.app.attack.AttackViewModel.GalleryFilter.FOOLED));
    java.util.Set<javafx.scene.Node> fooledTiles = robot.lookup(".attack-tile").queryAll();
    assertTrue(fooledTiles.size() <= 6);
    for (javafx.scene.Node tile : fooledTiles) {
      assertTrue(robot.from(tile).lookup((javafx.scene.Node n) -> n instanceof Label l && l.getText() != null
          && l.getText().contains("✗ fooled")).tryQuery().isPresent(), "a tile that was not fooled is shown");
    }
    // The gallery as a picture.
    Path png = home.resolve("gallery.png");
    dialogs.nextPath = png;
    robot.clickOn("#attack-save-gallery");
    WaitForAsyncUtils.waitForFxEvents();
    java.awt.image.BufferedImage saved = javax.imageio.ImageIO.read(png.toFile());
    assertTrue(saved != null && saved.getWidth() > 100 && saved.getHeight() > 50, "a PNG of the gallery");
    dialogs.nextPath = null;
    // No stale close-up: a new run clears the close-up of the previous one.
    robot.interact(() -> robot.lookup("#attack-filter").queryAs(javafx.scene.control.ChoiceBox.class)
        .setValue(dqa.app.attack.AttackViewModel.GalleryFilter.ALL));
    robot.clickOn(robot.lookup(".attack-tile").queryAll().iterator().next());
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup((javafx.scene.Node n) -> n instanceof Label l
        && l.getText() != null && l.getText().contains("— test image #")).tryQuery().isPresent());
    robot.clickOn("#attack-run");
    waitIdle();
    WaitForAsyncUtils.waitForFxEvents();
    assertFalse(robot.lookup((javafx.scene.Node n) -> n instanceof Label l && l.getText() != null
        && l.getText().contains("— test image #")).tryQuery().isPresent(), "the old close-up is gone");
    assertTrue(robot.lookup((javafx.scene.Node n) -> n instanceof Label l
        && "Click a tile for a close-up.".equals(l.getText())).tryQuery().isPresent());
    robot.interact(() -> robot.lookup("#attack-images").queryAs(TextField.class).setText("lots"));
    assertTrue(robot.lookup("#attack-validation").queryAs(Label.class).getText().contains("images"));
  }

  @Test
  void theGuidedDemoStepsFromFgsmThroughMaskingToStraightThrough(FxRobot robot) throws Exception {
    waitIdle();
    robot.interact(() -> window.show("attack"));
    // A class that looked at Fashion-MNIST first, with a form of its own: the demo loads MNIST, sets
    // its 16 images, and puts the form back when it ends.
    robot.interact(() -> {
      state.datasetProperty().set(dqa.data.DatasetLoader.load(dqa.data.DatasetId.FASHION_MNIST,
          Path.of(System.getProperty("dqa.assets", "assets"), "sample", "fashion-mnist")));
      robot.lookup("#attack-images").queryAs(TextField.class).setText("5");
      window.show("data");
    });
    robot.clickOn("#data-demo"); // offered on the first screen
    waitIdle();
    assertEquals(dqa.data.DatasetId.MNIST, state.datasetProperty().get().id(), "the demo loaded MNIST");
    Label title = robot.lookup("#demo-title").queryAs(Label.class);
    assertTrue(title.getText().startsWith("Step 1 of 5"), title.getText());
    assertTrue(robot.lookup("#demo-banner").query().isVisible());
    assertTrue(robot.lookup("#demo-back").queryAs(Button.class).isDisabled(), "nothing before the first step");
    waitIdle();
    assertEquals(16, robot.lookup(".attack-tile").queryAll().size(),
        "the demo's 16 images: " + robot.lookup("#demo-text").queryAs(Label.class).getText() + " / "
            + robot.lookup("#attack-summary").queryAs(Label.class).getText() + " / " + dialogs);
    assertTrue(robot.lookup("#demo-text").queryAs(Label.class).getText().contains("lenet-relu: "),
        robot.lookup("#demo-text").queryAs(Label.class).getText());

    // A presenter's double click: the step's task cannot end while the FX thread is held here, so the
    // second click meets a running step and must not skip ahead.
    robot.interact(() -> {
      Button next = robot.lookup("#demo-next").queryAs(Button.class);
      next.fire();
      assertTrue(title.getText().startsWith("Step 2 of 5"), title.getText());
      assertTrue(next.isDisabled() && robot.lookup("#demo-back").queryAs(Button.class).isDisabled(),
          "Next and Back wait while the step runs");
      assertEquals(0, robot.lookup(".attack-tile").queryAll().size(), "the previous step's gallery is cleared");
      next.fire();
      assertTrue(title.getText().startsWith("Step 2 of 5"), "a second click is ignored: " + title.getText());
    });
    waitIdle();
    assertEquals("exact", robot.lookup("#attack-gradient").queryAs(javafx.scene.control.ComboBox.class).getValue());
    assertTrue(robot.lookup("#attack-twin").queryAs(javafx.scene.control.ComboBox.class).getValue().toString()
        .startsWith("lenet-relu"), "the full-precision twin is beside it");
    robot.clickOn("#demo-back");
    waitIdle();
    assertTrue(title.getText().startsWith("Step 1 of 5"), "Back runs the step before: " + title.getText());
    for (int step = 2; step <= 5; step++) {
      robot.clickOn("#demo-next");
      waitIdle();
      assertTrue(title.getText().startsWith("Step " + step + " of 5"), title.getText());
      if (step == 4) {
        assertEquals("ste", robot.lookup("#attack-gradient").queryAs(javafx.scene.control.ComboBox.class).getValue());
        assertTrue(robot.lookup("#attack-summary").queryAs(Label.class).getText().contains("lenet-fixed1"),
            robot.lookup("#attack-summary").queryAs(Label.class).getText());
      }
    }
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
        () -> robot.lookup("#demo-text").queryAs(Label.class).getText().contains("lenet-relu-pgd: "));
    robot.clickOn("#demo-next");
    WaitForAsyncUtils.waitForFxEvents();
    assertTrue(title.getText().startsWith("Summary"), title.getText());
    String summary = robot.lookup("#demo-text").queryAs(Label.class).getText();
    for (int step = 1; step <= 5; step++) {
      assertTrue(summary.contains(step + ". "), "every step in the summary: " + summary);
    }
    robot.clickOn("#demo-end");
    WaitForAsyncUtils.waitForFxEvents();
    assertFalse(robot.lookup("#demo-banner").query().isVisible());
    assertEquals("fgsm", robot.lookup("#attack-name").queryAs(javafx.scene.control.ChoiceBox.class).getValue(),
        "the form is put back as the demo found it");
    assertEquals("", robot.lookup("#attack-steps").queryAs(TextField.class).getText());
    assertEquals("5", robot.lookup("#attack-images").queryAs(TextField.class).getText());
  }

  @Test
  void aRunCancelledAfterItsFirstEpochIsResumedFromTheRunsStep(FxRobot robot) throws Exception {
    waitIdle();
    dqa.train.TrainConfig config = new dqa.train.TrainConfig(
        "mnist", dqa.nn.Architecture.CNN, dqa.nn.NetworkSpec.parseActivations("relu"), dqa.nn.GradientMode.ste(),
        dqa.train.TrainConfig.Optimizer.ADAM, 3e-3, 0.9, 0, dqa.train.TrainConfig.Schedule.CONSTANT, java.util.List.of(),
        0.1, 2, 64, 3, 192, 100, false, dqa.train.AdversarialConfig.none(), "cpu");
    dqa.data.Dataset data = state.datasetProperty().get();
    dqa.train.RunFolder folder = dqa.train.RunFolder.create(null, TestPaths.inHome(home).runs(), "to-resume");
    dqa.run.CancellationToken cancel = new dqa.run.CancellationToken();
    dqa.run.EngineWorker.shared().call(() -> dqa.train.Training.start(config, data, folder,
        dqa.attack.TrainingAttacks.forRecipe(config), new dqa.train.TrainingListener() {
          @Override
          public void batchFinished(BatchMetrics m) {
            if (m.epoch() == 2) {
              cancel.cancel(); // as the Cancel button would, in the second epoch
            }
          }
        }, cancel));
    assertEquals(dqa.train.RunManifest.Status.CANCELLED, folder.readManifest().status());

    robot.interact(() -> window.show("runs"));
    robot.interact(() -> {
      @SuppressWarnings("unchecked")
      javafx.scene.control.TableView<dqa.app.runs.RunsViewModel.Row> table =
          robot.lookup("#runs-table").queryAs(javafx.scene.control.TableView.class);
      table.getItems().stream().filter(r -> r.dir().equals(folder.dir())).findFirst()
          .ifPresent(r -> table.getSelectionModel().select(r));
    });
    Button resume = robot.lookup("#runs-resume").queryAs(Button.class);
    assertFalse(resume.isDisabled(), "a cancelled run with a checkpoint can be resumed");
    robot.clickOn(resume);
    waitIdle();
    dqa.train.RunManifest done = folder.readManifest();
    assertEquals(dqa.train.RunManifest.Status.COMPLETED, done.status(), dialogs.toString());
    assertEquals(2, done.epochsCompleted(), "in its own folder, from epoch 2 on");
  }

  @Test
  void cancellingTrainingReturnsTheWindowToIdle(FxRobot robot) throws Exception {
    waitIdle();
    robot.interact(() -> window.show("train"));
    robot.interact(() -> {
      robot.lookup("#train-limit").queryAs(TextField.class).setText("0");
      robot.lookup("#train-epochs").queryAs(TextField.class).setText("5");
    });
    robot.clickOn("#train-start");
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
      TrainView v = robot.lookup(n -> n instanceof TrainView).queryAs(TrainView.class);
      return v.lossPoints() > 2;
    });
    // Esc cancels the running job from anywhere in the window (the status bar's Cancel does the same).
    robot.press(javafx.scene.input.KeyCode.ESCAPE).release(javafx.scene.input.KeyCode.ESCAPE);
    waitIdle();
    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#train-status").queryAs(Label.class).getText().startsWith("Cancelled"));
    assertFalse(robot.lookup("#train-start").queryAs(Button.class).isDisabled());
  }

  @Test
  void badInputShowsAValidationMessageAndBlocksStart(FxRobot robot) throws Exception {
    waitIdle();
    robot.interact(() -> window.show("train"));
    robot.interact(() -> robot.lookup("#train-activation").queryAs(TextField.class).setText("fixed:12"));
    Label validation = robot.lookup("#train-validation").queryAs(Label.class);
    assertTrue(validation.getText().contains("fixed:12"), validation.getText());
    assertTrue(robot.lookup("#train-start").queryAs(Button.class).isDisabled());
    robot.interact(() -> robot.lookup("#train-activation").queryAs(TextField.class).setText("fixed:2"));
    assertEquals("", validation.getText());
    robot.interact(() -> robot.lookup("#train-lr").queryAs(TextField.class).setText("fast"));
    robot.interact(() -> robot.lookup("#train-epochs").queryAs(TextField.class).setText("0"));
    assertTrue(validation.getText().contains("Learning rate") && validation.getText().contains("Epochs"),
        "both bad fields at once: " + validation.getText());
    TextField lr = robot.lookup("#train-lr").queryAs(TextField.class);
    assertTrue(lr.getPseudoClassStates().contains(dqa.app.common.FieldMarks.INVALID), "the bad field is marked");
    assertTrue(lr.getTooltip().getText().startsWith("Learning rate: 'fast'"), lr.getTooltip().getText());
    assertFalse(robot.lookup("#train-activation").queryAs(TextField.class).getPseudoClassStates()
        .contains(dqa.app.common.FieldMarks.INVALID), "a good field is not");
    robot.interact(() -> lr.setText("0.001"));
    assertFalse(lr.getPseudoClassStates().contains(dqa.app.common.FieldMarks.INVALID));
  }
}
