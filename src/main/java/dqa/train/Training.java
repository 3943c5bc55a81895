package dqa.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dqa.data.Dataset;
import dqa.data.DatasetId;
import dqa.data.LabeledImages;
import dqa.nn.Losses;
import dqa.nn.Network;
import dqa.nn.NetworkSpec;
import dqa.nn.Scalars;
import dqa.run.CancellationToken;
import dqa.run.CancelledException;
import dqa.run.DeviceChoice;
import dqa.run.Provenance;
import dqa.run.TorchEngine;
import dqa.run.UserException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The training loop: mini-batch SGD or Adam on a {@link Network}, optionally on adversarial
 * examples from an {@link InputPerturber}, with a checkpoint and manifest update after every epoch.
 *
 * <p>Runs on the calling thread, which must be the engine thread. Memory: every batch has its own
 * sub-manager, closed before the next; only plain values leave the loop.
 */
public final class Training {
  /** Batch rows are flushed to {@code batches.csv} at every epoch end. */
  private Training() {}

  /** Starts a new run in {@code folder}. */
  public static TrainResult start(
      TrainConfig config,
      Dataset data,
      RunFolder folder,
      InputPerturber perturber,
      TrainingListener listener,
      CancellationToken cancel) {
    checkData(config, data);
    DeviceChoice.Resolved device = DeviceChoice.parse(config.device()).resolve();
    DatasetId id = data.id();
    NetworkSpec spec =
        new NetworkSpec(
            id.key(), config.architecture(), config.activations(), id.channels(), id.height(), id.width(),
            id.numClasses(), boxed(id.mean()), boxed(id.std()));
    Network network = Network.create(spec, device.device(), config.seed());
    LabeledImages train = limit(data.train(), config.trainLimit());
    LabeledImages test = limit(data.test(), config.testLimit());
    Map<String, float[][]> initial = network.dqaThresholds();
    RunManifest manifest =
        new RunManifest(
            RunManifest.FORMAT,
            folder.dir().getFileName().toString(),
            RunManifest.Status.RUNNING,
            config,
            new RunManifest.DataRecord(
                id.key(), data.location().source().toString(), data.location().folder().toString(),
                data.sha256(), data.verified(), train.count(), test.count(), data.displayName()),
            Provenance.current(device.label()),
            spec.label(),
            network.parameterCount(),
            perturber == null ? null : perturber.describe(),
            0,
            null,
            List.of(),
            initial,
            initial,
            null,
            0,
            device.notice());
    folder.writeManifest(manifest);
    return loop(network, manifest, folder, train, test, perturber, listener, cancel);
  }

  /** Continues a cancelled or crashed run from its last complete checkpoint. */
  public static TrainResult resume(
      RunFolder folder,
      Dataset data,
      InputPerturber perturber,
      TrainingListener listener,
      CancellationToken cancel) {
    RunManifest manifest = folder.readManifest();
    TrainConfig config = manifest.config();
    checkData(config, data);
    if (manifest.data() != null && !data.sha256().equals(manifest.data().sha256())) {
      throw new UserException(
          folder.dir() + ": the run trained on " + manifest.data().id() + " with SHA-256 "
              + manifest.data().sha256() + ", but the data found now has " + data.sha256());
    }
    if (manifest.epochsCompleted() >= config.epochs()) {
      throw new UserException(folder.dir() + ": the run is already complete (" + config.epochs() + " epochs)");
    }
    Path checkpoint =
        folder
            .latestCheckpoint()
            .orElseThrow(() -> new UserException(folder.dir() + ": no complete checkpoint to resume from"));
    DeviceChoice.Resolved device = DeviceChoice.parse(config.device()).resolve();
    Network network = Network.load(checkpoint, device.device());
    // The checkpoint, not the manifest, says which epoch is complete: the manifest may lag a crash.
    int done = Integer.parseInt(checkpoint.getFileName().toString().substring("epoch-".length()));
    List<TrainingListener.EpochMetrics> epochs =
        manifest.epochs().stream().filter(e -> e.epoch() <= done).toList();
    RunManifest resumed =
        new RunManifest(
            manifest.format(), manifest.id(), RunManifest.Status.RUNNING, config, manifest.data(),
            Provenance.current(device.label()), manifest.network(), manifest.parameters(),
            manifest.perturber(), done, folder.dir().relativize(checkpoint).toString(), epochs,
            manifest.initialThresholds(), network.dqaThresholds(), manifest.testAccuracy(),
            manifest.seconds(),
            "resumed after epoch " + done
                + (ResumableOptimizer.isIn(checkpoint)
                    ? ""
                    : " (its checkpoint holds no optimizer state, so the optimizer's moments start again from zero)"));
    folder.writeManifest(resumed);
    return loop(
        network, resumed, folder, limit(data.train(), config.trainLimit()),
        limit(data.test(), config.testLimit()), perturber, listener, cancel);
  }

