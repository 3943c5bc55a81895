package dqa.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.attack.AttackLoss;
import dqa.attack.AttackSettings;
import dqa.nn.GradientMode;
import dqa.run.UserException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Attack settings as text: names, bracketed settings in any spelling, defaults, round trip. */
class AttackSpecsTest {
  @Test
  void listWithSettingsAndDefaults() {
    List<AttackSettings> list =
        AttackSpecs.parseList("fgsm, pgd[steps=10,step=0.05,grad=exact,random-start=false],PGD[loss=margin]",
            Map.of("steps", "7", "gradient", "surrogate:4"));
    assertEquals(3, list.size());
    assertEquals("fgsm", list.get(0).name());
    assertEquals(GradientMode.surrogate(4), list.get(0).gradient());
    AttackSettings pgd = list.get(1);
    assertEquals(10, pgd.steps());
    assertEquals(0.05, pgd.step());
    assertEquals(GradientMode.exact(), pgd.gradient());
    assertEquals(false, pgd.randomStart());
    assertNull(pgd.eps());
    assertEquals("pgd", list.get(2).name());
    assertEquals(AttackLoss.MARGIN, list.get(2).loss());
    assertEquals(7, list.get(2).steps());
  }

  @Test
  void formatReadsBack() {
    AttackSettings s = AttackSpecs.parse("pgd[steps=10,step=8/255,random_start=false,grad=exact]", null);
    assertEquals(s, AttackSpecs.parse(AttackSpecs.format(s), null));
    assertTrue(AttackSpecs.format(s).startsWith("pgd["), AttackSpecs.format(s));
    assertEquals("fgsm", AttackSpecs.format(AttackSettings.named("fgsm")));
  }

  @Test
  void badSettingsAreRefusedNamingThem() {
    assertTrue(assertThrows(UserException.class, () -> AttackSpecs.parse("pgd[stepz=3]", null)).getMessage()
        .contains("stepz"));
    assertTrue(assertThrows(UserException.class, () -> AttackSpecs.parse("pgd[steps=many]", null)).getMessage()
        .contains("steps=many"));
    assertTrue(assertThrows(UserException.class, () -> AttackSpecs.parse("pgd[grad=magic]", null)).getMessage()
        .contains("magic"));
    assertThrows(UserException.class, () -> AttackSpecs.parse("pgd[steps=3", null));
    assertThrows(UserException.class, () -> AttackSpecs.parseList("fgsm,,pgd", null));
  }
}
