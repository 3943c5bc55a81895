package dqa.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.run.AppPaths;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The first window opens, loads the engine off the FX thread and lists the bundled sample. */
@Tag("gui")
@ExtendWith(ApplicationExtension.class)
class StartViewTest {
  @TempDir static Path home;

  @Start
  void start(Stage stage) {
    AppPaths paths = TestPaths.inHome(home);
    StartViewModel model = new StartViewModel(paths);
    stage.setScene(new Scene(new StartView(model), 760, 520));
    stage.show();
    model.load();
  }

  @Test
  void showsTheEngineAndTheDataSetsFound(FxRobot robot) throws Exception {
    Label status = robot.lookup("#engine-status").queryAs(Label.class);
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().startsWith("Engine ready"));
    assertTrue(status.getText().contains("PyTorch 2."), status.getText());
    assertEquals("CPU", robot.lookup("#engine-device").queryAs(Label.class).getText());
    TableView<?> table = robot.lookup("#datasets-table").queryAs(TableView.class);
    assertEquals(3, table.getItems().size());
    String mnist = table.getItems().get(0).toString();
    assertTrue(mnist.contains("bundled sample"), mnist);
  }
}
