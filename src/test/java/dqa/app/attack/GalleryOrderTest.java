package dqa.app.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.app.attack.AttackViewModel.GalleryFilter;
import dqa.app.attack.AttackViewModel.GalleryOrder;
import dqa.attack.AttackResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gallery's filter and order, on hand-made results of four images and two classes. */
class GalleryOrderTest {
  /**
   * Image 0: right, stays right (true-class probability 0.9 → 0.8); 1: right, fooled (0.8 → 0.1);
   * 2: wrong before (0.3 → 0.25); 3: right, fooled (0.95 → 0.4).
   */
  private static AttackResult result(int[] adversarialPredictions) {
    int[] labels = {0, 0, 0, 0};
    int[] clean = {0, 0, 1, 0};
    float[] before = {0.9f, 0.1f, 0.8f, 0.2f, 0.3f, 0.7f, 0.95f, 0.05f};
    float[] after = {0.8f, 0.2f, 0.1f, 0.9f, 0.25f, 0.75f, 0.4f, 0.6f};
    return new AttackResult("test", 4, 2, labels, null, clean, adversarialPredictions, new boolean[4], new double[4],
        new double[4], new double[4], new long[4], before, after, new float[4], 1, 0);
  }

  private static AttackViewModel.Outcome outcome(AttackResult primary, AttackResult twin) {
    return new AttackViewModel.Outcome(new AttackViewModel.Run(null, primary),
        twin == null ? null : new AttackViewModel.Run(null, twin), new float[4], 1, 1, 1, List.of("a", "b"), 0);
  }

  @Test
  void fooledMeansARightAnswerTurnedWrong() {
    AttackResult r = result(new int[] {0, 1, 1, 1});
    assertFalse(AttackViewModel.fooled(r, 0));
    assertTrue(AttackViewModel.fooled(r, 1));
    assertFalse(AttackViewModel.fooled(r, 2), "wrong before the attack is not fooled");
    assertEquals(0.7, AttackViewModel.confidenceDrop(r, 1), 1e-6);
  }

  @Test
  void filterAndOrder() {
    AttackViewModel.Outcome o = outcome(result(new int[] {0, 1, 1, 1}), null);
    assertArrayEquals(new int[] {0, 1, 2, 3}, AttackViewModel.shown(o, GalleryFilter.ALL, GalleryOrder.IMAGE));
    assertArrayEquals(new int[] {1, 3}, AttackViewModel.shown(o, GalleryFilter.FOOLED, GalleryOrder.IMAGE));
    // drops: 0.1, 0.7, 0.05, 0.55
    assertArrayEquals(new int[] {1, 3, 0, 2}, AttackViewModel.shown(o, GalleryFilter.ALL, GalleryOrder.CONFIDENCE_DROP));
    assertArrayEquals(new int[] {1, 3}, AttackViewModel.shown(o, GalleryFilter.FOOLED, GalleryOrder.CONFIDENCE_DROP));
  }

  @Test
  void tiesKeepTestSetOrder() {
    AttackViewModel.Outcome o = outcome(new AttackResult("t", 3, 2, new int[3], null, new int[3], new int[3],
        new boolean[3], new double[3], new double[3], new double[3], new long[3],
        new float[] {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f}, new float[3], 1,
        0), null);
    assertArrayEquals(new int[] {0, 1, 2}, AttackViewModel.shown(o, GalleryFilter.ALL, GalleryOrder.CONFIDENCE_DROP));
  }

  @Test
  void anImageFooledOnlyOnTheTwinIsShownToo() {
    AttackViewModel.Outcome o = outcome(result(new int[] {0, 0, 1, 0}), result(new int[] {1, 0, 1, 0}));
    assertArrayEquals(new int[] {0}, AttackViewModel.shown(o, GalleryFilter.FOOLED, GalleryOrder.IMAGE));
  }
}
