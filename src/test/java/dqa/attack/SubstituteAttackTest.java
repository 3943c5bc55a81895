package dqa.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dqa.data.Dataset;
import dqa.data.LabeledImages;
import dqa.nn.Architecture;
import dqa.nn.GradientMode;
import dqa.nn.Network;
import dqa.run.UserException;
import dqa.testing.TinyModels;
import dqa.train.Accuracy;
import dqa.train.Batches;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The substitute attack against a small CNN trained on the bundled sample: it transfers, asks the
 * target exactly as many labels as it reports, and never attacks its own training images.
 */
@Tag("engine")
class SubstituteAttackTest {
  @TempDir static Path tmp;
  static Network target;
  static LabeledImages attacked;
  static LabeledImages heldOut;

  @BeforeAll
  static void trainATarget() {
    // The shared tiny relu CNN (trained once per test JVM).
    Dataset sample = TinyModels.sample();
    target = Network.load(TinyModels.relu(), Device.cpu());
    attacked = sample.test().head(200);
    heldOut = sample.test().select(IntStream.range(500, 650).toArray());
  }

  @AfterAll
  static void close() {
    target.close();
  }

  static SubstituteAttack attack(int rounds, int epochs, double eps) {
    return new SubstituteAttack(heldOut, Architecture.CNN, rounds, 0.1, 0, epochs, 1e-3, 64, 1, Fgsm.of(eps));
  }

  static AttackResult run(Attack attack, LabeledImages data, int from, int to) {
    try (NDManager m = target.manager().newSubManager()) {
      NDArray x = Batches.images(m, data, null, from, to, null);
      NDArray y = Batches.labels(m, data, null, from, to);
      return attack.run(target, x, y, null, AttackContext.of(7));
    }
  }

  /** The target's scores, counting every image it is shown. */
  static final class CountingOracle implements ScoreAccess {
    final ModelAccess inner = new ModelAccess(target, GradientMode.ste());
    long shown;

    @Override
    public NDArray logits(NDArray images) {
      shown += images.getShape().get(0);
      return inner.logits(images);
    }

    @Override
    public int numClasses() {
      return inner.numClasses();
    }

    @Override
    public long queries() {
      return inner.queries();
    }
  }

  /** Correct answers of the target on images moved by ±ε on every pixel, signs at random. */
  static int correctUnderRandomSigns(double eps) {
    try (NDManager m = target.manager().newSubManager()) {
      NDArray x = Batches.images(m, attacked, null, 0, attacked.count(), null);
      NDArray y = Batches.labels(m, attacked, null, 0, attacked.count());
      Engine.getEngine("PyTorch").setRandomSeed(3);
      NDArray signs = m.randomUniform(-1f, 1f, x.getShape()).sign();
      NDArray noisy = x.add(signs.mul((float) eps)).clip(0f, 1f).mul(255f).round().div(255f);
      return (int) Accuracy.countCorrect(target.logits(noisy, false), y);
    }
  }

  @Test
  void aPreparedSubstituteTransfersToTheTargetAndReportsItsOracleQueries() {
    SubstituteAttack attack = attack(2, 2, 0.3);
    CountingOracle oracle = new CountingOracle();
    int clean = 0;
    int robust = 0;
    try (TrainedSubstitute substitute = attack.prepare(oracle, target.spec(), Device.cpu(), AttackContext.of(1))) {
      long expected = 150 * 2 * 2;
      assertEquals(expected, oracle.shown, "each image of the final set is labelled once");
      assertEquals(expected, oracle.queries(), "the target's own count");
      assertEquals(expected, substitute.report().oracleQueries());
      assertEquals(expected, attack.oracleQueries());
      assertEquals(600, substitute.report().trainingImages());
      assertEquals(3, substitute.report().agreement().size());
      // Two batches on one substitute: no retraining and no further questions to the target.
      for (int from = 0; from < attacked.count(); from += 100) {
        AttackResult r = run(substitute.attack(), attacked, from, from + 100);
        assertArrayEquals(new long[100], r.queries());
        clean += r.cleanCorrect();
        robust += r.robustCorrect();
      }
      assertEquals(expected, oracle.shown);
      assertTrue(substitute.attack().describe().endsWith("oracle-queries=600"), substitute.attack().describe());
      Attack view = substitute.attack();
      substitute.close();
      assertThrows(IllegalStateException.class, () -> run(view, attacked, 0, 10));
    }
    int noise = correctUnderRandomSigns(0.3);
    assertTrue(clean >= 140, "the target should classify most clean images: " + clean);
    assertTrue(robust <= clean - 60, "transfer should cost the target clearly: clean " + clean + ", attacked " + robust);
    assertTrue(robust <= noise - 20, "transfer beats random signs of the same size: " + robust + " vs " + noise);
  }

