package dqa.cli;

import dqa.data.Dataset;
import dqa.data.DatasetId;
import dqa.data.DatasetLoader;
import dqa.data.DatasetLocation;
import dqa.data.DatasetLocator;
import dqa.run.AppPaths;
import dqa.run.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
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
    checkDataDirs(id);
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

  /**
   * A folder the user names with {@code --data-dir} is a promise: when it is missing, holds only part
   * of the data set, or does not hold it at all, that is an error, not a quiet fall-back to another
   * copy (such as the bundled sample) that gives other numbers.
   */
  void checkDataDirs(DatasetId id) {
    if (dataDirs.isEmpty()) {
      return;
    }
    for (Path dir : dataDirs) {
      if (!Files.isDirectory(dir)) {
        throw new UserException("--data-dir " + dir + ": no such folder");
      }
    }
    DatasetLocator named = new DatasetLocator(dataDirs, null, List.of(), null);
    if (named.locate(id).isPresent()) {
      return;
    }
    named.findPartialCopy(id).ifPresent(p -> {
      throw new UserException("--data-dir: " + p.folder() + " holds only part of " + id.key() + "; missing "
          + String.join(", ", p.missing()) + " (raw or .gz)");
    });
    throw new UserException("--data-dir " + dataDirs.stream().map(Path::toString).collect(Collectors.joining(", "))
        + " does not hold " + id.key() + " (expected " + String.join(", ", id.fileNames()) + " in a folder named "
        + id.key() + " there, or in the folder itself)");
  }
}
