package dqa.cli;

import dqa.data.Dataset;
import dqa.data.DatasetId;
import dqa.data.DatasetLoader;
import dqa.data.DatasetLocation;
import dqa.data.DatasetLocator;
import dqa.run.Json;
import dqa.run.UserException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code datasets}: every known data set, where it was found, its counts and whether it verified. */
@Command(name = "datasets", mixinStandardHelpOptions = true, description = "List the data sets: where each was found, counts, verified or not.")
final class DatasetsCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(names = "--json", description = "Print one JSON object on stdout and nothing else there.")
  boolean json;

  /** One row per data set (and per place it was found). */
  record Row(
      String id, String name, boolean found, String source, String folder, Integer train, Integer test,
      Boolean verified, String sha256, String problem) {}

  /** What {@code --json} prints. */
  record Output(List<Row> datasets) {}

  @Override
  public Integer call() {
    DatasetLocator locator = global.locator();
    List<Row> rows = new ArrayList<>();
    for (DatasetId id : DatasetId.values()) {
      List<DatasetLocation> found = locator.locateAll(id);
      if (found.isEmpty()) {
        rows.add(new Row(id.key(), id.displayName(), false, null, null, null, null, null, null, "not found; get it with: fetch " + id.key()));
      }
      for (DatasetLocation loc : found) {
        try {
          Dataset d = DatasetLoader.load(loc);
          rows.add(new Row(id.key(), d.displayName(), true, loc.source().toString(), loc.folder().toString(),
              d.train().count(), d.test().count(), d.verified(), d.sha256(), null));
        } catch (UserException e) {
          rows.add(new Row(id.key(), Dataset.displayName(id, DatasetLoader.copyIn(id, loc.folder())), true,
              loc.source().toString(), loc.folder().toString(), null, null, false, null, e.getMessage()));
        }
      }
    }
    if (json) {
      System.out.println(Json.write(new Output(rows)));
    } else {
      for (Row r : rows) {
        if (!r.found()) {
          System.out.printf(Locale.ROOT, "%-14s %s%n", r.id(), r.problem());
        } else if (r.problem() != null) {
          System.out.printf(Locale.ROOT, "%-14s %-15s %s%n  problem: %s%n", r.id(), r.source(), r.folder(), r.problem());
        } else {
          System.out.printf(Locale.ROOT, "%-14s %-15s train %6d  test %6d  %-12s %s%s%n", r.id(), r.source(), r.train(),
              r.test(), r.verified() ? "verified" : "not verified", r.folder(),
              r.name().equals(DatasetId.parse(r.id()).displayName()) ? "" : "  [" + r.name() + "]");
        }
      }
    }
    return 0;
  }
}
