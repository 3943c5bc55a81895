package dqa.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dqa.attack.Attack;
import dqa.attack.AttackLoss;
import dqa.attack.AttackSettings;
import dqa.attack.Goal;
import dqa.attack.ModelAccess;
import dqa.attack.Pgd;
import dqa.data.LabeledImages;
import dqa.nn.GradientMode;
import dqa.nn.Network;
import dqa.run.CancellationToken;
import dqa.run.ProgressListener;
import dqa.train.Batches;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sanity checks of a robustness evaluation, as free functions over its results (ART's metrics
 * style), following Carlini et al. 2019 ("On Evaluating Adversarial Robustness", §5 checklist),
 * Athalye, Carlini, Wagner 2018 ("Obfuscated Gradients Give a False Sense of Security") and the
 * flags AutoAttack (Croce &amp; Hein 2020) raises. Each returns a {@link Check}: PASS, or WARN with
 * its evidence; a check with nothing to compare passes and says so.
 *
 * <ol>
 *   <li>{@link #iterativeAtLeastSingleStep}: an iterative attack (PGD, MI-FGSM) is at least as
 *       strong as FGSM at each ε;
 *   <li>{@link #accuracyFallsToChance}: accuracy does not rise with ε and, for the worst case over
 *       the bounded attacks, reaches about chance at the largest ε; an unbounded attack (C&amp;W)
 *       succeeds on nearly every image;
 *   <li>{@link #blackBoxNotStronger}: no score-based, transfer or cross-model attack beats the
 *       white-box ones;
 *   <li>{@link #zeroGradients}: few inputs have an input gradient that is exactly zero (probe);
 *   <li>{@link #stepsAndRestarts}: twice the PGD steps, or more random restarts, no longer change the
 *       result (probe).
 * </ol>
 *
 * <p>Differences are compared with a tolerance of {@code max(points, 2 / n)}: on a small subset one
 * or two images either way are noise, not evidence.
 */
public final class SanityChecks {
  /** Default tolerance: two percentage points. */
  public static final double POINTS = 0.02;
  /** Default bound for "about chance" at the largest ε. */
  public static final double CHANCE = 0.20;
  /** Default largest share of exactly-zero gradients before masking is suspected. */
  public static final double ZERO_SHARE = 0.5;
  /** Default least success rate of an unbounded attack. */
  public static final double UNBOUNDED_SUCCESS = 0.95;

  public static final String ITERATIVE = "iterative-at-least-single-step";
  public static final String CHANCE_LEVEL = "accuracy-falls-to-chance";
  public static final String BLACK_BOX = "black-box-not-stronger";
  public static final String ZERO_GRADIENTS = "zero-gradients";
  public static final String CONVERGENCE = "steps-and-restarts";

  private SanityChecks() {}

  /**
   * The checks a report of these results shows — the window's table and exports, the {@code report}
   * command and the HTML alike: every check over the sweep, with the transfer matrix only when it
   * measured the sweep's images and models ({@link TransferResult#belongsTo}); with a transfer matrix
   * alone, the one check that reads it.
   */
  public static List<Check> forReport(SweepResult sweep, TransferResult transfer) {
    if (sweep == null) {
      return List.of(blackBoxNotStronger(null, transfer, POINTS));
    }
    return all(sweep, transfer != null && transfer.belongsTo(sweep) ? transfer : null);
  }

  /**
   * Every check with its default thresholds: the three over the sweep's cells (and the transfer
   * matrix, if given), and the two over the sweep's probes when it has them.
   */
  public static List<Check> all(SweepResult sweep, TransferResult transfer) {
    List<Check> out = new ArrayList<>();
    out.add(iterativeAtLeastSingleStep(sweep, POINTS));
    out.add(accuracyFallsToChance(sweep, CHANCE, POINTS));
    out.add(blackBoxNotStronger(sweep, transfer, POINTS));
    if (sweep.probes() != null) {
      out.add(zeroGradients(sweep.probes().gradients(), ZERO_SHARE));
      out.add(stepsAndRestarts(sweep.probes().convergence(), POINTS));
    }
    return out;
  }

  /**
   * (a) At every model and ε > 0, each iterative white-box attack of the same norm leaves a robust
   * accuracy at most FGSM's plus the tolerance. A weaker iterative attack means its gradient steps
   * do not help: masked gradients, or a bad step size.
   */
  public static Check iterativeAtLeastSingleStep(SweepResult s, double points) {
    Map<String, Double> numbers = new LinkedHashMap<>();
    List<String> bad = new ArrayList<>();
    double worst = Double.NEGATIVE_INFINITY;
    String worstAt = null;
    for (SweepCell single : s.cells()) {
      if (!isSingleStep(s, single) || single.eps() <= 0) {
        continue;
      }
      for (SweepCell iter : s.cells()) {
        if (iter.modelIndex() != single.modelIndex() || iter.eps() != single.eps() || iter.norm() != single.norm()
            || iter.access() != Attack.Access.WHITE_BOX || !iter.bounded() || isSingleStep(s, iter)) {
          continue;
        }
        double gap = iter.robustAccuracy() - single.robustAccuracy();
        String key = iter.network() + " " + iter.attack() + " - " + single.attack() + " @ " + EpsList.format(iter.eps());
        numbers.put(key, gap);
        if (gap > worst) {
          worst = gap;
          worstAt = key;
        }
        if (gap > tolerance(points, iter.n())) {
          bad.add(String.format(Locale.ROOT, "%s on %s at eps %s leaves %s, more than %s's %s", iter.attack(),
              iter.network(), EpsList.format(iter.eps()), pct(iter.robustAccuracy()), single.attack(),
              pct(single.robustAccuracy())));
        }
      }
    }
    if (numbers.isEmpty()) {
      return Check.notApplicable(ITERATIVE,
          "no model was attacked both by FGSM and by an iterative attack of the same norm at an eps > 0", numbers);
    }
    if (!bad.isEmpty()) {
      return new Check(ITERATIVE, Check.Verdict.WARN,
          "the iterative attack is weaker than one FGSM step: " + String.join("; ", bad)
              + ". Its gradient steps do not help (masked gradients or a bad step size).",
          numbers);
    }
    return new Check(ITERATIVE, Check.Verdict.PASS, String.format(Locale.ROOT,
        "at every model and eps the iterative attacks are at least as strong as FGSM (largest excess %+.1f points, %s)",
        100 * worst, worstAt), numbers);
  }

  /**
   * (b) Along ε, no bounded attack's robust accuracy rises by more than the tolerance; at the
   * largest ε the worst case over each model's bounded attacks is at most {@code chance}; an
   * unbounded attack succeeds on at least {@value #UNBOUNDED_SUCCESS} of the images. An accuracy
   * that stays high however large the budget means the attacks are failing, not that the model is
   * robust.
   */
  public static Check accuracyFallsToChance(SweepResult s, double chance, double points) {
    Map<String, Double> numbers = new LinkedHashMap<>();
    List<String> bad = new ArrayList<>();
    List<String> good = new ArrayList<>();
    SweepConfig config = s.config();
    double largest = config.eps().get(config.eps().size() - 1);
    for (int m = 0; m < config.models().size(); m++) {
      for (int a = 0; a < config.attacks().size(); a++) {
        List<SweepCell> series = s.series(m, a);
        if (series.isEmpty() || !series.get(0).bounded()) {
          continue;
        }
        SweepCell lowest = series.get(0);
        for (SweepCell hi : series) {
          if (hi.robustAccuracy() > lowest.robustAccuracy() + tolerance(points, hi.n())) {
            bad.add(String.format(Locale.ROOT, "%s under %s rises from %s at eps %s to %s at eps %s", hi.network(),
                hi.attack(), pct(lowest.robustAccuracy()), EpsList.format(lowest.eps()), pct(hi.robustAccuracy()),
                EpsList.format(hi.eps())));
            break;
          }
          if (hi.robustAccuracy() < lowest.robustAccuracy()) {
            lowest = hi;
          }
        }
      }
      if (largest > 0) {
        for (WorstCase w : s.worstCase()) {
          if (w.modelIndex() != m || w.eps() != largest) {
            continue;
          }
          numbers.put(w.network() + " worst case @ " + EpsList.format(largest), w.robustAccuracy());
          String text = String.format(Locale.ROOT, "%s: %s left at eps %s (%s %s)", w.network(),
              pct(w.robustAccuracy()), EpsList.format(largest), w.norm(), String.join(", ", w.attacks()));
          if (w.robustAccuracy() > chance) {
            bad.add(text + String.format(Locale.ROOT, ", above %s", pct(chance)));
          } else {
            good.add(text);
          }
        }
      }
    }
    for (SweepCell c : s.cells()) {
      if (!c.bounded() && c.unboundedSuccessRate() != null && c.reusedFromEps() == null) {
        numbers.put(c.network() + " " + c.attack() + " success", c.unboundedSuccessRate());
        String text = String.format(Locale.ROOT, "%s succeeds on %s of %s's correct images", c.attack(),
            pct(c.unboundedSuccessRate()), c.network());
        if (c.unboundedSuccessRate() < UNBOUNDED_SUCCESS) {
          bad.add(text + " (an unbounded attack should reach about 100 %)");
        } else {
          good.add(text);
        }
      }
    }
    if (!bad.isEmpty()) {
      return new Check(CHANCE_LEVEL, Check.Verdict.WARN,
          String.join("; ", bad) + ". The attacks stop working rather than the model being robust.", numbers);
    }
    if (good.isEmpty()) {
      return Check.notApplicable(CHANCE_LEVEL, "the largest eps is 0 and there is no unbounded attack", numbers);
    }
    return new Check(CHANCE_LEVEL, Check.Verdict.PASS,
        "accuracy falls with eps and reaches about chance: " + String.join("; ", good), numbers);
  }

  /**
   * (c) At each model, ε and norm, no score-based or transfer attack leaves a lower robust accuracy
   * than the strongest white-box attack (minus the tolerance); in a transfer matrix, no source
   * model's examples hurt a target more than the target's own white-box examples (the diagonal).
   */
  public static Check blackBoxNotStronger(SweepResult s, TransferResult t, double points) {
    Map<String, Double> numbers = new LinkedHashMap<>();
    List<String> bad = new ArrayList<>();
    int compared = 0;
    if (s != null) {
      for (SweepCell other : s.cells()) {
        if (other.access() == Attack.Access.WHITE_BOX || !other.bounded()) {
          continue;
        }
        SweepCell white = null;
        for (SweepCell c : s.cells()) {
          if (c.modelIndex() == other.modelIndex() && c.eps() == other.eps() && c.norm() == other.norm()
              && c.access() == Attack.Access.WHITE_BOX && c.bounded()
              && (white == null || c.robustAccuracy() < white.robustAccuracy())) {
            white = c;
          }
        }
        if (white == null) {
          continue;
        }
        compared++;
        double gap = white.robustAccuracy() - other.robustAccuracy();
        numbers.put(other.network() + " " + white.attack() + " - " + other.attack() + " @ " + EpsList.format(other.eps()),
            gap);
        if (gap > tolerance(points, other.n())) {
          bad.add(String.format(Locale.ROOT, "%s (%s) leaves %s of %s at eps %s, below white-box %s's %s",
              other.attack(), other.access().toString().toLowerCase(Locale.ROOT), pct(other.robustAccuracy()),
              other.network(), EpsList.format(other.eps()), white.attack(), pct(white.robustAccuracy())));
        }
      }
    }
    if (t != null) {
      for (int target = 0; target < t.models().size(); target++) {
        double diagonal = t.accuracy()[target][target];
        for (int source = 0; source < t.models().size(); source++) {
          if (source == target) {
            continue;
          }
          compared++;
          double gap = diagonal - t.accuracy()[source][target];
          String src = t.modelLabel(source);
          String dst = t.modelLabel(target);
          numbers.put("transfer " + src + " -> " + dst, gap);
          if (gap > tolerance(points, t.data().n())) {
            bad.add(String.format(Locale.ROOT,
                "examples crafted on %s leave %s of %s, below its own white-box %s", src,
                pct(t.accuracy()[source][target]), dst, pct(diagonal)));
          }
        }
      }
    }
    if (compared == 0) {
      return Check.notApplicable(BLACK_BOX,
          "no score-based, transfer or cross-model attack to compare with the white-box ones", numbers);
    }
    if (!bad.isEmpty()) {
      return new Check(BLACK_BOX, Check.Verdict.WARN, String.join("; ", bad)
          + ". A weaker-informed attack beating the white-box one means the white-box gradients mislead.", numbers);
    }
    return new Check(BLACK_BOX, Check.Verdict.PASS, "no black-box or transfer attack beats the white-box attacks ("
        + compared + " comparisons)", numbers);
  }

  /**
   * (d) For each model and backward rule, the share of images whose loss gradient with respect to
   * the input is exactly zero must be at most {@code maxShare}. A zero gradient leaves a gradient
   * attack blind: the model only looks robust (gradient masking).
   */
  public static Check zeroGradients(List<Probes.GradientProbe> probes, double maxShare) {
    Map<String, Double> numbers = new LinkedHashMap<>();
    List<String> bad = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (Probes.GradientProbe p : probes) {
      numbers.put(p.model() + " grad=" + p.gradient(), p.zeroShare());
      String text = String.format(Locale.ROOT, "%s with %s gradients: %s of %d images have an exactly zero gradient",
          p.model(), p.gradient(), pct(p.zeroShare()), p.n());
      all.add(text);
      if (p.zeroShare() > maxShare) {
        bad.add(text);
      }
    }
    if (probes.isEmpty()) {
      return Check.notApplicable(ZERO_GRADIENTS, "no white-box attack, no gradient to probe", numbers);
    }
    if (!bad.isEmpty()) {
      return new Check(ZERO_GRADIENTS, Check.Verdict.WARN, "gradient masking: " + String.join("; ", bad)
          + ". Gradient attacks are blind here; use ste or surrogate gradients (BPDA) or a black-box attack.", numbers);
    }
    return new Check(ZERO_GRADIENTS, Check.Verdict.PASS, String.join("; ", all), numbers);
  }

  /**
   * (e) Rerunning PGD with twice the steps, and with more random restarts, changes the robust
   * accuracy by at most the tolerance; otherwise the attack had not converged and the reported
   * robustness is an overestimate.
   */
  public static Check stepsAndRestarts(List<Probes.ConvergenceProbe> probes, double points) {
    Map<String, Double> numbers = new LinkedHashMap<>();
    List<String> bad = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (Probes.ConvergenceProbe p : probes) {
      String key = p.model() + " " + p.attack() + " @ " + EpsList.format(p.eps());
      numbers.put(key + " base", p.base());
      numbers.put(key + " 2x steps", p.moreSteps());
      numbers.put(key + " restarts", p.restarts());
      String text = String.format(Locale.ROOT, "%s %s at eps %s: %s, with 2x steps %s, with restarts %s", p.model(),
          p.attack(), EpsList.format(p.eps()), pct(p.base()), pct(p.moreSteps()), pct(p.restarts()));
      all.add(text);
      double tol = tolerance(points, p.n());
      if (Math.abs(p.moreSteps() - p.base()) > tol || Math.abs(p.restarts() - p.base()) > tol) {
        bad.add(text);
      }
    }
    if (probes.isEmpty()) {
      return Check.notApplicable(CONVERGENCE, "no PGD attack at an eps > 0 to rerun", numbers);
    }
    if (!bad.isEmpty()) {
      return new Check(CONVERGENCE, Check.Verdict.WARN, "not converged: " + String.join("; ", bad)
          + ". Use more steps or restarts until the result stops changing.", numbers);
    }
    return new Check(CONVERGENCE, Check.Verdict.PASS, String.join("; ", all), numbers);
  }

  /**
   * Probe for (d): counts the images whose input gradient of the attack loss is exactly zero under
   * a backward rule. Runs on the caller's (engine) thread, batch by batch in sub-managers.
   */
  public static Probes.GradientProbe probeGradients(
      Network net, int modelIndex, String model, LabeledImages images, GradientMode mode, AttackLoss loss, int batch,
      CancellationToken cancel) {
    int zero = 0;
    ModelAccess access = new ModelAccess(net, mode);
    net.setParametersTrainable(false);
    try {
      for (int from = 0; from < images.count(); from += batch) {
        cancel.throwIfCancelled();
        int to = Math.min(images.count(), from + batch);
        try (NDManager sub = net.manager().newSubManager()) {
          NDArray x = Batches.images(sub, images, null, from, to, null);
          NDArray y = Batches.labels(sub, images, null, from, to);
          NDArray g = access.gradient(x, Goal.untargeted(y), loss);
          boolean[] flat = g.abs().reshape(to - from, -1).max(new int[] {1}).eq(0f).toBooleanArray();
          zero += Bits.count(flat);
        }
      }
    } finally {
      net.setParametersTrainable(true);
    }
    return new Probes.GradientProbe(modelIndex, model, mode.toString(), loss.toString(), images.count(), zero);
  }

  /**
   * Probe for (e): the PGD attack alone on every image, with twice its steps, and with
   * max(4, 2 × restarts) random restarts, all with the same seed.
   */
  public static Probes.ConvergenceProbe probeConvergence(
      Network net, int modelIndex, String model, int attackIndex, String attack, LabeledImages images, Pgd base,
      int batch, long seed, CancellationToken cancel) {
    Pgd more = new Pgd(base.norm(), base.eps(), base.step(), Math.min(100_000, 2 * base.steps()), base.randomStart(),
        base.restarts(), base.loss(), base.gradient());
    Pgd restarts = new Pgd(base.norm(), base.eps(), base.step(), base.steps(), true,
        Math.min(1000, Math.max(4, 2 * base.restarts())), base.loss(), base.gradient());
    double b = robust(net, images, base, batch, seed, cancel);
    double m = robust(net, images, more, batch, seed, cancel);
    double r = robust(net, images, restarts, batch, seed, cancel);
    return new Probes.ConvergenceProbe(modelIndex, model, attackIndex, attack, base.eps(), images.count(), b, m, r,
        base.describe(), more.describe(), restarts.describe());
  }

  private static double robust(Network net, LabeledImages images, Attack attack, int batch, long seed,
      CancellationToken cancel) {
    return RobustAccuracy.evaluate(net, images, attack, batch, seed, ProgressListener.NONE, cancel).accuracy();
  }

  /** max(points, 2 / n), plus a hair so that exactly the tolerance is not a difference. */
  static double tolerance(double points, int n) {
    return Math.max(points, 2.0 / Math.max(1, n)) + 1e-9;
  }

  private static boolean isSingleStep(SweepResult s, SweepCell c) {
    AttackSettings a = s.config().attacks().get(c.attackIndex());
    try {
      return a.withEps(c.eps()).create(s.config().dataset()).singleStep();
    } catch (dqa.run.UserException e) {
      return false; // an attack that needs more than its settings to be built (a substitute) is no gradient step
    }
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f %%", 100 * v);
  }
}
