package dqa.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import dqa.attack.Fgsm;
import dqa.attack.TrainingAttacks;
import dqa.data.Dataset;
import dqa.data.DatasetId;
import dqa.data.DatasetLoader;
import dqa.data.LabeledImages;
import dqa.nn.Architecture;
import dqa.nn.GradientMode;
import dqa.nn.Network;
import dqa.nn.NetworkSpec;
import dqa.run.CancellationToken;
import dqa.run.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("engine")
class TrainingTest {
  static Dataset sample;

  @BeforeAll
  static void load() {
    sample = DatasetLoader.load(DatasetId.MNIST, Path.of(System.getProperty("dqa.assets", "assets"), "sample", "mnist"));
  }

  static TrainConfig tiny(String act, int epochs, int limit, AdversarialConfig adv) {
    return new TrainConfig(
        "mnist", Architecture.CNN, NetworkSpec.parseActivations(act), GradientMode.ste(), TrainConfig.Optimizer.ADAM,
        3e-3, 0.9, 0, TrainConfig.Schedule.CONSTANT, List.of(), 0.1, epochs, 64, 3, limit, 200, false, adv, "cpu");
  }

  @Test
  void aRunLeavesItsFolderAndLearns(@TempDir Path tmp) throws Exception {
    RunFolder folder = RunFolder.create(tmp.resolve("run"), tmp, "x");
    List<TrainingListener.BatchMetrics> batches = new java.util.ArrayList<>();
    TrainResult r =
        Training.start(tiny("relu", 1, 1024, null), sample, folder, null, new TrainingListener() {
          @Override
          public void batchFinished(BatchMetrics m) {
            batches.add(m);
          }
        }, CancellationToken.none());
    assertEquals(RunManifest.Status.COMPLETED, r.status());
    assertEquals(16, batches.size());
    assertTrue(r.testAccuracy() > 0.5, "1024 images should teach a CNN more than chance: " + r.testAccuracy());
    for (String f : List.of("run.json", "metrics.csv", "batches.csv", "model/model.json", "checkpoints/epoch-0001/model.json")) {
      assertTrue(Files.exists(folder.dir().resolve(f)), f);
    }
    RunManifest m = folder.readManifest();
    assertEquals(sample.sha256(), m.data().sha256());
    assertEquals("cpu", m.config().device());
    assertTrue(m.provenance().pytorchVersion().startsWith("2."), m.provenance().pytorchVersion());
    assertEquals(2, Files.readAllLines(folder.dir().resolve("metrics.csv")).size());
    assertEquals(17, Files.readAllLines(folder.dir().resolve("batches.csv")).size());
  }

  @Test
  void dqaThresholdsMoveAndAreRecorded(@TempDir Path tmp) {
    RunFolder folder = RunFolder.create(tmp.resolve("run"), tmp, "x");
    Training.start(tiny("dqa:2", 1, 640, null), sample, folder, null, TrainingListener.NONE, CancellationToken.none());
    RunManifest m = folder.readManifest();
    float[][] before = m.initialThresholds().get("act1");
    float[][] after = m.thresholds().get("act1");
    assertEquals(3, after[0].length);
    assertNotEquals(before[0][1], after[0][1], "DQA thresholds should have learned");
    assertTrue(after[0][0] < after[0][1] && after[0][1] < after[0][2]);
  }

  @Test
  void aCancelledRunKeepsItsCheckpointAndResumes(@TempDir Path tmp) {
    RunFolder folder = RunFolder.create(tmp.resolve("run"), tmp, "x");
    CancellationToken cancel = new CancellationToken();
    AtomicInteger seen = new AtomicInteger();
    TrainResult first =
        Training.start(tiny("fixed:2", 2, 320, null), sample, folder, null, new TrainingListener() {
          @Override
          public void batchFinished(BatchMetrics m) {
            if (m.epoch() == 2 && seen.incrementAndGet() == 2) {
              cancel.cancel();
            }
          }
        }, cancel);
    assertEquals(RunManifest.Status.CANCELLED, first.status());
    assertEquals(1, first.epochsCompleted());
    assertFalse(Files.exists(folder.modelDir()), "no final model for a cancelled run");
    assertTrue(folder.latestCheckpoint().isPresent());

    TrainResult resumed =
        Training.resume(RunFolder.open(folder.dir()), sample, null, TrainingListener.NONE, CancellationToken.none());
    assertEquals(RunManifest.Status.COMPLETED, resumed.status());
    assertEquals(2, resumed.epochsCompleted());
    assertEquals(2, folder.readManifest().epochs().size());
    assertTrue(Files.exists(folder.modelDir().resolve("model.json")));
  }

