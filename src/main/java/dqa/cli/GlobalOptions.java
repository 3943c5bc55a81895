package dqa.cli;

import dqa.data.Dataset;
import dqa.data.DatasetId;
import dqa.data.DatasetLoader;
import dqa.data.DatasetLocation;
import dqa.data.DatasetLocator;
import dqa.run.AppPaths;
import dqa.run.UserException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every command takes: where data is looked for, and where runs are written. */
final class GlobalOptions {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Look for data sets here first (repeatable; also env DQA_DATA_DIR).")
  List<Path> dataDirs = new ArrayList<>();

  @Option(
      names = "--workspace",
      paramLabel = "DIR",
      description = "Folder for runs and results (default: env DQA_WORKSPACE or ~/.dqa-workbench/workspace).")
  Path workspace;

  AppPaths paths() {
    return AppPaths.detect(System.getenv(), workspace);
  }

  DatasetLocator locator() {
    return DatasetLocator.standard(paths(), dataDirs);
  }

  /** Finds and loads a data set, or says where it was looked for. */
  Dataset load(DatasetId id) {
    DatasetLocation location =
        locator()
            .locate(id)
            .orElseThrow(
                () ->
                    new UserException(
                        "data set "
                            + id.key()
                            + " not found (looked in --data-dir, DQA_DATA_DIR, "
                            + paths().datasetCache()
                            + ", system folders and the bundled sample); get it with: fetch "
                            + id.key()));
    return DatasetLoader.load(location);
  }
}
