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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A substitute attack in a sweep: held-out images outside the subset, one substitute per model. */
class SweepSubstituteTest {

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
}
