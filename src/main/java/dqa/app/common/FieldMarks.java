package dqa.app.common;

import javafx.collections.MapChangeListener;
import javafx.collections.ObservableMap;
import javafx.css.PseudoClass;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;

/** Marks a form control whose field has a problem: a red frame (CSS {@code :invalid}) and the problem in its tooltip. */
public final class FieldMarks {
  public static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

  private FieldMarks() {}

  /** Keeps {@code control} marked while {@code problems} holds a message under {@code key}. */
  public static void mark(Control control, ObservableMap<String, String> problems, String key) {
    Tooltip tip = control.getTooltip() != null ? control.getTooltip() : new Tooltip();
    String help = tip.getText() == null ? "" : tip.getText();
    control.setTooltip(tip);
    Runnable update = () -> {
      String problem = problems.get(key);
      control.pseudoClassStateChanged(INVALID, problem != null);
      tip.setText(problem == null ? help : help.isEmpty() ? problem : problem + "\n\n" + help);
    };
    problems.addListener((MapChangeListener<String, String>) change -> {
      if (key.equals(change.getKey())) {
        update.run();
      }
    });
    update.run();
  }
}
