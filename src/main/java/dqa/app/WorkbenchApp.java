package dqa.app;

import dqa.run.AppPaths;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The JavaFX application: one window. */
public final class WorkbenchApp extends Application {

  /** Launches the window (called by the plain {@code dqa.Main}). */
  public static void launchWindow(String[] args) {
    Application.launch(WorkbenchApp.class, args);
  }

  @Override
  public void start(Stage stage) {
    StartViewModel model = new StartViewModel(AppPaths.detect());
    StartView view = new StartView(model);
    stage.setTitle("DQA Workbench");
    stage.setScene(new Scene(view, 760, 520));
    stage.show();
    model.load();
  }
}
