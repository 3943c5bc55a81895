package dqa.app.common;

import dqa.nn.ActivationSpec;
import dqa.nn.Architecture;
import dqa.nn.NetworkSpec;
import dqa.run.UserException;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;

/**
 * One activation per named layer of the architecture (conv1, conv2, fc1, …), each a choice that can
 * also be typed ({@code dqa:3/channel}). It edits the same text as the form's activation field
 * ({@code fixed:1,dqa:2,relu}, or one value for every layer), so either can be used and both agree.
 */
public final class ActivationEditor extends GridPane {
  static final List<String> CHOICES = List.of("relu", "fixed:1", "fixed:2", "fixed:3", "fixed:4", "dqa:1", "dqa:2",
      "dqa:3", "dqa:4", "dqa:2/channel");

  private final ObjectProperty<Architecture> architecture;
  private final StringProperty activations;
  private final List<ComboBox<String>> layers = new ArrayList<>();
  private boolean syncing;

  public ActivationEditor(String idPrefix, ObjectProperty<Architecture> architecture, StringProperty activations) {
    this.architecture = architecture;
    this.activations = activations;
    setHgap(8);
    setVgap(4);
    setId(idPrefix + "-layers");
    architecture.addListener(o -> rebuild(idPrefix));
    activations.addListener(o -> fromText());
    rebuild(idPrefix);
  }

  private void rebuild(String idPrefix) {
    getChildren().clear();
    layers.clear();
    Architecture a = architecture.get();
    List<String> names = a == null ? List.of() : a.activationLayers();
    if (names.isEmpty()) {
      add(new Label("No hidden activation in " + a + "."), 0, 0);
      return;
    }
    for (int i = 0; i < names.size(); i++) {
      ComboBox<String> choice = new ComboBox<>();
      choice.getItems().addAll(CHOICES);
      choice.setEditable(true);
      choice.setPrefWidth(140);
      choice.setId(idPrefix + "-layer-" + names.get(i));
      choice.setTooltip(new Tooltip("The activation after " + names.get(i) + ": relu, fixed:k or dqa:k (k = 1…8 bits; "
          + "/channel learns per channel)"));
      choice.valueProperty().addListener(o -> toText());
      layers.add(choice);
      Label name = new Label(names.get(i));
      name.setMinWidth(USE_PREF_SIZE);
      add(name, 0, i);
      add(choice, 1, i);
    }
    fromText();
  }

  /** The field's text into the per-layer choices, when it parses and fits this architecture. */
  private void fromText() {
    if (syncing || layers.isEmpty()) {
      return;
    }
    List<ActivationSpec> specs;
    try {
      specs = NetworkSpec.parseActivations(activations.get());
    } catch (UserException | IllegalArgumentException e) {
      return; // the form's own check names the problem
    }
    if (specs.size() != 1 && specs.size() != layers.size()) {
      return;
    }
    syncing = true;
    try {
      for (int i = 0; i < layers.size(); i++) {
        layers.get(i).setValue(specs.get(specs.size() == 1 ? 0 : i).toString());
      }
    } finally {
      syncing = false;
    }
  }

  /** The choices into the field's text: one value when every layer has the same. */
  private void toText() {
    if (syncing) {
      return;
    }
    List<String> values = layers.stream().map(c -> c.getValue() == null ? "" : c.getValue().trim()).toList();
    String text = values.stream().distinct().count() == 1 ? values.get(0) : String.join(",", values);
    syncing = true;
    try {
      activations.set(text);
    } finally {
      syncing = false;
    }
  }
}
