package dqa.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dqa.data.Dataset;
import dqa.data.LabeledImages;
import dqa.nn.Architecture;
import dqa.nn.GradientMode;
import dqa.nn.Network;
import dqa.testing.TinyModels;
import dqa.train.Batches;
import java.nio.file.Path;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One contract every attack keeps (foolbox's table-driven test): within its budget, inside [0, 1],
 * ε = 0 changes nothing (through the runner and through the attack's own crafting), accuracy under attack is at most clean accuracy, and the same seed gives
 * the same result. Attacks are run on a small CNN trained for a moment on the bundled sample.
 */
@Tag("engine")
class AttackContractTest {
  @TempDir static Path tmp;
  static Network model;
  static LabeledImages images;
  static LabeledImages heldOut;
  static NDManager manager;

  /** Every attack, at settings small enough for a test. Add new attacks here. */
  static Stream<Attack> attacks() {
    return Stream.of(
        Fgsm.of(0.2),
        new Fgsm(0.2, AttackLoss.MARGIN, GradientMode.surrogate(4)),
        Pgd.linf(0.2, 0.05, 5),
        new Pgd(Norm.LINF, 0.2, 0.05, 3, true, 2, AttackLoss.MARGIN, GradientMode.ste()),
        new Pgd(Norm.L2, 1.5, 0.5, 5, true, 1, AttackLoss.CE, GradientMode.ste()),
        new MiFgsm(0.2, 5, 1.0, AttackLoss.CE, GradientMode.ste()),
        new Apgd(Norm.LINF, 0.2, 10, 1, AttackLoss.CE, GradientMode.ste()),
        new Apgd(Norm.LINF, 0.2, 6, 2, AttackLoss.DLR, GradientMode.surrogate(4)),
        new Apgd(Norm.L2, 1.5, 8, 1, AttackLoss.CE, GradientMode.ste()),
        new AutoAttack(0.2, 5, 2, 30, GradientMode.ste()),
        new SubstituteAttack(heldOut, Architecture.CNN, 2, 0.1, 0, 1, 1e-3, 64, 1, Fgsm.of(0.2)),
        new CarliniWagnerL2(2, 10, 15, 0.1, 0, true, GradientMode.ste()),
        new Zoo(128, 1e-4, 0.2, 10, 0, 600, 3.0),
        new Square(0.2, 0.1, 60));
  }

  @BeforeAll
  static void trainATinyModel() {
    // The shared tiny relu CNN (trained once per test JVM).
    Dataset sample = TinyModels.sample();
    model = Network.load(TinyModels.relu(), Device.cpu());
    images = sample.test().head(32);
    heldOut = sample.test().select(IntStream.range(500, 650).toArray());
    manager = model.manager().newSubManager();
  }

  @AfterAll
  static void close() {
    manager.close();
    model.close();
  }

  static AttackResult run(Attack attack, long seed) {
    try (NDManager m = manager.newSubManager()) {
      NDArray x = Batches.images(m, images, null, 0, images.count(), null);
      NDArray y = Batches.labels(m, images, null, 0, images.count());
      return attack.run(model, x, y, null, AttackContext.of(seed));
    }
  }

  static float[] clean() {
    try (NDManager m = manager.newSubManager()) {
      return Batches.images(m, images, null, 0, images.count(), null).toFloatArray();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void staysWithinItsBudgetAndInsideThePixelRange(Attack attack) {
    AttackResult r = run(attack, 1);
    for (float v : r.adversarial()) {
      assertTrue(v >= 0f && v <= 1f, "pixel outside [0, 1]: " + v);
    }
    if (Double.isFinite(attack.eps())) {
      double[] d = attack.norm() == Norm.LINF ? r.linf() : r.l2();
      for (double v : d) {
        assertTrue(v <= attack.eps() + 1e-5, attack.norm() + " distance " + v + " > eps " + attack.eps());
      }
    }
    float[] x = clean();
    int size = x.length / r.n();
    for (int i = 0; i < r.n(); i++) {
      double maxDiff = 0;
      for (int j = 0; j < size; j++) {
        maxDiff = Math.max(maxDiff, Math.abs(r.adversarial()[i * size + j] - x[i * size + j]));
        float steps = r.adversarial()[i * size + j] * 255f;
        assertEquals(Math.round(steps), steps, 1e-3, "adversarial pixels are whole 8-bit values");
      }
      assertEquals(r.linf()[i], maxDiff, 1e-5, "reported L∞ matches the images");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void epsilonZeroChangesNothing(Attack attack) {
    if (!Double.isFinite(attack.eps())) {
      return;
    }
    AttackResult r = run(withEps(attack, 0), 1);
    assertArrayEquals(clean(), r.adversarial(), 1e-6f);
    assertArrayEquals(r.cleanPredictions(), r.adversarialPredictions());
  }

  /**
   * The attack's own path at ε = 0, not the runner's shortcut around it: whatever it crafts must
   * project back onto the clean images (no NaN from dividing by the budget, no step that survives).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void craftingWithEpsilonZeroProjectsToTheCleanImages(Attack attack) {
    if (!Double.isFinite(attack.eps())) {
      return;
    }
    Attack zero = withEps(attack, 0);
    try (NDManager m = manager.newSubManager()) {
      NDArray x = Batches.images(m, images, null, 0, images.count(), null);
      NDArray y = Batches.labels(m, images, null, 0, images.count());
      Attack.Crafted crafted = zero.craft(new ModelAccess(model, zero.gradient()), x, Goal.untargeted(y), AttackContext.of(1));
      float[] projected = zero.norm().project(crafted.images(), x, 0).toFloatArray();
      assertArrayEquals(x.toFloatArray(), projected, 1e-6f, zero.describe());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void accuracyUnderAttackIsAtMostCleanAccuracy(Attack attack) {
    AttackResult r = run(attack, 1);
    assertTrue(r.robustCorrect() <= r.cleanCorrect());
    assertTrue(r.cleanCorrect() >= 16, "the tiny model should classify most of these: " + r.cleanCorrect());
    assertTrue(r.robustCorrect() < r.cleanCorrect(), attack + " should fool at least one example");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void sameSeedSameResult(Attack attack) {
    AttackResult a = run(attack, 42);
    AttackResult b = run(attack, 42);
    assertArrayEquals(a.adversarial(), b.adversarial(), 0f);
    assertArrayEquals(a.success(), b.success());
  }

  /** A copy of an attack with budget 0 (each attack is a record; rebuild through its settings). */
  static Attack withEps(Attack attack, double eps) {
    if (attack instanceof Fgsm f) {
      return new Fgsm(eps, f.loss(), f.gradient());
    }
    if (attack instanceof Pgd p) {
      return new Pgd(p.norm(), eps, p.step(), p.steps(), p.randomStart(), p.restarts(), p.loss(), p.gradient());
    }
    if (attack instanceof MiFgsm m) {
      return new MiFgsm(eps, m.steps(), m.decay(), m.loss(), m.gradient());
    }
    if (attack instanceof Apgd a) {
      return new Apgd(a.norm(), eps, a.steps(), a.restarts(), a.loss(), a.gradient());
    }
    if (attack instanceof AutoAttack a) {
      return new AutoAttack(eps, a.steps(), a.targets(), a.squareQueries(), a.gradient());
    }
    if (attack instanceof SubstituteAttack s) {
      return s.withCrafter(withEps(s.crafter(), eps));
    }
    if (attack instanceof Zoo z) {
      return new Zoo(z.coordinates(), z.h(), z.learningRate(), z.constant(), z.confidence(), z.queries(), eps);
    }
    if (attack instanceof Square q) {
      return new Square(eps, q.pInit(), q.queries());
    }
    if (attack instanceof CarliniWagnerL2) {
      throw new AssertionError("C&W has no budget; the contract skips ε = 0 for unbounded attacks");
    }
    throw new AssertionError("add " + attack.getClass().getSimpleName() + " to withEps");
  }
}
