package dqa.testing;

import dqa.data.Dataset;
import dqa.data.DatasetId;
import dqa.data.DatasetLoader;
import dqa.nn.Architecture;
import dqa.nn.GradientMode;
import dqa.nn.NetworkSpec;
import dqa.run.AtomicFiles;
import dqa.run.CancellationToken;
import dqa.train.AdversarialConfig;
import dqa.train.RunFolder;
import dqa.train.TrainConfig;
import dqa.train.Training;
import dqa.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Two tiny CNNs trained for one epoch on 1024 images of the bundled MNIST sample, once per test
 * JVM and shared by the evaluation tests: a full-precision {@code relu} twin and a 1-bit {@code
 * fixed:1} (sign) sibling. Call from the engine tests only.
 */
public final class TinyModels {
  private static Dataset sample;
  private static Path dir;
  private static Path relu;
  private static Path fixed1;

  private TinyModels() {}

  public static synchronized Dataset sample() {
    if (sample == null) {
      sample = DatasetLoader.load(
          DatasetId.MNIST, Path.of(System.getProperty("dqa.assets", "assets"), "sample", "mnist"));
    }
    return sample;
  }

  /** The model folder of the relu CNN. */
  public static synchronized Path relu() {
    if (relu == null) {
      relu = train("relu");
    }
    return relu;
  }

  /** The model folder of the fixed:1 CNN (trained with straight-through gradients). */
  public static synchronized Path fixed1() {
    if (fixed1 == null) {
      fixed1 = train("fixed:1");
    }
    return fixed1;
  }

  private static Path train(String activation) {
    try {
      if (dir == null) {
        dir = Files.createTempDirectory("dqa-tiny-models");
        Path d = dir;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> AtomicFiles.deleteRecursively(d)));
      }
      TrainConfig config =
          new TrainConfig("mnist", Architecture.CNN, NetworkSpec.parseActivations(activation), GradientMode.ste(),
              TrainConfig.Optimizer.ADAM, 3e-3, 0.9, 0, TrainConfig.Schedule.CONSTANT, java.util.List.of(), 0.1, 1, 64,
              5, 1024, 64, false, AdversarialConfig.none(), "cpu");
      String name = activation.replace(':', '-');
      RunFolder folder = RunFolder.create(dir.resolve(name), dir, name);
      Training.start(config, sample(), folder, null, TrainingListener.NONE, CancellationToken.none());
      return folder.modelDir();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
