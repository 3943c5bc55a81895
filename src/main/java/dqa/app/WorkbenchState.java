package dqa.app;

import dqa.data.Dataset;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/** What the views share while the window is open: the data set in use. */
public final class WorkbenchState {
  private final ObjectProperty<Dataset> dataset = new SimpleObjectProperty<>();

  /** The loaded data set the Train, Attack and Robustness views work on (null until loaded). */
  public ObjectProperty<Dataset> datasetProperty() {
    return dataset;
  }
}
