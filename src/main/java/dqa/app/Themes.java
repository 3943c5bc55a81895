package dqa.app;

import dqa.app.common.Settings;
import javafx.scene.Scene;

/** Light and dark looks: one base stylesheet plus a dark overlay, remembered between starts. */
public final class Themes {
  private static final String KEY = "theme";
  private static final String BASE = "/dqa/app/workbench.css";
  private static final String DARK = "/dqa/app/dark.css";

  private Themes() {}

  public static void apply(Scene scene, Settings settings) {
    scene.getStylesheets().add(Themes.class.getResource(BASE).toExternalForm());
    if ("dark".equals(settings.get(KEY, "light"))) {
      scene.getStylesheets().add(Themes.class.getResource(DARK).toExternalForm());
    }
  }

  /** Switches between light and dark and remembers the choice. */
  public static void toggle(Scene scene, Settings settings) {
    String dark = Themes.class.getResource(DARK).toExternalForm();
    if (scene.getStylesheets().remove(dark)) {
      settings.put(KEY, "light");
    } else {
      scene.getStylesheets().add(dark);
      settings.put(KEY, "dark");
    }
  }
}
