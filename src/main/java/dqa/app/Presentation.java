package dqa.app;

import dqa.app.common.Settings;
import java.util.Locale;
import javafx.beans.property.DoubleProperty;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;

/**
 * Presentation mode for a projector: a zoom of the whole window (every size in the stylesheets is
 * relative to the root font, so scaling it scales text and controls; image tiles follow {@link
 * WorkbenchState#zoomProperty()}), remembered between starts, full screen, and the dark theme.
 *
 * <p>Keys: Ctrl + / Ctrl − / Ctrl 0 zoom in, out and back to normal; F11 full screen; Ctrl Shift D
 * switches between light and dark.
 */
public final class Presentation {
  static final String KEY = "zoom";
  /** The stylesheet's root font size at zoom 1. */
  static final double BASE_FONT_PX = 13;
  static final double MIN = 0.8;
  static final double MAX = 2.5;
  static final double STEP = 1.15;

  private Presentation() {}

  /** Applies the remembered zoom and installs the keys on a scene. */
  public static void install(Scene scene, DoubleProperty zoom, Settings settings) {
    zoom.set(clamp(parse(settings.get(KEY, "1"))));
    apply(scene, zoom.get());
    zoom.addListener((o, was, now) -> {
      apply(scene, now.doubleValue());
      settings.put(KEY, String.format(Locale.ROOT, "%.3f", now.doubleValue()));
    });
    var keys = scene.getAccelerators();
    Runnable in = () -> zoom.set(clamp(zoom.get() * STEP));
    Runnable out = () -> zoom.set(clamp(zoom.get() / STEP));
    Runnable reset = () -> zoom.set(1.0);
    for (KeyCode k : new KeyCode[] {KeyCode.PLUS, KeyCode.EQUALS, KeyCode.ADD}) {
      keys.put(new KeyCodeCombination(k, KeyCombination.SHORTCUT_DOWN), in);
    }
    for (KeyCode k : new KeyCode[] {KeyCode.MINUS, KeyCode.SUBTRACT}) {
      keys.put(new KeyCodeCombination(k, KeyCombination.SHORTCUT_DOWN), out);
    }
    for (KeyCode k : new KeyCode[] {KeyCode.DIGIT0, KeyCode.NUMPAD0}) {
      keys.put(new KeyCodeCombination(k, KeyCombination.SHORTCUT_DOWN), reset);
    }
    keys.put(new KeyCodeCombination(KeyCode.F11), () -> {
      if (scene.getWindow() instanceof Stage stage) {
        stage.setFullScreen(!stage.isFullScreen());
      }
    });
    keys.put(new KeyCodeCombination(KeyCode.D, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
        () -> Themes.toggle(scene, settings));
  }

  /**
   * The same switches as buttons for the status bar, so they can be found without knowing the keys:
   * zoom out, the zoom in percent (click: back to 100 %), zoom in, dark theme, full screen.
   */
  public static javafx.scene.Node controls(Scene scene, DoubleProperty zoom, Settings settings) {
    javafx.scene.control.Button out = new javafx.scene.control.Button("A−");
    out.setId("zoom-out");
    out.setTooltip(new javafx.scene.control.Tooltip("Smaller (Ctrl −)"));
    out.setOnAction(e -> zoom.set(clamp(zoom.get() / STEP)));
    javafx.scene.control.Button level = new javafx.scene.control.Button();
    level.setId("zoom-level");
    level.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
        () -> String.format(Locale.ROOT, "%.0f %%", 100 * zoom.get()), zoom));
    level.setTooltip(new javafx.scene.control.Tooltip("Back to normal size (Ctrl 0)"));
    level.setOnAction(e -> zoom.set(1.0));
    javafx.scene.control.Button in = new javafx.scene.control.Button("A+");
    in.setId("zoom-in");
    in.setTooltip(new javafx.scene.control.Tooltip("Larger, for a projector (Ctrl +)"));
    in.setOnAction(e -> zoom.set(clamp(zoom.get() * STEP)));
    javafx.scene.control.Button theme = new javafx.scene.control.Button("Light / dark");
    theme.setId("theme-toggle");
    theme.setTooltip(new javafx.scene.control.Tooltip("Switch the theme (Ctrl Shift D)"));
    theme.setOnAction(e -> Themes.toggle(scene, settings));
    javafx.scene.control.Button full = new javafx.scene.control.Button("Full screen");
    full.setId("full-screen");
    full.setTooltip(new javafx.scene.control.Tooltip("Full screen on and off (F11)"));
    full.setOnAction(e -> {
      if (scene.getWindow() instanceof Stage stage) {
        stage.setFullScreen(!stage.isFullScreen());
      }
    });
    javafx.scene.layout.HBox box = new javafx.scene.layout.HBox(4, out, level, in, theme, full);
    box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    return box;
  }

  static void apply(Scene scene, double zoom) {
    String size = String.format(Locale.ROOT, "-fx-font-size: %.2fpx;", BASE_FONT_PX * zoom);
    scene.getRoot().setStyle(size);
    // Tooltips, context menus and drop-down lists are popups with scenes of their own, outside the
    // root: they take the size from a rule of the scene's stylesheets, not from the root's font.
    scene.getStylesheets().removeIf(sheet -> sheet.startsWith(POPUP_SHEET_PREFIX));
    String css = ".tooltip, .context-menu, .combo-box-popup .list-view, .notification-bar { " + size + " }";
    scene.getStylesheets().add(POPUP_SHEET_PREFIX
        + java.util.Base64.getEncoder().encodeToString(css.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** The data URI that marks the popup rule {@link #apply} keeps in the scene's stylesheets. */
  static final String POPUP_SHEET_PREFIX = "data:text/css;base64,";

  static double clamp(double z) {
    return Double.isFinite(z) ? Math.max(MIN, Math.min(MAX, z)) : 1.0;
  }

  private static double parse(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return 1.0; // a hand-edited settings file: start at normal size
    }
  }
}
