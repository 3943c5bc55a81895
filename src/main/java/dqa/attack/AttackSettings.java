package dqa.attack;

import dqa.data.LabeledImages;
import dqa.nn.GradientMode;
import dqa.run.UserException;
import java.util.List;
import java.util.Locale;

/**
 * What a user asked for when naming an attack: its name and any settings given; a null setting
 * takes the attack's default for the data set (SPEC.md §4). {@link #create} builds the attack.
 *
 * <p>{@code substitute} crafts with FGSM and {@code substitute-pgd} with L∞ PGD (their eps, step,
 * steps, random start, restarts, loss and gradient settings apply to that crafting attack) on a
 * substitute with {@link SubstituteAttack#of}'s defaults; both need held-out images, see {@link
 * #create(String, LabeledImages)}.
 *
 * @param eps budget in the attack's norm (null: 0.3 / 8/255 for L∞)
 * @param queries query budget of score-based attacks (ZOO, Square)
 */
public record AttackSettings(
    String name,
    Double eps,
    Double step,
    Integer steps,
    Integer restarts,
    Boolean randomStart,
    AttackLoss loss,
    GradientMode gradient,
    Integer queries) {

  /** Every attack name {@link #create} knows. */
  public static final List<String> NAMES =
      List.of("fgsm", "pgd", "pgd-l2", "mifgsm", "substitute", "substitute-pgd");

  public static AttackSettings named(String name) {
    return new AttackSettings(name, null, null, null, null, null, null, null, null);
  }

  public AttackSettings withEps(double newEps) {
    return new AttackSettings(name, newEps, step, steps, restarts, randomStart, loss, gradient, queries);
  }

  /** Builds the attack for a data set ({@code cifar10} gets the CIFAR-10 defaults). */
  public Attack create(String dataset) {
    return create(dataset, null);
  }

  /**
   * As {@link #create(String)}, with held-out images for the substitute attack to train its
   * substitute from (the paper uses 150; the command line passes the last 150 test images and
   * attacks from the first): never the images attacked. Other attacks ignore them.
   *
   * @param heldOut labelled by the target, not by their own labels; null when there are none
   */
  public Attack create(String dataset, LabeledImages heldOut) {
    boolean cifar = "cifar10".equals(dataset);
    double linfEps = eps != null ? eps : cifar ? 8 / 255.0 : 0.3;
    AttackLoss l = loss == null ? AttackLoss.CE : loss;
    GradientMode g = gradient == null ? GradientMode.ste() : gradient;
    boolean start = randomStart == null || randomStart;
    int r = restarts == null ? 1 : restarts;
    try {
      return switch (name.trim().toLowerCase(Locale.ROOT)) {
        case "fgsm" -> new Fgsm(linfEps, l, g);
        case "pgd" ->
            new Pgd(Norm.LINF, linfEps, or(step, cifar ? 2 / 255.0 : 0.01), or(steps, cifar ? 20 : 40), start, r, l, g);
        case "pgd-l2" ->
            new Pgd(Norm.L2, or(eps, cifar ? 0.5 : 2.0), or(step, cifar ? 0.1 : 0.25), or(steps, 40), start, r, l, g);
        case "mifgsm" -> new MiFgsm(linfEps, or(steps, 10), 1.0, l, g);
        case "substitute" -> SubstituteAttack.of(heldOut(heldOut), new Fgsm(linfEps, l, g));
        case "substitute-pgd" ->
            SubstituteAttack.of(
                heldOut(heldOut),
                new Pgd(Norm.LINF, linfEps, or(step, cifar ? 2 / 255.0 : 0.01), or(steps, cifar ? 20 : 40), start, r, l, g));
        default ->
            throw new UserException("attack '" + name + "' is not one of " + String.join(", ", NAMES));
      };
    } catch (IllegalArgumentException e) {
      throw new UserException("attack " + name + ": " + e.getMessage(), e);
    }
  }

  private LabeledImages heldOut(LabeledImages images) {
    if (images == null || images.count() == 0) {
      throw new UserException(
          "attack " + name + " trains a substitute on held-out images labelled by the target; none were given");
    }
    return images;
  }

  private static <T> T or(T value, T fallback) {
    return value == null ? fallback : value;
  }
}
