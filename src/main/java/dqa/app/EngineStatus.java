package dqa.app;

import dqa.data.DatasetId;
import dqa.data.DatasetLocation;
import dqa.data.DatasetLocator;
import dqa.run.AppPaths;
import dqa.run.DeviceChoice;
import dqa.run.Provenance;
import java.util.ArrayList;
import java.util.List;

/**
 * What the start screen shows: engine, device and versions, and the data sets found. Plain values,
 * gathered on the engine thread (loading libtorch takes seconds on a first start).
 */
public record EngineStatus(Provenance provenance, String device, String deviceNotice, List<DataRow> datasets) {

  /** One data set: where it was found, or that it was not. */
  public record DataRow(String id, String where) {}

  static EngineStatus gather(AppPaths paths) {
    DeviceChoice.Resolved device = DeviceChoice.AUTO.resolve();
    DatasetLocator locator = DatasetLocator.standard(paths, List.of());
    List<DataRow> rows = new ArrayList<>();
    for (DatasetId id : DatasetId.values()) {
      rows.add(new DataRow(id.key(), locator.locate(id).map(DatasetLocation::describe).orElse("not found")));
    }
    return new EngineStatus(Provenance.current(device.label()), device.label(), device.notice(), rows);
  }
}
