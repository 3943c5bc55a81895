package dqa.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dqa.data.DatasetId;
import dqa.data.DatasetLoader;
import dqa.data.LabeledImages;
import dqa.nn.Architecture;
import dqa.nn.Losses;
import dqa.nn.Network;
import dqa.nn.NetworkSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped models were trained with DJL's own Adam; the checkpointable optimizer that replaced it
 * must give the same weights bit for bit, or their recipes would no longer reproduce them.
 */
@Tag("engine")
class ResumableOptimizerTest {
  static LabeledImages train;
  static final Tracker RATE = Tracker.fixed(3e-3f);
  static final int STEPS = 6;

  @BeforeAll
  static void load() {
    train =
        DatasetLoader.load(DatasetId.MNIST, Path.of(System.getProperty("dqa.assets", "assets"), "sample", "mnist"))
            .train();
  }

  @Test
  void adamGivesTheWeightsOfDjlsAdam() {
    assertSameWeights(
        n -> Optimizer.adam().optLearningRateTracker(RATE).optWeightDecays(1e-4f).build(),
        n -> new ResumableOptimizer(ResumableOptimizer.Kind.ADAM, RATE, 1e-4f, 0f, 0, n.block().getParameters(), n.manager()));
  }

  @Test
  void sgdWithMomentumGivesTheWeightsOfDjlsSgd() {
    assertSameWeights(
        n -> Optimizer.sgd().setLearningRateTracker(RATE).optMomentum(0.9f).optWeightDecays(5e-4f).build(),
        n -> new ResumableOptimizer(ResumableOptimizer.Kind.SGD, RATE, 5e-4f, 0.9f, 0, n.block().getParameters(), n.manager()));
  }

  @Test
  void theStateSurvivesSavingAndLoading(@TempDir Path tmp) throws Exception {
    Map<String, Network.Tensor> straight;
    try (Network n = network();
        ResumableOptimizer o = adam(n)) {
      steps(n, o, 0, STEPS);
      straight = n.namedParameters();
    }
    try (Network n = network()) {
      try (ResumableOptimizer o = adam(n)) {
        steps(n, o, 0, STEPS / 2);
        n.save(tmp.resolve("checkpoint"), o::save);
      }
      try (Network loaded = Network.load(tmp.resolve("checkpoint"), Device.cpu());
          ResumableOptimizer o = adam(loaded)) {
        assertTrue(o.restore(tmp.resolve("checkpoint")));
        steps(loaded, o, STEPS / 2, STEPS);
        assertSame(straight, loaded.namedParameters(), "saved and restored half-way");
      }
    }
  }

  private static ResumableOptimizer adam(Network n) {
    return new ResumableOptimizer(ResumableOptimizer.Kind.ADAM, RATE, 0f, 0f, 0, n.block().getParameters(), n.manager());
  }

  private static void assertSameWeights(Function<Network, Optimizer> djl, Function<Network, ResumableOptimizer> ours) {
    Map<String, Network.Tensor> expected;
    try (Network n = network()) {
      steps(n, djl.apply(n), 0, STEPS);
      expected = n.namedParameters();
    }
    try (Network n = network();
        ResumableOptimizer o = ours.apply(n)) {
      steps(n, o, 0, STEPS);
      assertSame(expected, n.namedParameters(), "after " + STEPS + " steps");
    }
  }

  private static void assertSame(Map<String, Network.Tensor> expected, Map<String, Network.Tensor> actual, String when) {
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((name, t) -> assertArrayEquals(t.values(), actual.get(name).values(), name + " differs " + when));
  }

  private static Network network() {
    return Network.create(
        new NetworkSpec(
            "mnist", Architecture.LENET, NetworkSpec.parseActivations("dqa:2"), 1, 28, 28, 10, List.of(0.1307f),
            List.of(0.3081f)),
        Device.cpu(), 5);
  }

  private static void steps(Network n, Optimizer optimizer, int from, int to) {
    try (Trainer trainer =
        n.model().newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(optimizer))) {
      for (int step = from; step < to; step++) {
        try (NDManager batch = trainer.getManager().newSubManager()) {
          NDArray x = Batches.images(batch, train, null, step * 32, step * 32 + 32, null);
          NDArray y = Batches.labels(batch, train, null, step * 32, step * 32 + 32);
          try (GradientCollector gc = trainer.newGradientCollector()) {
            gc.backward(Losses.crossEntropy(trainer.forward(new NDList(x)).singletonOrThrow(), y));
          }
          trainer.step();
        }
      }
    }
  }
}
