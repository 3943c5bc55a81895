package dqa.cli;

import dqa.data.Dataset;
import dqa.data.DatasetId;
import dqa.data.LabeledImages;
import dqa.nn.Network;
import dqa.run.DeviceChoice;
import dqa.run.UserException;
import dqa.train.ModelLocator;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of commands that evaluate a saved model on test images. */
final class ModelOptions {
  @Option(names = "--model", required = true, paramLabel = "DIR|NAME", description = "A model folder, a run folder, or a shipped model's name.")
  String model;

  @Option(names = "--dataset", description = "Data set to test on (default: the model's).")
  String dataset;

  @Option(names = "--limit", defaultValue = "0", description = "Use the first N test images (0 = all).")
  int limit;

  @Option(names = "--batch", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--json", description = "Print one JSON object on stdout and nothing else there.")
  boolean json;

  Path modelDir(GlobalOptions global) {
    return ModelLocator.resolve(model, global.paths().models());
  }

  /** Loads the network on the chosen device (call on the engine thread). */
  Network loadNetwork(Path dir) {
    return Network.load(dir, DeviceChoice.parse(device).resolve().device());
  }

  /** The test images: the model's data set unless --dataset says otherwise; shapes must match. */
  LabeledImages testImages(GlobalOptions global, String modelDataset, int channels, int height, int width) {
    DatasetId id = DatasetId.parse(dataset == null ? modelDataset : dataset);
    if (id.channels() != channels || id.height() != height || id.width() != width) {
      throw new UserException(
          "--dataset " + id.key() + " has " + id.channels() + "x" + id.height() + "x" + id.width()
              + " images, the model expects " + channels + "x" + height + "x" + width);
    }
    if (batch < 1) {
      throw new UserException("--batch must be at least 1");
    }
    if (limit < 0) {
      throw new UserException("--limit must be 0 (all) or positive");
    }
    Dataset data = global.load(id);
    loadedName = data.displayName();
    return limit > 0 ? data.test().head(limit) : data.test();
  }

  private String loadedName;

  /** The name of the data set the last {@code testImages} loaded, e.g. "CIFAR-10 (JPEG copy)". */
  String datasetName() {
    return loadedName;
  }

  /** The whole test set of the data set in use (for held-out images), shapes checked as above. */
  LabeledImages allTestImages(GlobalOptions global, String modelDataset, int channels, int height, int width) {
    int keep = limit;
    limit = 0;
    try {
      return testImages(global, modelDataset, channels, height, width);
    } finally {
      limit = keep;
    }
  }
}
