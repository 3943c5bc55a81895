package dqa.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dqa.data.Dataset;
import dqa.data.LabeledImages;
import dqa.nn.GradientMode;
import dqa.nn.Network;
import dqa.run.CancellationToken;
import dqa.run.CancelledException;
import dqa.testing.TinyModels;
import dqa.train.Batches;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the minimum-distortion and score-based attacks should achieve on a small CNN trained for a
 * moment on the bundled sample: C&W finds smaller L2 than FGSM, targets are reached, budgets and
 * query counts hold.
 */
@Tag("engine")
class AttackOutcomeTest {
  @TempDir static Path tmp;
  static Network model;
  static LabeledImages images;
  static NDManager manager;

  @BeforeAll
  static void trainATinyModel() {
    // The shared tiny relu CNN (trained once per test JVM).
    Dataset sample = TinyModels.sample();
    model = Network.load(TinyModels.relu(), Device.cpu());
    images = sample.test().head(16);
    manager = model.manager().newSubManager();
  }

  @AfterAll
  static void close() {
    manager.close();
    model.close();
  }

  /** Runs an attack on the 16 test images; targets, if asked, are the next class, (y + 1) mod 10. */
  static AttackResult run(Attack attack, boolean targeted, AttackContext ctx) {
    try (NDManager m = manager.newSubManager()) {
      NDArray x = Batches.images(m, images, null, 0, images.count(), null);
      NDArray y = Batches.labels(m, images, null, 0, images.count());
      NDArray t = targeted ? y.add(1).mod(10) : null;
      return attack.run(model, x, y, t, ctx);
    }
  }

  static double medianL2OfSuccesses(AttackResult r) {
    double[] l2 = new double[r.n()];
    int k = 0;
    for (int i = 0; i < r.n(); i++) {
      if (r.success()[i] && r.cleanPredictions()[i] == r.labels()[i]) {
        l2[k++] = r.l2()[i];
      }
    }
    assertTrue(k > 0, r.attack() + " succeeded nowhere");
    double[] sorted = Arrays.copyOf(l2, k);
    Arrays.sort(sorted);
    return sorted[k / 2];
  }

  /** Some examples reach their target, and every success is the target class. */
  static void assertReachesTargets(AttackResult r) {
    int reached = 0;
    for (int i = 0; i < r.n(); i++) {
      if (r.success()[i]) {
        assertEquals(r.targets()[i], r.adversarialPredictions()[i]);
        reached++;
      }
    }
    assertTrue(reached > 0, r.attack() + " reached no target");
  }

  @Test
  void carliniWagnerFindsSmallerL2ThanFgsm() {
    AttackResult fgsm = run(Fgsm.of(0.2), false, AttackContext.of(1));
    AttackResult cw =
        run(new CarliniWagnerL2(2, 10, 25, 0.1, 0, true, GradientMode.ste()), false, AttackContext.of(1));
    assertTrue(
        cw.successRate() >= 0.5 * fgsm.successRate(),
        "comparable success: " + cw.successRate() + " vs " + fgsm.successRate());
    double cwL2 = medianL2OfSuccesses(cw);
    double fgsmL2 = medianL2OfSuccesses(fgsm);
    assertTrue(cwL2 < fgsmL2, "median L2 of C&W " + cwL2 + " should be below FGSM's " + fgsmL2);
  }

  @Test
  void targetedCarliniWagnerReachesTargets() {
    AttackResult r = run(new CarliniWagnerL2(1, 10, 30, 0.1, 0, true, GradientMode.ste()), true, AttackContext.of(1));
    assertReachesTargets(r);
  }

  @Test
  void targetedSquareReachesTargetsWithinItsBudget() {
    Square square = new Square(0.3, 0.1, 150);
    AttackResult r = run(square, true, AttackContext.of(1));
    assertReachesTargets(r);
    for (int i = 0; i < r.n(); i++) {
      assertTrue(r.linf()[i] <= square.eps() + 1e-6, "L∞ " + r.linf()[i]);
    }
  }

  @Test
  void squareStaysInTheBoxAndCountsQueriesWithinTheBudget() {
    Square square = new Square(0.15, 0.05, 200);
    AttackResult r = run(square, false, AttackContext.of(3));
    for (int i = 0; i < r.n(); i++) {
      assertTrue(r.linf()[i] <= square.eps() + 1e-6, "L∞ " + r.linf()[i]);
      assertTrue(r.queries()[i] >= 1 && r.queries()[i] <= square.queries(), "queries " + r.queries()[i]);
      boolean cleanMeetsGoal = r.cleanPredictions()[i] != r.labels()[i];
      if (cleanMeetsGoal) {
        assertEquals(1, r.queries()[i], "a misclassified clean image costs one query and nothing else");
      } else if (!r.success()[i]) {
        assertEquals(square.queries(), r.queries()[i], "a failure spends the whole budget");
      }
    }
  }

  @Test
  void zooCountsEveryQueryPerExample() {
    Zoo zoo = new Zoo(64, 1e-4, 0.1, 10, 0, 500, Double.POSITIVE_INFINITY);
    try (NDManager m = manager.newSubManager()) {
      NDArray x = Batches.images(m, images, null, 0, images.count(), null);
      NDArray y = Batches.labels(m, images, null, 0, images.count());
      ModelAccess access = new ModelAccess(model, GradientMode.ste());
      Attack.Crafted crafted = zoo.craft(access, x, Goal.untargeted(y), AttackContext.of(1));
      long sum = Arrays.stream(crafted.queries()).sum();
      assertEquals(access.queries(), sum, "per-example counts add up to all queries");
      for (long q : crafted.queries()) {
        assertTrue(q >= 1 && q <= zoo.queries(), "queries " + q);
      }
    }
  }

  @Test
  void cancellationStopsEachAttackWithinAStep() {
    for (Attack attack : List.<Attack>of(CarliniWagnerL2.defaults(), Zoo.withBudget(10_000), Square.of(0.05))) {
      CancellationToken cancel = new CancellationToken();
      int[] steps = {0};
      AttackContext ctx =
          new AttackContext(
              1,
              (done, total, msg) -> {
                if (++steps[0] == 3) {
                  cancel.cancel();
                }
              },
              cancel);
      try {
        run(attack, false, ctx);
        throw new AssertionError(attack.name() + " ignored cancellation");
      } catch (CancelledException expected) {
        assertEquals(3, steps[0], attack.name() + " should stop at the step after cancelling");
      }
    }
  }
}