  @Test
  void runTrainsASubstituteForTheBatchAndSplitsItsQueriesEvenly() {
    AttackResult r = run(attack(1, 1, 0.3), attacked, 0, 32);
    long sum = Arrays.stream(r.queries()).sum();
    assertEquals(300, sum, "150 initial images and 150 augmented ones, labelled once each");
    for (long q : r.queries()) {
      assertTrue(q == 9 || q == 10, "even shares of 300 over 32: " + q);
    }
    assertTrue(r.robustCorrect() < r.cleanCorrect());
  }

  @Test
  void refusesToAttackItsOwnInitialImages() {
    UserException e = assertThrows(UserException.class, () -> run(attack(1, 1, 0.3), heldOut, 10, 20));
    assertTrue(e.getMessage().contains("initial images"), e.getMessage());
  }

  @Test
  void augmentedPointsAreWholeEightBitStepsAway() {
    SubstituteAttack a = attack(1, 1, 0.3);
    assertEquals(26, a.lambdaLevels());
    assertEquals(1, a.lambdaSign(0));
    SubstituteAttack flipping =
        new SubstituteAttack(heldOut, Architecture.CNN, 6, 0.1, 3, 1, 1e-3, 64, 1, Fgsm.of(0.3));
    assertEquals(List.of(1, 1, 1, -1, -1, -1), IntStream.range(0, 6).map(flipping::lambdaSign).boxed().toList());
  }

  @Test
  void evenSharesSumToTheTotal() {
    assertArrayEquals(new long[] {3, 3, 2, 2}, SubstituteAttack.evenShares(10, 4));
    assertArrayEquals(new long[] {0, 0}, SubstituteAttack.evenShares(0, 2));
  }

  @Test
  void settingsNeedHeldOutImagesAndBuildTheCraftingAttack() {
    UserException missing =
        assertThrows(UserException.class, () -> AttackSettings.named("substitute").create("mnist"));
    assertTrue(missing.getMessage().contains("held-out"), missing.getMessage());
    Attack fgsm = AttackSettings.named("substitute").create("mnist", heldOut);
    SubstituteAttack s = assertInstanceOf(SubstituteAttack.class, fgsm);
    assertEquals(Attack.Access.TRANSFER, s.access());
    assertEquals(Norm.LINF, s.norm());
    assertEquals(0.3, s.eps());
    assertEquals(6, s.rounds());
    assertEquals(0.1, s.lambda());
    assertEquals(Architecture.CNN, s.architecture());
    assertEquals(150L * 64, s.oracleQueries());
    assertInstanceOf(Fgsm.class, s.crafter());
    SubstituteAttack pgd =
        assertInstanceOf(
            SubstituteAttack.class, AttackSettings.named("substitute-pgd").withEps(8 / 255.0).create("cifar10", heldOut));
    Pgd crafter = assertInstanceOf(Pgd.class, pgd.crafter());
    assertEquals(8 / 255.0, pgd.eps());
    assertEquals(20, crafter.steps());
    assertTrue(pgd.describe().startsWith("substitute arch=cnn initial=150 rounds=6 lambda=0.1"), pgd.describe());
    assertInstanceOf(Fgsm.class, AttackSettings.named("fgsm").create("mnist", heldOut), "others ignore held-out images");
  }

  @Test
  void badSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> attack(13, 1, 0.3));
    assertThrows(IllegalArgumentException.class, () -> attack(1, 0, 0.3));
    assertThrows(
        IllegalArgumentException.class,
        () -> new SubstituteAttack(heldOut, Architecture.CNN, 1, 0, 0, 1, 1e-3, 64, 1, Fgsm.of(0.3)));
    assertThrows(IllegalArgumentException.class, () -> attack(1, 1, 0.3).withCrafter(attack(1, 1, 0.3)));
    LabeledImages wrongShape = new LabeledImages(1, 3, 28, 28, new byte[3 * 28 * 28], new byte[1]);
    SubstituteAttack colour = new SubstituteAttack(wrongShape, null, 1, 0.1, 0, 1, 1e-3, 64, 1, Fgsm.of(0.3));
    assertThrows(UserException.class, () -> colour.prepare(target, AttackContext.of(1)));
  }
}
