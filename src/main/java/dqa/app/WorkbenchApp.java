package dqa.app;

import dqa.app.common.EngineTasks;
import dqa.app.common.FxDialogService;
import dqa.app.common.Settings;
import dqa.app.attack.AttackView;
import dqa.app.attack.AttackViewModel;
import dqa.app.data.DataView;
import dqa.app.data.DataViewModel;
import dqa.app.model.ModelView;
import dqa.app.model.ModelViewModel;
import dqa.app.robustness.RobustnessView;
import dqa.app.robustness.RobustnessViewModel;
import dqa.app.runs.RunsView;
import dqa.app.runs.RunsViewModel;
import dqa.app.train.TrainView;
import dqa.app.train.TrainViewModel;
import dqa.run.AppPaths;
import dqa.run.EngineCache;
import dqa.run.EngineWorker;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;

/** The JavaFX application: one window with a navigation of steps. */
public final class WorkbenchApp extends Application {

  /** Launches the window (called by the plain {@code dqa.Main}). */
  public static void launchWindow(String[] args) {
    Application.launch(WorkbenchApp.class, args);
  }

  @Override
  public void start(Stage stage) {
    AppPaths paths = AppPaths.detect();
    EngineTasks tasks = new EngineTasks();
    Settings settings = new Settings(paths.home().resolve("settings.json"));
    Workbench workbench = new Workbench(paths, tasks, settings, new FxDialogService(stage));
    String cache = settings.get(ENGINE_CACHE_SETTING, "");
    if (!cache.isBlank() && System.getenv(EngineCache.PROPERTY) == null) {
      System.setProperty(EngineCache.PROPERTY, cache);
    }
    Splash splash = new Splash(() -> {
      java.nio.file.Path chosen =
          workbench.dialogs().chooseDirectory("A folder for the PyTorch engine", paths.home()).orElse(null);
      if (chosen != null) {
        settings.put(ENGINE_CACHE_SETTING, chosen.toString());
      }
      return chosen;
    });
    Scene splashScene = new Scene(splash);
    Themes.apply(splashScene, settings);
    stage.setTitle("DQA Workbench");
    stage.setScene(splashScene);
    stage.show();
    // The window opens once libtorch is loaded, so no view waits on a first-start unpack.
    splash.load(() -> EngineWorker.shared().call(() -> EngineStatus.gather(paths)), status -> {
      WorkbenchState state = new WorkbenchState();
      MainWindow window = build(workbench, state);
      stage.setOnHidden(e -> window.close());
      Scene scene = new Scene(window, 1180, 780);
      Themes.apply(scene, settings);
      Presentation.install(scene, state.zoomProperty(), settings);
      window.addStatusControls(Presentation.controls(scene, state.zoomProperty(), settings));
      // 1024×768 projectors: everything must fit there; below it the layout would truncate.
      stage.setMinWidth(1000);
      stage.setMinHeight(700);
      stage.setScene(scene);
      stage.centerOnScreen();
    });
    stage.setOnCloseRequest(e -> {
      if (tasks.isBusy()
          && !workbench.dialogs().confirm("A job is running", "Cancel it and close the workbench? Earlier results stay intact.")) {
        e.consume();
      } else {
        tasks.cancelRunning();
      }
    });
  }

  /** The settings key of a user-chosen engine cache folder. */
  static final String ENGINE_CACHE_SETTING = "engine_cache_dir";

  /** The window's content for given services (also used by the robot tests). */
  public static MainWindow build(Workbench workbench, WorkbenchState state) {
    MainWindow window = new MainWindow(workbench.tasks());
    StartViewModel start = new StartViewModel(workbench.paths());
    DataViewModel data = new DataViewModel(workbench, state);
    TrainViewModel train = new TrainViewModel(workbench, state);
    ModelViewModel modelStep = new ModelViewModel(workbench, state);
    RunsViewModel runs = new RunsViewModel(workbench, state);
    AttackViewModel attack = new AttackViewModel(workbench, state);
    window.own(attack);
    RobustnessViewModel robustness = new RobustnessViewModel(workbench, state);
    runs.onOpenSweep(file -> {
      robustness.open(file);
      window.show("robustness");
    });
    Runnable startDemo = () -> {
      window.show("attack");
      attack.demo().start();
    };
    window
        .add(new MainWindow.Step("home", "Engine", "Engine, device and versions", () -> {
          start.load();
          return new StartView(start, startDemo);
        }))
        .add(new MainWindow.Step("data", "1  Data", "Pick, download or import a data set", () -> new DataView(data,
            () -> workbench.dialogs().chooseDirectory("Import a data set folder", workbench.paths().home()), startDemo)))
        .add(new MainWindow.Step("model", "2  Model", "Architecture and quantized activations", () -> new ModelView(modelStep,
            () -> workbench.dialogs().chooseDirectory("Open a run or model folder", workbench.paths().runs()))))
        .add(new MainWindow.Step("train", "3  Train", "Train a full-precision or quantized network", () -> new TrainView(train)))
        .add(new MainWindow.Step("attack", "4  Attack", "Attack a model and its twin; see the perturbations", () -> new AttackView(attack)))
        .add(new MainWindow.Step("robustness", "5  Robustness",
            "Sweep models × attacks × ε: live accuracy chart, sanity checks, transfer matrix, export",
            () -> new RobustnessView(robustness)))
        .add(new MainWindow.Step("runs", "6  Runs", "Every run of the workspace: compare, delete, re-run", () -> new RunsView(runs)));
    window.sceneProperty().addListener((obs, old, scene) -> {
      if (scene != null) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.DIGIT1, KeyCombination.SHORTCUT_DOWN), () -> window.show("data"));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.DIGIT2, KeyCombination.SHORTCUT_DOWN), () -> window.show("model"));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.DIGIT3, KeyCombination.SHORTCUT_DOWN), () -> window.show("train"));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.DIGIT4, KeyCombination.SHORTCUT_DOWN), () -> window.show("attack"));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.DIGIT5, KeyCombination.SHORTCUT_DOWN), () -> window.show("robustness"));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.DIGIT6, KeyCombination.SHORTCUT_DOWN), () -> window.show("runs"));
        // Esc reaches the scene only when no open popup or dialog took it first.
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), () -> {
          if (workbench.tasks().isBusy()) {
            workbench.tasks().cancelRunning();
          }
        });
      }
    });
    window.show("data");
    if (state.datasetProperty().get() == null) {
      data.refresh();
      if (data.selectedProperty().get() != null && data.selectedProperty().get().found()) {
        data.loadSelected();
      }
    }
    return window;
  }
}
