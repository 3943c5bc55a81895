package dqa.train;

import dqa.nn.Network;
import dqa.run.UserException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves what a user names as a model — a model folder, a run folder, or the name of a shipped
 * model — to the folder holding {@code model.json} and its weights.
 */
public final class ModelLocator {
  private ModelLocator() {}

  public static Path resolve(String ref, Path shippedModels) {
    Path p = Path.of(ref);
    if (Files.isDirectory(p)) {
      return inFolder(p);
    }
    Path shipped = shippedModels.resolve(ref);
    if (!ref.contains("/") && Files.isDirectory(shipped)) {
      return inFolder(shipped);
    }
    throw new UserException(
        "--model " + ref + ": no such folder, and no shipped model of that name in " + shippedModels);
  }

  private static Path inFolder(Path dir) {
    if (Files.isRegularFile(dir.resolve(Network.SPEC_FILE))) {
      return dir;
    }
    if (Files.isRegularFile(dir.resolve(RunManifest.FILE))) {
      Path model = dir.resolve(RunFolder.MODEL);
      if (Files.isRegularFile(model.resolve(Network.SPEC_FILE))) {
        return model;
      }
      return RunFolder.open(dir)
          .latestCheckpoint()
          .orElseThrow(() -> new UserException(dir + ": the run has no finished model or checkpoint yet"));
    }
    throw new UserException(dir + ": neither a model folder (model.json) nor a run folder (run.json)");
  }
}
