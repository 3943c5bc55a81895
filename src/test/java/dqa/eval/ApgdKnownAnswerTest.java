package dqa.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dqa.attack.Apgd;
import dqa.attack.AttackLoss;
import dqa.attack.Norm;
import dqa.attack.Pgd;
import dqa.data.Dataset;
import dqa.data.DatasetId;
import dqa.data.DatasetLoader;
import dqa.data.LabeledImages;
import dqa.nn.GradientMode;
import dqa.nn.Network;
import dqa.run.CancellationToken;
import dqa.run.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Known answers of Auto-PGD (Croce &amp; Hein 2020) on shipped models. */
@Tag("engine")
class ApgdKnownAnswerTest {
  static LabeledImages sample(int n) {
    return DatasetLoader.load(DatasetId.MNIST, Path.of(System.getProperty("dqa.assets", "assets"), "sample", "mnist"))
        .test()
        .head(n);
  }

  @Test
  void theCheckpointsAreTheReferenceImplementations() {
    assertEquals(List.of(22, 41, 57, 70, 80, 87, 93, 99), dqa.attack.ApgdAccess.checkpoints(100));
    assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 9, 10), dqa.attack.ApgdAccess.checkpoints(10));
  }

  /** A clean-trained network has no robustness at ε 0.3 on MNIST: APGD-CE must find that (Croce & Hein: 0 %). */
  @Test
  void apgdBreaksEveryImageOfACleanLenetAtEps03() {
    LabeledImages images = sample(100);
    try (Network net = Network.load(Path.of("models", "lenet-relu"), Device.cpu())) {
      RobustAccuracy.Result r =
          RobustAccuracy.evaluate(net, images, Apgd.linf(0.3), 100, 1, ProgressListener.NONE, CancellationToken.none());
      assertEquals(0.0, r.accuracy(), 1e-12, "robust accuracy of lenet-relu under APGD-CE at ε 0.3");
      assertTrue(r.cleanAccuracy() > 0.95, "clean " + r.cleanAccuracy());
    }
  }

  /** On an adversarially trained network APGD is at least as strong as a fixed-step PGD-40. */
  @Test
  void apgdIsNoWeakerThanPgd40OnAPgdTrainedLenet() {
    LabeledImages images = sample(100);
    try (Network net = Network.load(Path.of("models", "lenet-relu-pgd"), Device.cpu())) {
      double pgd =
          RobustAccuracy.evaluate(net, images, Pgd.linf(0.3, 0.01, 40), 100, 1, ProgressListener.NONE,
              CancellationToken.none()).accuracy();
      double apgdCe =
          RobustAccuracy.evaluate(net, images, Apgd.linf(0.3), 100, 1, ProgressListener.NONE, CancellationToken.none())
              .accuracy();
      double apgdDlr =
          RobustAccuracy.evaluate(
                  net, images, new Apgd(Norm.LINF, 0.3, 100, 1, AttackLoss.DLR, GradientMode.ste()), 100, 1,
                  ProgressListener.NONE, CancellationToken.none())
              .accuracy();
      assertTrue(apgdCe <= pgd, "APGD-CE " + apgdCe + " vs PGD-40 " + pgd);
      // AutoAttack starts with APGD-CE (on the correctly classified images only, so from other random
      // starts) and adds more attacks on what is left: no weaker than PGD-40, and than APGD-CE but for noise.
      double auto =
          RobustAccuracy.evaluate(
                  net, images, new dqa.attack.AutoAttack(0.3, 100, 3, 500, GradientMode.ste()), 100, 1,
                  ProgressListener.NONE, CancellationToken.none())
              .accuracy();
      assertTrue(auto <= pgd, "AutoAttack " + auto + " vs PGD-40 " + pgd);
      assertTrue(auto <= apgdCe + 0.01, "AutoAttack " + auto + " vs APGD-CE " + apgdCe);
      assertTrue(apgdDlr <= pgd + 0.02, "APGD-DLR " + apgdDlr + " vs PGD-40 " + pgd);
      assertTrue(pgd - apgdCe < 0.15, "within a few points of PGD: " + apgdCe + " vs " + pgd);
    }
  }

  /**
   * Issue 14's known answer for masking: on a quantized LeNet, AutoAttack's gradient members with the
   * exact (zero almost everywhere) gradient leave most images standing and the sweep's sanity checks
   * say why; with straight-through or surrogate gradients they break about every image, and even with
   * exact gradients the gradient-free Square member does.
   */
  @Test
  void autoAttackWithExactGradientsIsFlaggedAsMaskedOnAQuantizedLenetWhileSeeingThroughBreaksIt() {
    Dataset data =
        DatasetLoader.load(DatasetId.MNIST, Path.of(System.getProperty("dqa.assets", "assets"), "sample", "mnist"));
    Map<String, Double> robust = new java.util.LinkedHashMap<>();
    Map<String, Boolean> flagged = new java.util.LinkedHashMap<>();
    for (String attack : List.of("autoattack[grad=exact,queries=0]", "autoattack[grad=ste,queries=0]",
        "autoattack[grad=surrogate,queries=0]", "autoattack[grad=exact,queries=1000]")) {
      SweepConfig config =
          new SweepConfig("mnist", List.of(Path.of("models", "lenet-fixed2").toString()), AttackSpecs.parseList(attack, null),
              List.of(0.3), TestSubset.first(40), 40, 1, false, 0);
      SweepResult r =
          Sweep.builder().setConfig(config).setData(data).optModels(Path::of).optChecks(true).build().run();
      robust.put(attack, r.cell(0, 0, 0.3).orElseThrow().robustAccuracy());
      flagged.put(attack, r.checks().stream().anyMatch(c -> c.name().equals(SanityChecks.ZERO_GRADIENTS) && c.warns()));
    }
    String all = robust + " flagged " + flagged;
    assertTrue(robust.get("autoattack[grad=exact,queries=0]") >= 0.5, "exact gradients give APGD nothing to follow: " + all);
    assertTrue(flagged.get("autoattack[grad=exact,queries=0]"), "and the zero-gradient check says so: " + all);
    assertTrue(robust.get("autoattack[grad=ste,queries=0]") <= 0.05, all);
    assertTrue(robust.get("autoattack[grad=surrogate,queries=0]") <= 0.05, all);
    assertTrue(!flagged.get("autoattack[grad=ste,queries=0]") && !flagged.get("autoattack[grad=surrogate,queries=0]"), all);
    assertTrue(robust.get("autoattack[grad=exact,queries=1000]") <= 0.05, "Square needs no gradient: " + all);
  }
}