  private static TrainResult loop(
      Network network,
      RunManifest start,
      RunFolder folder,
      LabeledImages train,
      LabeledImages test,
      InputPerturber perturber,
      TrainingListener listener,
      CancellationToken cancel) {
    TrainConfig config = start.config();
    int batchSize = Math.min(config.batchSize(), train.count());
    int batchesPerEpoch = (train.count() + batchSize - 1) / batchSize;
    int firstEpoch = start.epochsCompleted();
    RunManifest manifest = start;
    double previousSeconds = start.seconds();
    long startNanos = System.nanoTime();
    listener.started(folder.dir(), config.epochs(), batchesPerEpoch, start.provenance().device());
    try (network;
        var mode = network.gradients().use(config.gradient());
        ResumableOptimizer optimizer = optimizer(config, network, batchesPerEpoch, firstEpoch);
        Trainer trainer = network.model().newTrainer(trainingConfig(optimizer, network.device()))) {
      if (firstEpoch > 0) {
        optimizer.restore(folder.checkpointDir(firstEpoch));
      }
      long step = (long) firstEpoch * batchesPerEpoch;
      boolean hasDqa = !network.dqaThresholds().isEmpty();
      long batchesThisSession = 0;
      int skippedSteps = 0;
      String lastSkip = null;
      int skippedInARow = 0;
      long totalBatches = (long) (config.epochs() - firstEpoch) * batchesPerEpoch;
      for (int epoch = firstEpoch; epoch < config.epochs(); epoch++) {
        long epochStart = System.nanoTime();
        int[] order = Batches.shuffled(train.count(), config.seed() * 1_000_003L + epoch);
        Random augment = config.augment() ? new Random(config.seed() * 31 + epoch) : null;
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        List<TrainingListener.BatchMetrics> rows = new ArrayList<>(batchesPerEpoch);
        for (int b = 0; b < batchesPerEpoch; b++) {
          cancel.throwIfCancelled();
          long t0 = System.nanoTime();
          int from = b * batchSize;
          int to = Math.min(train.count(), from + batchSize);
          double loss;
          long batchCorrect;
          try (NDManager batch = trainer.getManager().newSubManager()) {
            NDArray x = Batches.images(batch, train, order, from, to, augment);
            NDArray y = Batches.labels(batch, train, order, from, to);
            NDArray adversarial = null;
            if (perturber != null) {
              // Seeded by the batch's position, not by a stream that runs on from the start: a resumed
              // run then draws the same random starts as one that was never interrupted.
              TorchEngine.get().setRandomSeed(batchSeed(config.seed(), (long) epoch * batchesPerEpoch + b));
              network.setParametersTrainable(false);
              try {
                adversarial = perturber.perturb(network, x, y);
              } finally {
                network.setParametersTrainable(true);
              }
            }
            try (GradientCollector gc = trainer.newGradientCollector()) {
              double w = adversarial == null ? 0 : config.adversarial().adversarialWeight();
              // With weight 1 (Madry et al.; Wong et al.'s fast FGSM) the clean term counts for nothing, so only
              // the adversarial batch is forwarded (a third of the step saved); its accuracy is then the batch's.
              NDArray logits = trainer.forward(new NDList(w == 1 ? adversarial : x)).singletonOrThrow();
              NDArray lossArray = Losses.crossEntropy(logits, y);
              if (adversarial != null && w < 1) {
                NDArray advLoss =
                    Losses.crossEntropy(trainer.forward(new NDList(adversarial)).singletonOrThrow(), y);
                lossArray = Scalars.mul(lossArray, 1 - w).add(Scalars.mul(advLoss, w));
              }
              gc.backward(lossArray);
              loss = lossArray.getFloat();
              batchCorrect = dqa.train.Accuracy.countCorrect(logits, y);
            }
            String bad = Double.isFinite(loss) ? firstNonFiniteGradient(network) : "the loss";
            if (bad == null) {
              trainer.step();
              skippedInARow = 0;
            } else {
              // A rare non-finite value must not poison the weights: skip this update (as mixed-precision
              // loss scaling does) and give up only if it keeps happening.
              zeroGradients(network);
              skippedSteps++;
              lastSkip = String.format(java.util.Locale.ROOT, "%s at batch %d", bad, b + 1);
              if (++skippedInARow >= MAX_SKIPPED_IN_A_ROW) {
                throw new UserException(String.format(java.util.Locale.ROOT,
                    "training diverged: %s was not finite for %d batches in a row (epoch %d, batch %d); the last "
                        + "complete epoch's checkpoint is kept (try a lower learning rate)",
                    bad, skippedInARow, epoch + 1, b + 1));
              }
              continue;
            }
          }
          int n = to - from;
          lossSum += loss * n;
          correct += batchCorrect;
          seen += n;
          step++;
          batchesThisSession++;
          double seconds = (System.nanoTime() - t0) / 1e9;
          double elapsed = (System.nanoTime() - startNanos) / 1e9;
          double eta = elapsed / batchesThisSession * (totalBatches - batchesThisSession);
          Map<String, float[][]> thresholds =
              hasDqa && (b % TrainingListener.THRESHOLD_EVERY == 0 || b == batchesPerEpoch - 1)
                  ? network.dqaThresholds()
                  : null;
          var metrics =
              new TrainingListener.BatchMetrics(
                  epoch + 1, b + 1, batchesPerEpoch, step, loss, (double) batchCorrect / n, n / seconds, eta,
                  thresholds);
          rows.add(metrics);
          listener.batchFinished(metrics);
        }
        double testAccuracy =
            Accuracy.evaluate(network, test, Math.max(batchSize, 256), dqa.run.ProgressListener.NONE, cancel);
        double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
        var epochMetrics =
            new TrainingListener.EpochMetrics(
                epoch + 1, config.epochs(), lossSum / seen, (double) correct / seen, testAccuracy,
                config.learningRateAt(epoch, 0), epochSeconds, seen / epochSeconds, network.dqaThresholds(),
                skippedSteps, lastSkip);
        skippedSteps = 0;
        lastSkip = null;
        // Checkpoint first, then the manifest that names it: a crash in between leaves a newer
        // checkpoint than the manifest says, which resume detects from the folder itself.
        Path checkpoint = folder.checkpointDir(epoch + 1);
        network.save(checkpoint, optimizer::save);
        folder.pruneCheckpoints();
        folder.appendBatchMetrics(rows);
        double total = previousSeconds + (System.nanoTime() - startNanos) / 1e9;
        manifest = manifest.afterEpoch(epochMetrics, folder.dir().relativize(checkpoint).toString(), total);
        folder.writeEpochMetrics(manifest.epochs());
        folder.writeManifest(manifest);
        listener.epochFinished(epochMetrics);
      }
      network.save(folder.modelDir());
      manifest = manifest.with(RunManifest.Status.COMPLETED, null);
      folder.writeManifest(manifest);
      return result(folder, manifest);
    } catch (CancelledException e) {
      manifest = manifest.with(RunManifest.Status.CANCELLED, "cancelled after epoch " + manifest.epochsCompleted());
      folder.writeManifest(manifest);
      return result(folder, manifest);
    } catch (RuntimeException | Error e) {
      folder.writeManifest(manifest.with(RunManifest.Status.FAILED, String.valueOf(e.getMessage())));
      throw e;
    }
  }

