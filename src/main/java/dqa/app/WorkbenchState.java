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
  public ObjectProperty<Dataset> datasetProperty() {
    return dataset;
  }
}