  /**
   * A run cancelled in its second epoch and resumed must end with the very weights of a run that was
   * never interrupted: the optimizer's moments and the random starts of the adversarial crafting
   * carry over through the checkpoint.
   */
  @Test
  void aResumedRunEndsWithTheWeightsOfAnUninterruptedOne(@TempDir Path tmp) {
    for (TrainConfig.Optimizer optimizer : TrainConfig.Optimizer.values()) {
      TrainConfig config = withOptimizer(tiny("relu", 2, 192, AdversarialConfig.pgd(0.3, 0.1, 2)), optimizer);
      Map<String, Network.Tensor> straight = finalWeights(config, tmp.resolve(optimizer + "-straight"), false);
      Map<String, Network.Tensor> resumed = finalWeights(config, tmp.resolve(optimizer + "-resumed"), true);
      assertEquals(straight.keySet(), resumed.keySet());
      straight.forEach(
          (name, t) ->
              assertArrayEquals(t.values(), resumed.get(name).values(), optimizer + ": " + name + " differs after resuming"));
    }
  }

  private static TrainConfig withOptimizer(TrainConfig c, TrainConfig.Optimizer optimizer) {
    return new TrainConfig(
        c.dataset(), c.architecture(), c.activations(), c.gradient(), optimizer, c.learningRate(), c.momentum(),
        c.weightDecay(), c.schedule(), c.milestones(), c.decayFactor(), c.epochs(), c.batchSize(), c.seed(),
        c.trainLimit(), c.testLimit(), c.augment(), c.adversarial(), c.device());
  }

  private static Map<String, Network.Tensor> finalWeights(TrainConfig config, Path dir, boolean interrupt) {
    RunFolder folder = RunFolder.create(dir, dir.getParent(), "x");
    CancellationToken cancel = new CancellationToken();
    TrainResult first =
        Training.start(config, sample, folder, TrainingAttacks.forRecipe(config), new TrainingListener() {
          @Override
          public void batchFinished(BatchMetrics m) {
            if (interrupt && m.epoch() == 2 && m.batch() == 1) {
              cancel.cancel();
            }
          }
        }, cancel);
    if (interrupt) {
      assertEquals(RunManifest.Status.CANCELLED, first.status());
      assertTrue(ResumableOptimizer.isIn(folder.checkpointDir(1)), "the checkpoint holds the optimizer state");
      Training.resume(
          RunFolder.open(dir), sample, TrainingAttacks.forRecipe(config), TrainingListener.NONE, CancellationToken.none());
    }
    try (Network n = Network.load(folder.modelDir(), ai.djl.Device.cpu())) {
      return n.namedParameters();
    }
  }

  @Test
  void adversarialTrainingRunsWithFrozenWeightsWhileCrafting(@TempDir Path tmp) {
    RunFolder folder = RunFolder.create(tmp.resolve("run"), tmp, "x");
    TrainResult r =
        Training.start(
            tiny("relu", 1, 256, AdversarialConfig.fgsm(0.3)), sample, folder, Fgsm.of(0.3), TrainingListener.NONE,
            CancellationToken.none());
    assertEquals(RunManifest.Status.COMPLETED, r.status());
    assertTrue(folder.readManifest().perturber().startsWith("fgsm"));
  }

  /**
   * With adversarial weight 1 the step trains on the crafted batch alone: a run whose "attack" inverts the
   * images learns exactly as a clean run on inverted images does, batch by batch, loss and accuracy.
   */
  @Test
  void weightOneTrainsOnTheAdversarialBatchAlone(@TempDir Path tmp) {
    InputPerturber invert = new InputPerturber() {
      @Override
      public NDArray perturb(Network network, NDArray images, NDArray labels) {
        return images.neg().add(1f);
      }

      @Override
      public String describe() {
        return "invert";
      }
    };
    AdversarialConfig weightOne = new AdversarialConfig(AdversarialConfig.Method.FGSM, 0.3, 0.3, 1, false, 1.0);
    List<TrainingListener.BatchMetrics> adversarial = batchesOf(
        tiny("relu", 1, 256, weightOne), sample, RunFolder.create(tmp.resolve("a"), tmp, "a"), invert);
    Dataset inverted = new Dataset(sample.id(), sample.location(), inverted(sample.train()), inverted(sample.test()),
        sample.sha256(), false);
    List<TrainingListener.BatchMetrics> clean = batchesOf(
        tiny("relu", 1, 256, null), inverted, RunFolder.create(tmp.resolve("c"), tmp, "c"), null);
    assertEquals(clean.size(), adversarial.size());
    for (int i = 0; i < clean.size(); i++) {
      assertEquals(clean.get(i).loss(), adversarial.get(i).loss(), 1e-4, "loss of batch " + (i + 1));
      assertEquals(clean.get(i).accuracy(), adversarial.get(i).accuracy(), 1e-9, "accuracy of batch " + (i + 1));
    }
  }

