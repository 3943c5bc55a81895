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
 * <p>Attacks without a setting of their own reuse the nearest one: {@code cw} takes {@code steps} as
 * Adam iterations per binary-search step (1000), {@code step} as Adam's learning rate (1e-2) and
 * {@code restarts} as binary-search steps (9), and no ε (it minimises distortion); PGD's step defaults to
 * 2.5 ε / steps ({@link #scaledStep}; training recipes give theirs explicitly); {@code zoo} takes
 * {@code step} as ADAM's learning rate (5e-2 for MNIST-like data, 1e-2 for CIFAR-10: the ZOO
 * paper's 1e-2 assumes far more than our 10,000 queries; on a clean MNIST lenet it broke 10 of 100
 * images within the budget, 5e-2 broke all 100, median 3,985 queries) and {@code eps} as an optional
 * bound on ‖δ‖₂ (default none); {@code square} takes {@code step} as p_init (0.05). {@code apgd} (L∞,
 * cross-entropy or {@code --loss dlr}), {@code apgd-dlr} and {@code apgd-l2} take {@code steps} (100) and
 * {@code restarts} (1) and choose their own step size; {@code autoattack} (APGD-CE, APGD-T on 9 targets,
 * Square) takes {@code steps} per APGD (100) and {@code queries} for Square (5000). Loss and random start apply to FGSM, PGD and
 * MI-FGSM; the loss also to APGD; the gradient mode to the white-box attacks.
 *
 * @param eps budget in the attack's norm (null: 0.3 / 8/255 for L∞)
 * @param queries query budget per example of score-based attacks (ZOO 10,000, Square 5000)
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
      List.of(
          "fgsm", "pgd", "pgd-l2", "apgd", "apgd-dlr", "apgd-l2", "autoattack", "mifgsm", "cw", "zoo", "square",
          "substitute", "substitute-pgd");

  /** A setting a user can give an attack (a form field, a command-line option). */
  public enum Setting {
    EPS,
    STEP,
    STEPS,
    RESTARTS,
    LOSS,
    GRADIENT,
    QUERIES
  }

  /**
   * The settings {@link #create} reads for the attack {@code name}; the others are ignored, so a form
   * hides their fields. Kept beside {@code create}, and checked against it by a test that changes each
   * setting and looks at the attack it builds.
   */
  public static java.util.Set<Setting> settingsOf(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return switch (n) {
      case "fgsm", "substitute" -> java.util.EnumSet.of(Setting.EPS, Setting.LOSS, Setting.GRADIENT);
      case "pgd", "pgd-l2", "substitute-pgd" ->
          java.util.EnumSet.of(Setting.EPS, Setting.STEP, Setting.STEPS, Setting.RESTARTS, Setting.LOSS, Setting.GRADIENT);
      case "apgd", "apgd-l2" ->
          java.util.EnumSet.of(Setting.EPS, Setting.STEPS, Setting.RESTARTS, Setting.LOSS, Setting.GRADIENT);
      case "apgd-dlr" -> java.util.EnumSet.of(Setting.EPS, Setting.STEPS, Setting.RESTARTS, Setting.GRADIENT);
      case "autoattack" -> java.util.EnumSet.of(Setting.EPS, Setting.STEPS, Setting.QUERIES, Setting.GRADIENT);
      case "mifgsm" -> java.util.EnumSet.of(Setting.EPS, Setting.STEPS, Setting.LOSS, Setting.GRADIENT);
      case "cw" -> java.util.EnumSet.of(Setting.STEP, Setting.STEPS, Setting.RESTARTS, Setting.GRADIENT);
      case "zoo" -> java.util.EnumSet.of(Setting.EPS, Setting.STEP, Setting.QUERIES);
      case "square" -> java.util.EnumSet.of(Setting.EPS, Setting.STEP, Setting.QUERIES);
      default -> java.util.EnumSet.noneOf(Setting.class);
    };
  }

  public static AttackSettings named(String name) {
    return new AttackSettings(name, null, null, null, null, null, null, null, null);
  }

  public AttackSettings withEps(double newEps) {
    return new AttackSettings(name, newEps, step, steps, restarts, randomStart, loss, gradient, queries);
  }

  /**
   * Whether a sweep's ε is this attack's budget. C&amp;W minimises distortion and takes none, ZOO
   * takes one only when a bound was given; a sweep runs those once and reads their distances.
   */
  public boolean takesBudget() {
    String n = name.trim().toLowerCase(Locale.ROOT);
    return !(n.equals("cw") || (n.equals("zoo") && eps == null));
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
        case "pgd" -> linfPgd(linfEps, cifar, start, r, l, g);
        case "pgd-l2" -> {
          double l2Eps = or(eps, cifar ? 0.5 : 2.0);
          int n = or(steps, 40);
          yield new Pgd(Norm.L2, l2Eps, or(step, scaledStep(l2Eps, n)), n, start, r, l, g);
        }
        case "apgd" -> new Apgd(Norm.LINF, linfEps, or(steps, 100), r, l, g);
        case "apgd-dlr" -> new Apgd(Norm.LINF, linfEps, or(steps, 100), r, AttackLoss.DLR, g);
        case "apgd-l2" -> new Apgd(Norm.L2, or(eps, cifar ? 0.5 : 2.0), or(steps, 100), r, l, g);
        case "autoattack" -> new AutoAttack(linfEps, or(steps, 100), 9, or(queries, 5000), g);
        case "mifgsm" -> new MiFgsm(linfEps, or(steps, 10), 1.0, l, g);
        case "substitute" -> SubstituteAttack.of(heldOut(heldOut), new Fgsm(linfEps, l, g));
        case "substitute-pgd" ->
            SubstituteAttack.of(heldOut(heldOut), linfPgd(linfEps, cifar, start, r, l, g));
        case "cw" -> {
          if (eps != null) {
            throw new UserException("cw minimises the L2 distortion and takes no eps; read its L2 distances instead");
          }
          yield new CarliniWagnerL2(or(restarts, 9), 1e-3, or(steps, 1000), or(step, 1e-2), 0, true, g);
        }
        case "zoo" ->
            new Zoo(128, 1e-4, or(step, cifar ? 1e-2 : 5e-2), 10, 0, or(queries, 10_000), or(eps, Double.POSITIVE_INFINITY));
        case "square" -> new Square(linfEps, or(step, 0.05), or(queries, 5000));
        default ->
            throw new UserException("attack '" + name + "' is not one of " + String.join(", ", NAMES));
      };
    } catch (IllegalArgumentException e) {
      throw new UserException("attack " + name + ": " + e.getMessage(), e);
    }
  }

  private Pgd linfPgd(double linfEps, boolean cifar, boolean start, int r, AttackLoss l, GradientMode g) {
    int n = or(steps, cifar ? 20 : 40);
    return new Pgd(Norm.LINF, linfEps, or(step, scaledStep(linfEps, n)), n, start, r, l, g);
  }

  /**
   * PGD's default step: {@code steps × step = 2.5 ε} (Madry et al. 2018), so that the walk can cross
   * the ε-ball from any random start whatever ε is; a fixed step (0.01 before) cannot cross a ball of
   * ε 0.5 in 40 steps and makes large budgets look survivable. At ε 0 any step leaves the image as it is.
   */
  public static double scaledStep(double eps, int steps) {
    return eps > 0 ? 2.5 * eps / steps : 1 / 255.0;
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