  /** Consecutive non-finite batches after which training stops as diverged. */
  static final int MAX_SKIPPED_IN_A_ROW = 10;

  /**
   * The parameters whose gradients hold a NaN or an infinity ("the gradient of A" or "the gradients of
   * A, B"), or null when every gradient is finite. All of them are named: where a non-finite value
   * starts shows in which layers it appears.
   */
  static String firstNonFiniteGradient(Network network) {
    if (allGradientsFinite(network)) {
      return null; // the common case: one read back from the engine per batch
    }
    List<String> bad = new ArrayList<>();
    for (var pair : network.model().getBlock().getParameters()) {
      NDArray value = pair.getValue().getArray();
      if (!value.hasGradient()) {
        continue;
      }
      // Both are handles attached to the model's long-lived manager: close them, or every batch leaks two.
      try (NDArray gradient = value.getGradient(); NDArray sum = gradient.sum()) {
        if (!Float.isFinite(sum.getFloat())) {
          bad.add(pair.getKey());
        }
      }
    }
    return bad.isEmpty() ? "a gradient" : (bad.size() == 1 ? "the gradient of " : "the gradients of ") + String.join(", ", bad);
  }

  /** Whether the sum of every gradient is finite (a NaN or infinity anywhere makes it not). */
  private static boolean allGradientsFinite(Network network) {
    try (NDManager scratch = network.manager().newSubManager()) {
      NDArray total = scratch.zeros(new ai.djl.ndarray.types.Shape());
      for (var pair : network.model().getBlock().getParameters()) {
        NDArray value = pair.getValue().getArray();
        if (value.hasGradient()) {
          NDArray gradient = value.getGradient();
          gradient.attach(scratch);
          total = total.add(gradient.sum());
        }
      }
      return Float.isFinite(total.getFloat());
    }
  }

