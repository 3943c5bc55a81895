package dqa.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.testing.TinyModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The sanity checks on real sweeps: they fire on a constructed case of gradient masking and stay
 * quiet on a plain relu model.
 */
@Tag("engine")
class SanityChecksTest {

  static SweepResult sweep(Path model, String attacks) {
    SweepConfig config = new SweepConfig("mnist", List.of(model.toString()), AttackSpecs.parseList(attacks, null),
        List.of(0.0, 0.1, 0.3), TestSubset.first(64), 64, 3, true, 0);
    return Sweep.builder().setConfig(config).setData(TinyModels.sample()).optModels(Path::of).build().run();
  }

  static Map<String, Check> byName(List<Check> checks) {
    return checks.stream().collect(Collectors.toMap(Check::name, c -> c));
  }

  /**
   * A 1-bit (sign) network attacked with its exact gradient, which is zero everywhere: FGSM moves
   * nothing and PGD (started at the clean image, so no random noise does the attack's work) stays
   * where it started; accuracy at ε = 0.3 stays near the clean accuracy.
   */
  @Test
  void gradientMaskingIsFlagged() {
    SweepResult masked =
        sweep(TinyModels.fixed1(), "fgsm[grad=exact],pgd[grad=exact,random-start=false,steps=5,step=0.1]");
    Map<String, Check> checks = byName(masked.checks());
    assertEquals(5, checks.size(), masked.checks().toString());
    Check zero = checks.get(SanityChecks.ZERO_GRADIENTS);
    assertEquals(Check.Verdict.WARN, zero.verdict(), zero.toString());
    assertEquals(1.0, zero.numbers().values().iterator().next(), 1e-9, "every gradient is exactly zero");
    Check chance = checks.get(SanityChecks.CHANCE_LEVEL);
    assertEquals(Check.Verdict.WARN, chance.verdict(), chance.toString());
    SweepCell pgd = masked.cell(0, 1, 0.3).orElseThrow();
    assertEquals(pgd.cleanAccuracy(), pgd.robustAccuracy(), 1e-9, "PGD is blind: " + pgd);
  }

  @Test
  void aPlainReluModelWithStraightGradientsPasses() {
    SweepResult relu = sweep(TinyModels.relu(), "fgsm,pgd[steps=5,step=0.1]");
    assertEquals(5, relu.checks().size());
    for (Check c : relu.checks()) {
      Check.Verdict expected =
          c.name().equals(SanityChecks.BLACK_BOX) ? Check.Verdict.NOT_APPLICABLE : Check.Verdict.PASS;
      assertEquals(expected, c.verdict(), c.toString());
    }
    Check convergence = byName(relu.checks()).get(SanityChecks.CONVERGENCE);
    assertTrue(convergence.evidence().contains("with 2x steps"), convergence.evidence());
    assertEquals(1, relu.probes().convergence().size());
  }
}
