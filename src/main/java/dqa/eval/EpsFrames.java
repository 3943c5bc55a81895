package dqa.eval;

import dqa.attack.Attack;
import dqa.attack.AttackLoss;
import dqa.attack.AttackResult;
import dqa.attack.Fgsm;
import dqa.data.LabeledImages;
import dqa.nn.GradientMode;
import dqa.run.CancellationToken;
import dqa.run.ProgressListener;
import java.nio.file.Path;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.DoubleFunction;

/**
 * One model's attack results on a few images at any ε of a range, for the Attack step's ε slider.
 * FGSM is {@linkplain #continuous continuous}: every ε is computed exactly, as FGSM at that ε gives it
 * ({@link LiveFgsm}), two forward passes each, on the engine thread. Any other attack with a budget is
 * run once per stop and then {@linkplain #at snaps} to the nearest stop, which needs no engine.
 */
public final class EpsFrames {
  private final LiveFgsm live;
  private final NavigableMap<Double, AttackResult> stops;
  private final double max;

  private EpsFrames(LiveFgsm live, NavigableMap<Double, AttackResult> stops, double max) {
    this.live = live;
    this.stops = stops;
    this.max = max;
  }

  /** FGSM at every ε in [0, {@code max}]: the direction is computed here, once. Engine thread. */
  public static EpsFrames fgsm(Showcase showcase, Path model, LabeledImages images, Fgsm fgsm, double max) {
    return new EpsFrames(LiveFgsm.prepare(showcase, model, images, fgsm), new TreeMap<>(), max);
  }

  /**
   * {@code attackAt} run at each of {@code eps} (ascending, the first may be 0: the clean images), on the
   * same images with the same seed as the attack step's own run; results in {@code known} (the run's own
   * ε) are taken as they are. Engine thread; cancellable between and inside the runs.
   */
  public static EpsFrames precomputed(Showcase showcase, Path model, LabeledImages images, DoubleFunction<Attack> attackAt,
      double[] eps, Map<Double, AttackResult> known, long seed, ProgressListener progress, CancellationToken cancel) {
    NavigableMap<Double, AttackResult> results = new TreeMap<>(known);
    for (int i = 0; i < eps.length; i++) {
      cancel.throwIfCancelled();
      if (results.containsKey(eps[i])) {
        continue;
      }
      int done = i;
      String label = dqa.attack.Attacks.format(eps[i]);
      // ε 0 changes nothing whatever the attack: FGSM's one gradient gives the clean frame at the least cost.
      Attack attack = eps[i] == 0 ? new Fgsm(0, AttackLoss.CE, GradientMode.ste()) : attackAt.apply(eps[i]);
      results.put(eps[i], showcase.attack(model, attack, images, seed,
          (d, t, msg) -> progress.progress(done * (long) t + d, eps.length * (long) t,
              "ε " + label + ": " + msg), cancel));
    }
    return new EpsFrames(null, results, eps[eps.length - 1]);
  }

  /** Whether every ε is computed exactly (FGSM), rather than snapped to a stop. */
  public boolean continuous() {
    return live != null;
  }

  /** The largest ε of the range. */
  public double max() {
    return max;
  }

  /** The ε values computed beforehand (empty when {@link #continuous}). */
  public double[] stops() {
    return stops.keySet().stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The ε a frame at {@code eps} shows: itself when continuous, else the nearest stop. */
  public double snap(double eps) {
    double e = Math.max(0, Math.min(max, eps));
    if (continuous()) {
      return e;
    }
    Map.Entry<Double, AttackResult> lo = stops.floorEntry(e);
    Map.Entry<Double, AttackResult> hi = stops.ceilingEntry(e);
    if (lo == null) {
      return hi.getKey();
    }
    if (hi == null) {
      return lo.getKey();
    }
    return e - lo.getKey() <= hi.getKey() - e ? lo.getKey() : hi.getKey();
  }

  /** The result at {@link #snap snap(eps)}; when continuous, call on the engine thread. */
  public AttackResult at(double eps) {
    double e = snap(eps);
    return continuous() ? live.at(e) : stops.get(e);
  }

  /**
   * Share of all the images still classified correctly at each ε: the slider's small accuracy-vs-ε
   * curve (images wrong to begin with count as wrong, as in {@link RobustAccuracy}).
   */
  public double[] accuracy(double[] eps) {
    double[] acc = new double[eps.length];
    for (int i = 0; i < eps.length; i++) {
      AttackResult r = at(eps[i]);
      acc[i] = r.n() == 0 ? 0 : (double) r.robustCorrect() / r.n();
    }
    return acc;
  }
}
