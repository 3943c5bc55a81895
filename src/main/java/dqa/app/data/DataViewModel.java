package dqa.app.data;

import dqa.app.Workbench;
import dqa.app.WorkbenchState;
import dqa.app.common.Job;
import dqa.data.Dataset;
import dqa.data.DatasetDownloader;
import dqa.data.DatasetId;
import dqa.data.DatasetLoader;
import dqa.data.DatasetLocation;
import dqa.data.DatasetLocator;
import dqa.data.DownloadListener;
import dqa.run.UserException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Data step: which data sets exist where, loading one for the other steps, downloading or
 * importing a copy; a sample grid and class counts of the loaded one.
 */
public final class DataViewModel {
  private static final String LAST = "data.last";

  /** One row of the data-set table. */
  public record Row(DatasetId id, String name, String where, boolean found) {}

  private final Workbench workbench;
  private final WorkbenchState state;
  private final ObservableList<Row> rows = FXCollections.observableArrayList();
  private final ObjectProperty<Row> selected = new SimpleObjectProperty<>();
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("No data set loaded.");
  private final BooleanProperty busy = new SimpleBooleanProperty();

  public DataViewModel(Workbench workbench, WorkbenchState state) {
    this.workbench = workbench;
    this.state = state;
    state.datasetProperty().addListener((obs, old, d) -> summary.set(d == null ? "No data set loaded." : describe(d)));
  }

  /** Looks for every data set again (cheap: only folders are checked). */
  public void refresh() {
    DatasetLocator locator = DatasetLocator.standard(workbench.paths(), List.of());
    Row keep = selected.get();
    rows.clear();
    for (DatasetId id : DatasetId.values()) {
      Optional<DatasetLocation> found = locator.locate(id);
      String name = found.map(l -> Dataset.displayName(id, DatasetLoader.copyIn(id, l.folder()))).orElse(id.displayName());
      rows.add(new Row(id, name, found.map(DatasetLocation::describe).orElse("not found — download or import it"),
          found.isPresent()));
    }
    String last = keep != null ? keep.id().key() : workbench.settings().get(LAST, DatasetId.MNIST.key());
    rows.stream().filter(r -> r.id().key().equals(last)).findFirst().ifPresent(selected::set);
  }

  /** Loads the selected data set for the other steps. */
  public Job<Dataset> loadSelected() {
    Row row = requireSelection();
    return run(Job.of("Loading " + row.name(), (progress, cancel) -> {
      DatasetLocation location =
          DatasetLocator.standard(workbench.paths(), List.of())
              .locate(row.id())
              .orElseThrow(() -> new UserException(row.name() + " was not found; download or import it first"));
      return DatasetLoader.load(location, progress, cancel);
    }));
  }

  /** Downloads the selected data set into the cache (mirrors in turn, resumable, verified). */
  public Job<Dataset> downloadSelected() {
    Row row = requireSelection();
    return run(Job.of("Downloading " + row.name(), (progress, cancel) ->
        DatasetDownloader.standard(workbench.paths()).download(row.id(), DownloadListener.of(progress), cancel)));
  }

  /** Imports a local folder or archive as the selected data set. */
  public Job<Dataset> importSelected(Path from) {
    Row row = requireSelection();
    return run(Job.of("Importing " + row.name(), (progress, cancel) ->
        DatasetDownloader.standard(workbench.paths()).importFrom(row.id(), from, DownloadListener.of(progress), cancel)));
  }

  private Job<Dataset> run(Job<Dataset> job) {
    busy.set(true);
    job.onSucceeded(d -> {
          state.datasetProperty().set(d);
          workbench.settings().put(LAST, d.id().key());
          refresh();
        })
        .reportingFailures(workbench.dialogs(), job.title() + " failed")
        .onDone(() -> busy.set(false));
    return workbench.tasks().start(job);
  }

  private Row requireSelection() {
    Row row = selected.get();
    if (row == null) {
      throw new IllegalStateException("no data set selected");
    }
    return row;
  }

  static String describe(Dataset d) {
    return String.format(java.util.Locale.ROOT, "%s — %,d training and %,d test images, %d×%d×%d, from %s; SHA-256 %s…%s",
        d.displayName(), d.train().count(), d.test().count(), d.train().channels(), d.train().height(),
        d.train().width(), d.location().describe(), d.sha256().substring(0, 12), d.verified() ? " (verified)" : "");
  }

  public ObservableList<Row> rows() {
    return rows;
  }

  public ObjectProperty<Row> selectedProperty() {
    return selected;
  }

  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  public BooleanProperty busyProperty() {
    return busy;
  }

  public WorkbenchState state() {
    return state;
  }
}
