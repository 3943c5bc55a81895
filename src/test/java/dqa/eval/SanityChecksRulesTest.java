package dqa.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.attack.Attack;
import dqa.attack.Norm;
import dqa.eval.SyntheticSweeps.AttackSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The check rules on made-up results: each fires on its symptom and stays quiet otherwise. */
class SanityChecksRulesTest {
  static final List<Double> EPS = List.of(0.0, 0.1, 0.3);
  static final List<AttackSpec> WHITE = List.of(AttackSpec.whiteBox("fgsm"), AttackSpec.whiteBox("pgd"));

  static SweepResult sweep(double[][] fgsmPgd) {
    return SyntheticSweeps.of(1, WHITE, EPS, new double[][][] {fgsmPgd}, 0.9, 200, null);
  }

  @Test
  void aHealthyEvaluationPasses() {
    SweepResult s = sweep(new double[][] {{0.9, 0.5, 0.2}, {0.9, 0.3, 0.0}});
    for (Check c : SanityChecks.all(s, null)) {
      // Without black-box attacks or probes those checks have nothing to look at: N/A, not PASS.
      Check.Verdict expected = c.name().equals(SanityChecks.ITERATIVE) || c.name().equals(SanityChecks.CHANCE_LEVEL)
          ? Check.Verdict.PASS : Check.Verdict.NOT_APPLICABLE;
      assertEquals(expected, c.verdict(), c.toString());
    }
  }

  @Test
  void iterativeWeakerThanSingleStepWarns() {
    Check c = SanityChecks.iterativeAtLeastSingleStep(sweep(new double[][] {{0.9, 0.3, 0.0}, {0.9, 0.6, 0.1}}), 0.02);
    assertEquals(Check.Verdict.WARN, c.verdict());
    assertTrue(c.evidence().contains("pgd on cnn/relu at eps 0.1 leaves 60.0 %"), c.evidence());
    assertEquals(0.3, c.numbers().get("cnn/relu pgd - fgsm @ 0.1"), 1e-9);
  }

  @Test
  void smallDifferencesOnFewImagesAreNoise() {
    // 1 image of 50 is 2 points: within max(2 points, 2 images).
    SweepResult s = SyntheticSweeps.of(1, WHITE, EPS, new double[][][] {{{0.9, 0.3, 0.0}, {0.9, 0.32, 0.0}}}, 0.9, 50,
        null);
    assertEquals(Check.Verdict.PASS, SanityChecks.iterativeAtLeastSingleStep(s, 0.02).verdict());
  }

  @Test
  void accuracyThatRisesOrStaysHighWarns() {
    Check rises = SanityChecks.accuracyFallsToChance(sweep(new double[][] {{0.9, 0.2, 0.5}, {0.9, 0.1, 0.0}}), 0.2,
        0.02);
    assertEquals(Check.Verdict.WARN, rises.verdict());
    assertTrue(rises.evidence().contains("rises"), rises.evidence());
    Check high = SanityChecks.accuracyFallsToChance(sweep(new double[][] {{0.9, 0.8, 0.7}, {0.9, 0.8, 0.6}}), 0.2, 0.02);
    assertEquals(Check.Verdict.WARN, high.verdict());
    assertTrue(high.evidence().contains("60.0 % left at eps 0.3"), high.evidence());
  }

  @Test
  void unboundedAttackMustSucceedAlmostAlways() {
    AttackSpec cw = new AttackSpec(AttackSpecs.parse("cw", null), Norm.L2, Attack.Access.WHITE_BOX, false);
    SweepResult s = SyntheticSweeps.of(1, List.of(cw), List.of(0.0, 1.0), new double[][][] {{{0.9, 0.45}}}, 0.9, 100,
        null);
    Check c = SanityChecks.accuracyFallsToChance(s, 0.2, 0.02);
    assertEquals(Check.Verdict.WARN, c.verdict());
    assertTrue(c.evidence().contains("cw succeeds on"), c.evidence());
  }