  /**
   * Sets every parameter's gradient to zero in place, as {@code trainer.step()} does after an update
   * (gradients accumulate otherwise); arithmetic cannot do it, NaN × 0 is NaN.
   */
  static void zeroGradients(Network network) {
    for (var pair : network.model().getBlock().getParameters()) {
      NDArray value = pair.getValue().getArray();
      if (value.hasGradient()) {
        try (NDArray gradient = value.getGradient()) {
          gradient.set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
        }
      }
    }
  }

  /** The engine seed for the adversarial crafting of the batch at {@code position} (SplitMix64 finaliser). */
  static int batchSeed(long seed, long position) {
    long z = seed * 0x9E3779B97F4A7C15L + position + 1;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (int) (z ^ (z >>> 31));
  }

  private static TrainResult result(RunFolder folder, RunManifest m) {
    return new TrainResult(
        folder.dir(), m.status(), m.epochsCompleted(), m.testAccuracy() == null ? Double.NaN : m.testAccuracy(),
        m.seconds(), m.thresholds());
  }

  private static ResumableOptimizer optimizer(
      TrainConfig config, Network network, int batchesPerEpoch, int firstEpoch) {
    Tracker lr = schedule(config, batchesPerEpoch);
    ResumableOptimizer.Kind kind =
        switch (config.optimizer()) {
          case ADAM -> ResumableOptimizer.Kind.ADAM;
          case SGD -> ResumableOptimizer.Kind.SGD;
        };
    return new ResumableOptimizer(
        kind, lr, (float) config.weightDecay(), kind == ResumableOptimizer.Kind.SGD ? (float) config.momentum() : 0f,
        firstEpoch * batchesPerEpoch, network.block().getParameters(), network.manager());
  }

  /**
   * The recipe's schedule as DJL's per-update tracker. DJL numbers updates from 1; the schedule is a
   * function of epoch and position in it, so update 1 is at position 0 and the last update of
   * training never at the very end (where cosine and one-cycle reach zero).
   */
  static Tracker schedule(TrainConfig config, int batchesPerEpoch) {
    return numUpdate -> {
      int done = Math.max(0, numUpdate - 1);
      return (float)
          config.learningRateAt(done / batchesPerEpoch, (done % batchesPerEpoch) / (double) batchesPerEpoch);
    };
  }

  private static DefaultTrainingConfig trainingConfig(Optimizer optimizer, Device device) {
    // The loss given here is unused (the loop computes its own) but DJL requires one.
    return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        .optOptimizer(optimizer)
        .optDevices(new Device[] {device});
  }

  private static void checkData(TrainConfig config, Dataset data) {
    if (!data.id().key().equals(config.dataset())) {
      throw new UserException(
          "the recipe trains on " + config.dataset() + " but the data given is " + data.id().key());
    }
    if (data.train().count() == 0) {
      throw new UserException(data.location().describe() + ": holds no training images");
    }
  }

  static LabeledImages limit(LabeledImages images, int limit) {
    return limit > 0 ? images.head(limit) : images;
  }

  private static List<Float> boxed(float[] values) {
    List<Float> out = new ArrayList<>(values.length);
    for (float v : values) {
      out.add(v);
    }
    return out;
  }
}
