package dqa.attack;

import dqa.train.AdversarialConfig;
import dqa.train.InputPerturber;
import dqa.train.TrainConfig;

/** The attack that crafts a recipe's adversarial training examples (or none for clean training). */
public final class TrainingAttacks {
  private TrainingAttacks() {}

  /** FGSM or PGD (L∞, random start, cross-entropy) with the recipe's budget and gradient mode. */
  public static InputPerturber forRecipe(TrainConfig config) {
    AdversarialConfig a = config.adversarial();
    return switch (a.method()) {
      case NONE -> null;
      case FGSM -> new Fgsm(a.eps(), AttackLoss.CE, config.gradient());
      case PGD -> new Pgd(Norm.LINF, a.eps(), a.step(), a.steps(), a.randomStart(), 1, AttackLoss.CE, config.gradient());
    };
  }
}
