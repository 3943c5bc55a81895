package dqa.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.attack.AttackSettings;
import dqa.run.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sweep's config: normalised, validated with messages naming the field, saved and read back. */
class SweepConfigTest {
  static final List<AttackSettings> ATTACKS = AttackSpecs.parseList("fgsm,pgd[steps=5]", null);

  @Test
  void epsAreSortedAndTheDataSetNormalised() {
    SweepConfig c = SweepConfig.of("MNIST", List.of("a", "b"), ATTACKS, List.of(0.3, 0.0, 0.1), 64);
    assertEquals(List.of(0.0, 0.1, 0.3), c.eps());
    assertEquals("mnist", c.dataset());
    assertEquals(12, c.cellCount());
    assertEquals(List.of("fgsm", "pgd"), c.attackLabels());
  }

  @Test
  void sameNameAttacksGetTheirSettingsAsLabel() {
    SweepConfig c = SweepConfig.of("mnist", List.of("a"), AttackSpecs.parseList("pgd,pgd[grad=exact]", null),
        List.of(0.1), 8);
    assertEquals(List.of("pgd", "pgd[gradient=exact]"), c.attackLabels());
  }

  @Test
  void survivesJson() {
    SweepConfig c = new SweepConfig("mnist", List.of("a"), ATTACKS, List.of(0.0, 0.2), TestSubset.random(50, 9), 16,
        3, false, 1);
    assertEquals(c, Json.mapper().convertValue(Json.mapper().valueToTree(c), SweepConfig.class));
  }

  @Test
  void badConfigsAreRefused() {
    assertMessage("model", () -> SweepConfig.of("mnist", List.of(), ATTACKS, List.of(0.1), 8));
    assertMessage("twice", () -> SweepConfig.of("mnist", List.of("a", "a"), ATTACKS, List.of(0.1), 8));
    assertMessage("attack", () -> SweepConfig.of("mnist", List.of("a"), List.of(), List.of(0.1), 8));
    assertMessage("eps", () -> SweepConfig.of("mnist", List.of("a"), List.of(AttackSettings.named("fgsm").withEps(0.1)),
        List.of(0.1), 8));
    assertMessage("ε", () -> SweepConfig.of("mnist", List.of("a"), ATTACKS, List.of(-0.1), 8));
    assertMessage("batch", () -> new SweepConfig("mnist", List.of("a"), ATTACKS, List.of(0.1), null, 0, 1, true, 2));
    assertMessage("examples", () -> new SweepConfig("mnist", List.of("a"), ATTACKS, List.of(0.1), null, 8, 1, true, 99));
    assertThrows(RuntimeException.class, () -> SweepConfig.of("imagenet", List.of("a"), ATTACKS, List.of(0.1), 8));
  }

  @Test
  void subsetsAreRecordedAndReproducible() {
    TestSubset r = TestSubset.random(5, 7);
    int[] a = r.indices(100);
    assertEquals(5, a.length);
    assertTrue(java.util.Arrays.equals(a, r.indices(100)));
    for (int i = 1; i < a.length; i++) {
      assertTrue(a[i - 1] < a[i]);
    }
    assertEquals("the first 5 of 100 test images", TestSubset.first(5).describe(100));
    assertEquals("all 100 test images", TestSubset.first(0).describe(100));
    assertTrue(r.describe(100).contains("seed 7"));
  }

  private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertTrue(x.getMessage().contains(part), x.getMessage());
  }
}