  private static List<TrainingListener.BatchMetrics> batchesOf(
      TrainConfig config, Dataset data, RunFolder folder, InputPerturber perturber) {
    List<TrainingListener.BatchMetrics> batches = new java.util.ArrayList<>();
    TrainResult r = Training.start(config, data, folder, perturber, new TrainingListener() {
      @Override
      public void batchFinished(BatchMetrics m) {
        batches.add(m);
      }
    }, CancellationToken.none());
    assertEquals(RunManifest.Status.COMPLETED, r.status());
    return batches;
  }

  private static LabeledImages inverted(LabeledImages images) {
    byte[] pixels = images.pixels().clone();
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (255 - (pixels[i] & 0xff));
    }
    return new LabeledImages(images.count(), images.channels(), images.height(), images.width(), pixels, images.labels());
  }

  @Test
  void aRunFolderIsNeverOverwritten(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("run");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("run.json"), "{}");
    var e = assertThrows(UserException.class, () -> RunFolder.create(dir, tmp, "x"));
    assertTrue(e.getMessage().contains("already holds a run"), e.getMessage());
  }

  @Test
  void badRecipesAreRefusedWithTheField() {
    var e = assertThrows(IllegalArgumentException.class, () -> tiny("relu", 0, 10, null));
    assertTrue(e.getMessage().contains("epochs"), e.getMessage());
    var q =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TrainConfig("mnist", Architecture.LENET, NetworkSpec.parseActivations("fixed:1"), GradientMode.exact(),
                null, 1e-3, 0.9, 0, null, null, 0.1, 1, 64, 1, 0, 0, false, null, "cpu"));
    assertTrue(q.getMessage().contains("exact"), q.getMessage());
  }

  @Test
  void learningRateSchedules() {
    TrainConfig step =
        new TrainConfig("cifar10", Architecture.RESNET20, NetworkSpec.parseActivations("relu"), null,
            TrainConfig.Optimizer.SGD, 0.1, 0.9, 1e-4, TrainConfig.Schedule.STEP, List.of(80, 120), 0.1, 160, 128, 1, 0,
            0, true, null, "cpu");
    assertEquals(0.1, step.learningRateAt(79, 0.9), 1e-12);
    assertEquals(0.01, step.learningRateAt(80, 0), 1e-12);
    assertEquals(0.001, step.learningRateAt(159, 0), 1e-12);

    TrainConfig cycle =
        new TrainConfig("cifar10", Architecture.RESNET20, NetworkSpec.parseActivations("relu"), null,
            TrainConfig.Optimizer.SGD, 0.2, 0.9, 5e-4, TrainConfig.Schedule.parse("one-cycle"), List.of(), 0.1, 10, 128,
            1, 0, 0, true, null, "cpu");
    assertEquals(0.2 / 25, cycle.learningRateAt(0, 0), 1e-12, "starts at a 25th");
    assertEquals(0.2 * (1 / 25.0 + (24 / 25.0) * 0.5), cycle.learningRateAt(1, 0.5), 1e-12, "half-way up at 15 %");
    assertEquals(0.2, cycle.learningRateAt(3, 0), 1e-12, "the peak at 30 %");
    assertEquals(0.1, cycle.learningRateAt(6, 0.5), 1e-12, "half-way down at 65 %");
    assertEquals(0, cycle.learningRateAt(10, 0), 1e-12, "zero at the end");
    assertEquals("\"one-cycle\"", dqa.run.Json.write(TrainConfig.Schedule.ONE_CYCLE));

    // As DJL asks it: update 1 is the start of training, update 100 of 10 x 10 the last batch.
    var tracker = Training.schedule(cycle, 10);
    assertEquals(0.2f / 25, tracker.getNewValue("w", 1), 1e-9);
    assertTrue(tracker.getNewValue("w", 100) > 0, "the last update still learns");
    assertEquals((float) cycle.learningRateAt(3, 0), tracker.getNewValue("w", 31), 1e-9, "update 31 starts epoch 4");
  }
}
