package dqa.app;

import dqa.run.AppPaths;
import dqa.run.EngineWorker;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/** State of the start view: engine status loading in the background, then the data sets found. */
public final class StartViewModel {
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Starting the engine (first start unpacks libtorch)…");
  private final ReadOnlyObjectWrapper<EngineStatus> engine = new ReadOnlyObjectWrapper<>();
  private final ObservableList<EngineStatus.DataRow> datasets = FXCollections.observableArrayList();
  private final AppPaths paths;

  public StartViewModel(AppPaths paths) {
    this.paths = paths;
  }

  /** A named background task that loads the engine on the engine thread. */
  final class LoadEngineTask extends Task<EngineStatus> {
    @Override
    protected EngineStatus call() {
      updateMessage("Loading the PyTorch engine…");
      return EngineWorker.shared().call(() -> EngineStatus.gather(paths));
    }
  }

  /** Starts loading; results land in the properties on the FX thread. */
  public Task<EngineStatus> load() {
    LoadEngineTask task = new LoadEngineTask();
    task.setOnSucceeded(
        e -> {
          EngineStatus s = task.getValue();
          engine.set(s);
          datasets.setAll(s.datasets());
          status.set("Engine ready: PyTorch " + s.provenance().pytorchVersion() + " on " + s.device()
              + (s.deviceNotice() == null ? "" : " (" + s.deviceNotice() + ")"));
        });
    task.setOnFailed(e -> status.set("The engine could not start: " + task.getException().getMessage()));
    Thread t = new Thread(task, "dqa-load-engine");
    t.setDaemon(true);
    t.start();
    return task;
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<EngineStatus> engineProperty() {
    return engine.getReadOnlyProperty();
  }

  public ObservableList<EngineStatus.DataRow> datasets() {
    return datasets;
  }
}
