package dqa.app;

import dqa.data.Dataset;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/** What the views share while the window is open: the data set in use, news of new runs, the zoom. */
public final class WorkbenchState {
  private final ObjectProperty<Dataset> dataset = new SimpleObjectProperty<>();
  private final javafx.beans.property.IntegerProperty runsChanged = new javafx.beans.property.SimpleIntegerProperty();

  /** Counts finished or deleted runs; views listing runs refresh when it changes. */
  public javafx.beans.property.IntegerProperty runsChangedProperty() {
    return runsChanged;
  }

  /** Tells the views that the workspace's runs changed. */
  public void runsChanged() {
    runsChanged.set(runsChanged.get() + 1);
  }

  private final javafx.beans.property.DoubleProperty zoom = new javafx.beans.property.SimpleDoubleProperty(1.0);

  /** How much larger than normal the whole window is drawn (presentation mode; 1 = normal). */
  public javafx.beans.property.DoubleProperty zoomProperty() {
    return zoom;
  }

  /** The loaded data set the Train, Attack and Robustness views work on (null until loaded). */
  // The recipe the Model and Train steps share: set on one, trained on the other.
  private final ObjectProperty<dqa.nn.Architecture> architecture = new SimpleObjectProperty<>(dqa.nn.Architecture.LENET);
  private final javafx.beans.property.StringProperty activations = new javafx.beans.property.SimpleStringProperty("dqa:2");

  /** The network the Model step shows and the Train step trains. */
  public ObjectProperty<dqa.nn.Architecture> architectureProperty() {
    return architecture;
  }

  /** Its activations as text ({@code dqa:2}, or {@code fixed:1,dqa:2,relu} per layer). */
  public javafx.beans.property.StringProperty activationsProperty() {
    return activations;
  }

  public ObjectProperty<Dataset> datasetProperty() {
    return dataset;
  }
}
