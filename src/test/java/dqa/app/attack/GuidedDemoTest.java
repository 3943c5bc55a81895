package dqa.app.attack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.app.attack.GuidedDemo.Expect;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The demo's story without a window: its expectations and the models it names. */
class GuidedDemoTest {
  @Test
  void aModelHoldsWhenAtLeastHalfOfItsCorrectImagesStayCorrect() {
    assertTrue(Expect.HOLDS.agrees(8, 15));
    assertFalse(Expect.HOLDS.agrees(7, 15));
    assertTrue(Expect.FALLS.agrees(7, 15));
    assertTrue(Expect.FALLS.agrees(0, 0), "nothing correct to begin with: nothing held");
    assertFalse(Expect.HOLDS.agrees(0, 0));
  }

  @Test
  void everyStepNamesAShippedModelAndTheStoryAlternates() {
    for (GuidedDemo.Step s : GuidedDemo.STEPS) {
      assertTrue(Files.isRegularFile(Path.of("models", s.model(), "card.json")), s.model());
      if (s.twin() != null) {
        assertTrue(Files.isRegularFile(Path.of("models", s.twin(), "card.json")), s.twin());
      }
    }
    for (GuidedDemo.Step s : GuidedDemo.STEPS.subList(1, GuidedDemo.STEPS.size())) {
      assertTrue(s.twin() != null, "every step after the first compares with a twin beside: " + s.title());
    }
    assertTrue(GuidedDemo.STEPS.get(0).expect() == Expect.FALLS && GuidedDemo.STEPS.get(4).expect() == Expect.HOLDS,
        "a full-precision net falls first; adversarial training holds last");
  }
}
