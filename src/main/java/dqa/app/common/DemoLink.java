package dqa.app.common;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/** The offer of the guided demo on the first screens, for a first-time user or a class. */
public final class DemoLink {
  private DemoLink() {}

  /** A line "New here? …" with a button that starts the demo; {@code id} names the button. */
  public static HBox of(String id, Runnable startDemo) {
    Label text = new Label("New here, or in front of a class? The guided demo shows in five attacks what gradient masking is.");
    text.setWrapText(true);
    Button start = new Button("Start the guided demo");
    start.setId(id);
    start.setTooltip(new Tooltip("Opens the Attack step and runs the first of five attacks on the shipped MNIST models"));
    start.setOnAction(e -> startDemo.run());
    start.setMinWidth(Button.USE_PREF_SIZE);
    HBox box = new HBox(10, text, start);
    box.setAlignment(Pos.CENTER_LEFT);
    box.getStyleClass().add("demo-link");
    return box;
  }
}
