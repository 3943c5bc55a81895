package dqa.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.nn.GradientMode;
import dqa.run.UserException;
import org.junit.jupiter.api.Test;

/** Names and defaults of the attacks a user can ask for (SPEC.md §4); no engine needed. */
class AttackSettingsTest {

  @Test
  void everyNameBuildsItsAttack() {
    for (String name : AttackSettings.NAMES.stream().filter(n -> !n.startsWith("substitute")).toList()) {
      assertEquals(name, AttackSettings.named(name).create("mnist").name());
    }
  }

  @Test
  void pgdsDefaultStepLetsItsStepsCrossTheBallAtEveryBudget() {
    for (double eps : new double[] {0.05, 0.3, 0.5}) {
      Pgd pgd = (Pgd) AttackSettings.named("pgd").withEps(eps).create("mnist");
      assertEquals(40, pgd.steps());
      assertEquals(2.5 * eps, pgd.step() * pgd.steps(), 1e-12, "ε " + eps);
    }
    Pgd cifar = (Pgd) AttackSettings.named("pgd").create("cifar10");
    assertEquals(2.5 * 8 / 255.0, cifar.step() * cifar.steps(), 1e-12);
    Pgd l2 = (Pgd) AttackSettings.named("pgd-l2").withEps(1.0).create("mnist");
    assertEquals(2.5, l2.step() * l2.steps(), 1e-12);
    Pgd given = (Pgd) new AttackSettings("pgd", 0.5, 0.01, 10, null, null, null, null, null).create("mnist");
    assertEquals(0.01, given.step(), "a step given is kept");
    Pgd none = (Pgd) AttackSettings.named("pgd").withEps(0).create("mnist");
    assertTrue(none.step() > 0, "ε 0 still builds an attack (it cannot move the image)");
  }

  @Test
  void singleStepIsAPropertyOfTheAttackNotOfItsName() {
    assertTrue(AttackSettings.named("fgsm").create("mnist").singleStep());
    assertTrue(new AttackSettings("pgd", 0.3, null, 1, null, null, null, null, null).create("mnist").singleStep());
    assertTrue(!AttackSettings.named("pgd").create("mnist").singleStep());
    assertTrue(!AttackSettings.named("apgd").create("mnist").singleStep());
    assertTrue(!AttackSettings.named("square").create("mnist").singleStep());
  }

  @Test
  void carliniWagnerDefaultsAndReusedSettings() {
    CarliniWagnerL2 cw = assertInstanceOf(CarliniWagnerL2.class, AttackSettings.named("cw").create("mnist"));
    assertEquals(CarliniWagnerL2.defaults(), cw);
    assertEquals(Double.POSITIVE_INFINITY, cw.eps());
    assertEquals(Norm.L2, cw.norm());
    CarliniWagnerL2 small =
        (CarliniWagnerL2)
            new AttackSettings("cw", null, 0.05, 100, 3, null, null, GradientMode.surrogate(4), null).create("mnist");
    assertEquals(new CarliniWagnerL2(3, 1e-3, 100, 0.05, 0, true, GradientMode.surrogate(4)), small);
    UserException e = assertThrows(UserException.class, () -> AttackSettings.named("cw").withEps(1).create("mnist"));
    assertTrue(e.getMessage().contains("eps"), e.getMessage());
  }

  @Test
  void zooDefaultsAndOptionalBound() {
    Zoo zoo = assertInstanceOf(Zoo.class, AttackSettings.named("zoo").create("cifar10"));
    assertEquals(Zoo.withBudget(10_000), zoo);
    assertEquals(new Zoo(128, 1e-4, 1e-2, 10, 0, 10_000, Double.POSITIVE_INFINITY), zoo);
    assertEquals(Attack.Access.SCORES, zoo.access());
    Zoo mnist = (Zoo) AttackSettings.named("zoo").create("mnist");
    assertEquals(0.05, mnist.learningRate(), "a larger step on MNIST-like data, where 10,000 queries must do");
    assertTrue(!AttackSettings.named("zoo").takesBudget() && AttackSettings.named("zoo").withEps(2.0).takesBudget());
    assertTrue(!AttackSettings.named("cw").takesBudget() && AttackSettings.named("pgd").takesBudget());
    Zoo bounded = (Zoo) AttackSettings.named("zoo").withEps(2.0).create("mnist");
    assertEquals(2.0, bounded.eps());
    assertEquals(Norm.L2, bounded.norm());
  }

  @Test
  void squareDefaultsPerDataset() {
    assertEquals(new Square(0.3, 0.05, 5000), AttackSettings.named("square").create("mnist"));
    assertEquals(new Square(8 / 255.0, 0.05, 5000), AttackSettings.named("square").create("cifar10"));
    Square custom =
        (Square) new AttackSettings("square", 0.1, 0.2, null, null, null, null, null, 300).create("mnist");
    assertEquals(new Square(0.1, 0.2, 300), custom);
  }

  @Test
  void badSettingsAreUserErrors() {
    assertThrows(
        UserException.class,
        () -> new AttackSettings("zoo", null, null, null, null, null, null, null, 0).create("mnist"));
    assertThrows(
        UserException.class,
        () -> new AttackSettings("square", null, 2.0, null, null, null, null, null, null).create("mnist"));
    assertThrows(
        UserException.class,
        () -> new AttackSettings("cw", null, null, 0, null, null, null, null, null).create("mnist"));
  }

  @Test
  void theScheduleOfSquareHalvesPAsTheReferenceDoes() {
    assertEquals(0.05, Square.p(0.05, 0, 10_000));
    assertEquals(0.05, Square.p(0.05, 10, 10_000));
    assertEquals(0.025, Square.p(0.05, 11, 10_000));
    assertEquals(0.05 / 512, Square.p(0.05, 9_999, 10_000));
    // Scaled to the budget: iteration 26 of 5000 is 52 of 10,000, past the second halving.
    assertEquals(0.0125, Square.p(0.05, 26, 5_000));
    // MNIST, p 0.05 → side round(√(0.05·784)) = 6; never below 1 nor above H − 1.
    assertEquals(6, Square.side(0.05, 0, 5000, 28, 28));
    assertEquals(1, Square.side(0.05, 4_999, 5000, 28, 28));
    assertEquals(27, Square.side(1.0, 0, 5000, 28, 28));
  }
}
