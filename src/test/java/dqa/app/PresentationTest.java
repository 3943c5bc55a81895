package dqa.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.app.common.Settings;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Presentation mode: the zoom scales the whole window's text and controls, stays in bounds and is remembered. */
@Tag("gui")
@ExtendWith(ApplicationExtension.class)
class PresentationTest {
  final Settings settings = Settings.inMemory();
  final SimpleDoubleProperty zoom = new SimpleDoubleProperty();
  Scene scene;
  Label label;
  Button button;

  @Start
  void start(Stage stage) {
    label = new Label("digit 7");
    button = new Button("Run");
    scene = new Scene(new VBox(label, button), 400, 300);
    Themes.apply(scene, settings);
    settings.put(Presentation.KEY, "not a number");
    Presentation.install(scene, zoom, settings);
    ((VBox) scene.getRoot()).getChildren().add(Presentation.controls(scene, zoom, settings));
    stage.setScene(scene);
    stage.show();
  }

  private void press(FxRobot robot, KeyCode key, KeyCombination.Modifier... modifiers) {
    robot.interact(() -> scene.getAccelerators().get(new KeyCodeCombination(key, modifiers)).run());
    robot.interact(() -> scene.getRoot().applyCss());
  }

  @Test
  void zoomScalesTextAndControlsWithinBoundsAndIsRemembered(FxRobot robot) {
    assertEquals(1.0, zoom.get(), "an unreadable setting starts at normal size");
    robot.interact(() -> scene.getRoot().applyCss());
    double font = label.getFont().getSize();
    double buttonHeight = button.prefHeight(-1);
    assertEquals(Presentation.BASE_FONT_PX, font, 0.01);

    press(robot, KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN);
    press(robot, KeyCode.PLUS, KeyCombination.SHORTCUT_DOWN);
    assertEquals(Presentation.STEP * Presentation.STEP, zoom.get(), 1e-9);
    assertEquals(font * zoom.get(), label.getFont().getSize(), 0.05, "text grows with the zoom");
    assertTrue(button.prefHeight(-1) > buttonHeight * 1.2, "and so do controls");
    assertEquals(zoom.get(), Double.parseDouble(settings.get(Presentation.KEY, "")), 1e-3, "remembered");

    for (int i = 0; i < 20; i++) {
      press(robot, KeyCode.ADD, KeyCombination.SHORTCUT_DOWN);
    }
    assertEquals(Presentation.MAX, zoom.get(), 1e-9);
    for (int i = 0; i < 40; i++) {
      press(robot, KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN);
    }
    assertEquals(Presentation.MIN, zoom.get(), 1e-9);
    press(robot, KeyCode.DIGIT0, KeyCombination.SHORTCUT_DOWN);
    assertEquals(1.0, zoom.get());
    assertEquals(font, label.getFont().getSize(), 0.01);
  }

  @Test
  void tooltipsAndDialogsGrowWithTheZoomToo(FxRobot robot) {
    javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip("Run the attack (Ctrl+Enter)");
    robot.interact(() -> button.setTooltip(tip));
    robot.interact(() -> zoom.set(1.5));
    robot.interact(() -> {
      javafx.geometry.Bounds b = button.localToScreen(button.getBoundsInLocal());
      tip.show(button, b.getMinX(), b.getMaxY());
      tip.getScene().getRoot().applyCss();
    });
    assertEquals(Presentation.BASE_FONT_PX * 1.5, tip.getFont().getSize(), 0.05, "a tooltip is a popup outside the root");
    robot.interact(tip::hide);

    javafx.scene.control.DialogPane pane = new javafx.scene.control.DialogPane();
    pane.setContentText("Training failed");
    robot.interact(() -> {
      dqa.app.common.FxDialogService.styleLikeOwner(pane, scene.getWindow());
      new Scene(pane);
      pane.applyCss();
    });
    javafx.scene.Node content = pane.lookup(".content");
    assertTrue(content instanceof Label, String.valueOf(content));
    assertEquals(Presentation.BASE_FONT_PX * 1.5, ((Label) content).getFont().getSize(), 0.05, "and so is a dialog");
    assertEquals(scene.getStylesheets(), pane.getStylesheets(), "with the window's theme");
    robot.interact(() -> zoom.set(1.0));
  }

  @Test
  void theStatusBarButtonsDoWhatTheKeysDo(FxRobot robot) {
    robot.interact(() -> robot.lookup("#zoom-in").queryAs(Button.class).fire());
    assertEquals(Presentation.STEP, zoom.get(), 1e-9);
    assertEquals("115 %", robot.lookup("#zoom-level").queryAs(Button.class).getText());
    robot.interact(() -> robot.lookup("#zoom-level").queryAs(Button.class).fire());
    assertEquals(1.0, zoom.get());
    robot.interact(() -> robot.lookup("#zoom-out").queryAs(Button.class).fire());
    assertEquals(1 / Presentation.STEP, zoom.get(), 1e-9);
    robot.interact(() -> robot.lookup("#theme-toggle").queryAs(Button.class).fire());
    assertEquals("dark", settings.get("theme", ""));
  }

  @Test
  void theDarkThemeSwitchesAndIsRemembered(FxRobot robot) {
    int sheets = scene.getStylesheets().size();
    press(robot, KeyCode.D, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    assertEquals(sheets + 1, scene.getStylesheets().size());
    assertEquals("dark", settings.get("theme", ""));
    press(robot, KeyCode.D, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    assertEquals("light", settings.get("theme", ""));
  }
}
