package dqa.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.attack.AttackLoss;
import dqa.attack.Fgsm;
import dqa.attack.SubstituteAttack;
import dqa.data.LabeledImages;
import dqa.nn.Architecture;
import dqa.nn.GradientMode;
import dqa.testing.TinyModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Attacks that are not a plain L∞ budget in a sweep: a substitute (held-out images outside the
 * subset, one substitute per model) and minimum-distortion attacks (C&amp;W, ZOO) run once.
 */
class SweepAttackKindsTest {

  @Test
  void heldOutImagesAreTheLastOnesOutsideTheSubset() {
    byte[] pixels = new byte[10];
    byte[] labels = new byte[10];
    for (int i = 0; i < 10; i++) {
      pixels[i] = (byte) i;
    }
    LabeledImages test = new LabeledImages(10, 1, 1, 1, pixels, labels);
    LabeledImages held = Sweep.heldOut(test, new int[] {0, 1, 8, 9}, 3);
    assertEquals(3, held.count());
    assertEquals(5, held.image(0)[0]);
    assertEquals(7, held.image(2)[0], "in test-set order, skipping the attacked 8 and 9");
    assertNull(Sweep.heldOut(test, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 3), "nothing left to hold out");
  }

  @Test
  @Tag("engine")
  void theSubstituteIsTrainedOncePerModelAndCraftsEveryEps(@org.junit.jupiter.api.io.TempDir Path tmp) {
    SweepConfig config =
        new SweepConfig("mnist", List.of(TinyModels.relu().toString()), AttackSpecs.parseList("substitute", null),
            List.of(0.1, 0.2, 0.3), TestSubset.first(32), 32, 3, false, 0);
    List<LabeledImages> heldOutSeen = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    SweepResult result =
        Sweep.builder().setConfig(config).setData(TinyModels.sample()).optModels(Path::of)
            .optOutput(tmp.resolve("s.json")).optChecks(false)
            .optProgress((done, total, msg) -> messages.add(msg))
            .optAttackFactory((settings, eps, dataset, heldOut) -> {
              heldOutSeen.add(heldOut);
              return new SubstituteAttack(heldOut, Architecture.CNN, 1, 0.1, 0, 1, 1e-3, 64, 5,
                  new Fgsm(eps, AttackLoss.CE, GradientMode.ste()));
            })
            .build()
            .run();

    assertEquals(3, result.cells().size());
    LabeledImages held = heldOutSeen.get(0);
    assertEquals(150, held.count());
    assertTrue(Arrays.equals(TinyModels.sample().test().image(TinyModels.sample().test().count() - 1),
        held.image(149)), "the held-out set ends with the last test image");

    int preparations = 0;
    for (int i = 0; i < messages.size(); i++) {
      boolean training = messages.get(i).contains("training the substitute");
      if (training && (i == 0 || !messages.get(i - 1).contains("training the substitute"))) {
        preparations++;
      }
    }
    assertEquals(1, preparations, "one substitute for three budgets");

    Pattern oracle = Pattern.compile("oracle-queries=(\\d+)");
    List<String> counts = new ArrayList<>();
    for (SweepCell c : result.cells()) {
      Matcher m = oracle.matcher(c.description());
      assertTrue(m.find(), c.description());
      counts.add(m.group(1));
    }
    assertEquals(1, counts.stream().distinct().count(), "every cell names the same oracle bill: " + counts);
    assertEquals(300, Integer.parseInt(counts.get(0)), "150 initial labels + 150 after one augmentation round");
  }

  @Test
  @Tag("engine")
  void minimumDistortionAttacksRunOnceAndReportSuccessAndDistances(@org.junit.jupiter.api.io.TempDir Path tmp) {
    SweepConfig config =
        new SweepConfig("mnist", List.of(TinyModels.relu().toString()),
            AttackSpecs.parseList("fgsm,cw[steps=40,restarts=6,step=0.05],zoo[queries=3000,step=0.1]", null),
            List.of(0.1, 0.3), TestSubset.first(12), 12, 3, true, 0);
    SweepResult result =
        Sweep.builder().setConfig(config).setData(TinyModels.sample()).optModels(Path::of)
            .optOutput(tmp.resolve("s.json")).optChecks(false).build().run();
    assertEquals(6, result.cells().size());
    for (int a = 1; a <= 2; a++) {
      SweepCell first = result.cell(0, a, 0.1).orElseThrow();
      SweepCell second = result.cell(0, a, 0.3).orElseThrow();
      assertTrue(!first.bounded() && first.unboundedSuccessRate() != null, first.toString());
      assertEquals(0.1, second.reusedFromEps(), "run once, read at every eps: " + second);
      assertEquals(first.unboundedSuccessRate(), second.unboundedSuccessRate());
      assertTrue(second.robustCorrect() <= first.robustCorrect(), "a larger L2 radius breaks at least as many");
    }
    SweepCell cw = result.cell(0, 1, 0.3).orElseThrow();
    assertTrue(cw.unboundedSuccessRate() > 0.5 && cw.medianL2() != null, cw.toString());
    SweepCell zoo = result.cell(0, 2, 0.1).orElseThrow();
    assertTrue(zoo.unboundedSuccessRate() > 0.5 && zoo.medianQueries() != null, "ZOO counts its queries: " + zoo);
  }
}
