package dqa.train;

import dqa.run.InvalidSettingsException;
import dqa.run.UserException;
import java.util.Locale;

/**
 * Adversarial training (Madry et al. 2018): which attack crafts the training examples, its budget,
 * and how the loss mixes clean and adversarial terms.
 *
 * @param eps L∞ radius in [0, 1] pixel units
 * @param step PGD step size (ignored by FGSM)
 * @param steps PGD iterations (ignored by FGSM)
 * @param randomStart start PGD at a uniform point of the ε-ball
 * @param adversarialWeight weight w of the adversarial loss: (1 − w)·clean + w·adversarial
 */
public record AdversarialConfig(
    Method method, double eps, double step, int steps, boolean randomStart, double adversarialWeight) {

  /** How training examples are perturbed. */
  public enum Method {
    NONE,
    FGSM,
    PGD;

    @com.fasterxml.jackson.annotation.JsonCreator
    public static Method parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw UserException.about("adv", "'" + text + "' is not one of none, fgsm, pgd");
      }
    }

    @com.fasterxml.jackson.annotation.JsonValue
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public AdversarialConfig {
    if (method == null) {
      method = Method.NONE;
    }
    if (method != Method.NONE) {
      boolean pgd = method == Method.PGD;
      new InvalidSettingsException.Check()
          .require(eps > 0 && eps <= 1, "eps", "adversarial eps must be in (0, 1], got " + eps)
          .require(!pgd || (step > 0 && step <= 1), "step", "the PGD step must be in (0, 1], got " + step)
          .require(!pgd || (steps >= 1 && steps <= 10_000), "steps", "PGD steps must be 1..10000, got " + steps)
          .require(adversarialWeight >= 0 && adversarialWeight <= 1, "adversarialWeight",
              "adversarial weight must be in [0, 1], got " + adversarialWeight)
          .throwIfAny();
    }
  }

  public static AdversarialConfig none() {
    return new AdversarialConfig(Method.NONE, 0, 0, 0, false, 0);
  }

  public static AdversarialConfig pgd(double eps, double step, int steps) {
    return new AdversarialConfig(Method.PGD, eps, step, steps, true, 0.5);
  }

  public static AdversarialConfig fgsm(double eps) {
    return new AdversarialConfig(Method.FGSM, eps, eps, 1, false, 0.5);
  }

  public boolean enabled() {
    return method != Method.NONE;
  }
}