  @Test
  void blackBoxOrTransferBeatingWhiteBoxWarns() {
    AttackSpec square = new AttackSpec(AttackSpecs.parse("square", null), Norm.LINF, Attack.Access.SCORES, true);
    SweepResult s = SyntheticSweeps.of(1, List.of(AttackSpec.whiteBox("pgd"), square), EPS,
        new double[][][] {{{0.9, 0.5, 0.2}, {0.9, 0.3, 0.2}}}, 0.9, 200, null);
    Check c = SanityChecks.blackBoxNotStronger(s, null, 0.02);
    assertEquals(Check.Verdict.WARN, c.verdict());
    assertTrue(c.evidence().contains("square (scores) leaves 30.0 %"), c.evidence());

    // 10 images: differences up to 2 images (20 points) are noise.
    TransferResult t = transfer(new double[][] {{0.1, 0.2}, {0.6, 0.5}});
    Check tc = SanityChecks.blackBoxNotStronger(null, t, 0.02);
    assertEquals(Check.Verdict.WARN, tc.verdict());
    assertTrue(tc.evidence().contains("crafted on m0 leave 20.0 % of m1, below its own white-box 50.0 %"),
        tc.evidence());
    assertEquals(Check.Verdict.PASS,
        SanityChecks.blackBoxNotStronger(null, transfer(new double[][] {{0.1, 0.4}, {0.6, 0.5}}), 0.02).verdict());
    assertEquals(Check.Verdict.PASS,
        SanityChecks.blackBoxNotStronger(null, transfer(new double[][] {{0.1, 0.6}, {0.7, 0.2}}), 0.02).verdict());
    Check nothingToCompare =
        SanityChecks.blackBoxNotStronger(sweep(new double[][] {{0.9, 0.5, 0.2}, {0.9, 0.3, 0.0}}), null, 0.02);
    assertTrue(nothingToCompare.evidence().startsWith("not applicable"));
    assertEquals(Check.Verdict.NOT_APPLICABLE, nothingToCompare.verdict(), "no black-box attack is not a pass");
    assertFalse(nothingToCompare.warns());
  }

  @Test
  void probesDecideTheGradientAndConvergenceChecks() {
    var masked = new Probes.GradientProbe(0, "cnn/fixed:1", "exact", "ce", 64, 64);
    var fine = new Probes.GradientProbe(1, "cnn/relu", "ste", "ce", 64, 0);
    assertEquals(Check.Verdict.WARN, SanityChecks.zeroGradients(List.of(fine, masked), 0.5).verdict());
    assertTrue(SanityChecks.zeroGradients(List.of(masked), 0.5).evidence().startsWith("gradient masking"));
    assertEquals(Check.Verdict.PASS, SanityChecks.zeroGradients(List.of(fine), 0.5).verdict());
    var converged = new Probes.ConvergenceProbe(0, "m", 1, "pgd", 0.1, 200, 0.30, 0.30, 0.29, "a", "b", "c");
    var notYet = new Probes.ConvergenceProbe(0, "m", 1, "pgd", 0.1, 200, 0.30, 0.22, 0.29, "a", "b", "c");
    assertEquals(Check.Verdict.PASS, SanityChecks.stepsAndRestarts(List.of(converged), 0.02).verdict());
    assertEquals(Check.Verdict.WARN, SanityChecks.stepsAndRestarts(List.of(notYet), 0.02).verdict());
  }

  static TransferResult transfer(double[][] accuracy) {
    SweepResult s = sweep(new double[][] {{0.9, 0.5, 0.2}, {0.9, 0.3, 0.0}});
    SweepResult two = SyntheticSweeps.of(2, WHITE, EPS, new double[][][] {
        {{0.9, 0.5, 0.2}, {0.9, 0.3, 0.0}}, {{0.9, 0.5, 0.2}, {0.9, 0.3, 0.0}}}, 0.9, 10, null);
    int[][] correct = new int[2][2];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        correct[i][j] = (int) Math.round(accuracy[i][j] * 10);
      }
    }
    TransferConfig config = new TransferConfig("mnist", List.of("model0", "model1"), AttackSpecs.parse("pgd", null),
        0.3, TestSubset.first(10), 10, 1);
    return new TransferResult(TransferResult.FORMAT, config, two.data(), two.models(), s.provenance(), "pgd eps=0.3",
        new double[] {0.9, 0.9}, accuracy, correct, 1.0);
  }
}
