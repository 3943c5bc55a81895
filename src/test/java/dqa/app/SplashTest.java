package dqa.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.run.EngineCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The splash while the engine loads: it hands over when loading is done, and an engine cache that
 * cannot be written is named with a way out instead of a stack trace. The loader is a stand-in, so
 * the real engine (and its cache) are never touched here.
 */
@Tag("gui")
@ExtendWith(ApplicationExtension.class)
class SplashTest {
  @TempDir static Path tmp;
  private Stage stage;
  private final String previous = System.getProperty(EngineCache.PROPERTY);

  @Start
  void start(Stage stage) {
    this.stage = stage;
  }

  @AfterEach
  void restore() {
    if (previous == null) {
      System.clearProperty(EngineCache.PROPERTY);
    } else {
      System.setProperty(EngineCache.PROPERTY, previous);
    }
  }

  private Splash show(FxRobot robot) {
    AtomicReference<Splash> splash = new AtomicReference<>();
    robot.interact(() -> {
      splash.set(new Splash(() -> tmp.resolve("chosen")));
      stage.setScene(new Scene(splash.get()));
      stage.show();
    });
    return splash.get();
  }

  @Test
  void handsOverWhenTheEngineIsLoaded(FxRobot robot) throws Exception {
    System.setProperty(EngineCache.PROPERTY, tmp.resolve("cache").toString());
    Splash splash = show(robot);
    assertTrue(robot.lookup("#splash-status").queryAs(Label.class).getText().contains("First start"),
        "an empty cache means libtorch is still to be unpacked");
    AtomicReference<String> ready = new AtomicReference<>();
    robot.interact(() -> splash.load(() -> "engine ok", ready::set));
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> ready.get() != null);
    assertEquals("engine ok", ready.get());
  }

  @Test
  void anUnwritableCacheIsNamedWithAWayOut(FxRobot robot) throws Exception {
    Path notAFolder = Files.writeString(tmp.resolve("occupied"), "a file where the cache should go");
    System.setProperty(EngineCache.PROPERTY, notAFolder.toString());
    Splash splash = show(robot);
    robot.interact(() -> splash.load(() -> "never", r -> {}));
    Label status = robot.lookup("#splash-status").queryAs(Label.class);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status.getText().startsWith("The engine could not start"));
    assertTrue(status.getText().contains(notAFolder.toString()), status.getText());
    assertTrue(!status.getText().contains("Exception"), "a message, not a stack trace: " + status.getText());
    assertTrue(robot.lookup("#splash-choose").query().isVisible());
    robot.clickOn("#splash-choose");
    assertTrue(robot.lookup("#splash-detail").queryAs(Label.class).getText().contains("chosen"));
  }
}
