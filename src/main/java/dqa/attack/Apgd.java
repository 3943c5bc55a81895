package dqa.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dqa.nn.GradientMode;
import dqa.nn.Scalars;
import java.util.ArrayList;
import java.util.List;

/**
 * Auto-PGD (Croce &amp; Hein 2020, "Reliable evaluation of adversarial robustness with an ensemble of
 * diverse parameter-free attacks"), L∞ or L2, untargeted or targeted (the goal says which), on
 * cross-entropy or DLR: PGD with momentum 0.75 whose step size, starting at 2ε, halves per example at
 * checkpoints where the loss has stopped rising (fewer than 75 % of the steps since the last
 * checkpoint increased it) or where the previous halving brought no new best; after a halving the
 * iteration restarts from the best point so far. The checkpoints lie at 0, 22 %, then shrinking gaps
 * (each 3 % of the budget shorter than the one before, at least 6 %).
 *
 * <p>It needs no step size from the user, which is what makes it a fair evaluation where a fixed PGD
 * step does not converge. When the runner measures it ({@link AttackContext#stopAtSuccess()}), every
 * iterate that misclassifies is checked again as the 8-bit image the runner would return, and the
 * first that still succeeds is kept for its example (a success at any iterate counts); adversarial
 * training would take the point of highest loss. With restarts, a restart attacks only the examples
 * that no earlier one broke.
 *
 * <p>Defaults: 100 iterations (101 gradients), 1 restart, cross-entropy, {@code ste} gradients.
 */
public record Apgd(Norm norm, double eps, int steps, int restarts, AttackLoss loss, GradientMode gradient)
    implements Attack {
  static final double MOMENTUM = 0.75;
  static final double RHO = 0.75;

  public Apgd {
    norm = norm == null ? Norm.LINF : norm;
    if (!(eps >= 0 && (norm == Norm.L2 ? eps <= 100 : eps <= 1))) {
      throw new IllegalArgumentException("APGD eps must be in [0, " + (norm == Norm.L2 ? "100" : "1") + "], got " + eps);
    }
    if (steps < 1 || steps > 100_000) {
      throw new IllegalArgumentException("APGD steps must be 1..100000, got " + steps);
    }
    if (restarts < 1 || restarts > 1000) {
      throw new IllegalArgumentException("APGD restarts must be 1..1000, got " + restarts);
    }
    loss = loss == null ? AttackLoss.CE : loss;
    if (loss == AttackLoss.MARGIN) {
      throw new IllegalArgumentException("APGD ascends cross-entropy (ce) or DLR (dlr), not the raw margin");
    }
    gradient = gradient == null ? GradientMode.ste() : gradient;
  }

  /** L∞ APGD-CE with 100 iterations, one restart and straight-through gradients. */
  public static Apgd linf(double eps) {
    return new Apgd(Norm.LINF, eps, 100, 1, AttackLoss.CE, GradientMode.ste());
  }

  @Override
  public String name() {
    return "apgd" + (loss == AttackLoss.DLR ? "-dlr" : "") + (norm == Norm.L2 ? "-l2" : "");
  }

  @Override
  public Access access() {
    return Access.WHITE_BOX;
  }

  /**
   * The iterations after which the step size may halve, in whole iterations as the reference
   * implementation counts them: the first ⌊0.22·N⌋ after the start, each next gap ⌊0.03·N⌋ shorter
   * than the one before but at least ⌊0.06·N⌋ (each at least 1); for N = 100: 22, 41, 57, 70, 80, 87,
   * 93, 99.
   */
  static List<Integer> checkpoints(int steps) {
    List<Integer> out = new ArrayList<>();
    int gap = Math.max((int) (0.22 * steps), 1);
    int shrink = Math.max((int) (0.03 * steps), 1);
    int least = Math.max((int) (0.06 * steps), 1);
    for (int w = gap; w <= steps; gap = Math.max(gap - shrink, least), w += gap) {
      out.add(w);
    }
    return out;
  }

  @Override
  public Crafted craft(ModelAccess model, NDArray x, Goal goal, AttackContext ctx) {
    int n = (int) x.getShape().get(0);
    NDManager manager = x.getManager();
    long total = (long) (steps + 1) * restarts;
    NDArray result = null; // per example: a success if one was found, else the highest-loss point
    float[] resultLoss = new float[n];
    boolean[] broken = new boolean[n];
    for (int r = 0; r < restarts; r++) {
      int[] rows = unbroken(broken);
      if (rows.length == 0) {
        break;
      }
      try (NDArray index = manager.create(rows)) {
        NDArray xs = rows.length == n ? x : x.get(index);
        Goal gs = rows.length == n ? goal : goal.select(index);
        Run run = once(model, xs, gs, ctx, (long) r * (steps + 1), total);
        if (result == null) {
          result = run.images();
          for (int j = 0; j < n; j++) {
            resultLoss[j] = run.loss()[j];
            broken[j] = run.broken()[j];
          }
        } else {
          float[] merged = result.toFloatArray();
          float[] fresh = run.images().toFloatArray();
          int size = (int) (x.size() / n);
          for (int j = 0; j < rows.length; j++) {
            int row = rows[j];
            if (run.broken()[j] || run.loss()[j] > resultLoss[row]) {
              System.arraycopy(fresh, j * size, merged, row * size, size);
              resultLoss[row] = run.loss()[j];
              broken[row] = run.broken()[j];
            }
          }
          run.images().close();
          result.close();
          result = manager.create(merged, x.getShape());
        }
        if (xs != x) {
          xs.close();
        }
      }
    }
    return Crafted.of(result);
  }

  /** The outcome of one restart: images, their loss, and which are successes already checked. */
  private record Run(NDArray images, float[] loss, boolean[] broken) {}

  private static int[] unbroken(boolean[] broken) {
    int count = 0;
    for (boolean b : broken) {
      count += b ? 0 : 1;
    }
    int[] rows = new int[count];
    for (int j = 0, k = 0; j < broken.length; j++) {
      if (!broken[j]) {
        rows[k++] = j;
      }
    }
    return rows;
  }

  private Run once(ModelAccess model, NDArray x, Goal goal, AttackContext ctx, long done, long total) {
    int n = (int) x.getShape().get(0);
    NDManager manager = x.getManager();
    List<Integer> checks = checkpoints(steps);
    float[] eta = new float[n];
    java.util.Arrays.fill(eta, (float) (2 * eps));
    boolean[] reducedAtLastCheck = new boolean[n];
    java.util.Arrays.fill(reducedAtLastCheck, true);
    int[] increases = new int[n];
    float[] bestLoss = new float[n];
    float[] bestLossAtLastCheck = new float[n];
    boolean[] found = new boolean[n];
    NDArray foundImages = x.zerosLike();

    NDArray current = start(x);
    Step at = evaluate(model, current, goal);
    found = record(model, x, goal, ctx, current, at, found, foundImages);
    NDArray best = current.duplicate();
    NDArray bestGradient = at.gradient().duplicate();
    float[] previousLoss = at.loss();
    System.arraycopy(previousLoss, 0, bestLoss, 0, n);
    System.arraycopy(bestLoss, 0, bestLossAtLastCheck, 0, n);
    NDArray previous = current.duplicate();
    NDArray gradient = at.gradient();
    ctx.step(done + 1, total, name() + " step 0/" + steps);
    int lastCheck = 0;
    for (int k = 0; k < steps; k++) {
      NDArray next = advance(x, current, previous, gradient, eta, k == 0 ? 1 : MOMENTUM);
      previous.close();
      previous = current;
      current = next;
      gradient.close();
      at = evaluate(model, current, goal);
      gradient = at.gradient();
      found = record(model, x, goal, ctx, current, at, found, foundImages);
      float[] value = at.loss();
      boolean[] improved = new boolean[n];
      boolean anyImproved = false;
      for (int j = 0; j < n; j++) {
        if (value[j] > previousLoss[j]) {
          increases[j]++;
        }
        if (value[j] > bestLoss[j]) {
          bestLoss[j] = value[j];
          improved[j] = true;
          anyImproved = true;
        }
      }
      previousLoss = value;
      if (anyImproved) {
        NDArray[] kept = takeWhere(improved, x, best, current, bestGradient, gradient);
        best = kept[0];
        bestGradient = kept[1];
      }
      int iteration = k + 1;
      if (checks.contains(iteration)) {
        int span = iteration - lastCheck;
        boolean[] halve = new boolean[n];
        boolean anyHalved = false;
        for (int j = 0; j < n; j++) {
          // Halve where the loss rose in at most ρ of the steps, or where the last halving brought no new best.
          boolean oscillating = increases[j] <= RHO * span;
          boolean stuck = !reducedAtLastCheck[j] && bestLossAtLastCheck[j] >= bestLoss[j];
          halve[j] = oscillating || stuck;
          reducedAtLastCheck[j] = halve[j];
          bestLossAtLastCheck[j] = bestLoss[j];
          increases[j] = 0;
          if (halve[j]) {
            eta[j] /= 2;
            anyHalved = true;
          }
        }
        if (anyHalved) {
          NDArray[] restarted = takeWhere(halve, x, current, best, gradient, bestGradient);
          current = restarted[0];
          gradient = restarted[1];
        }
        lastCheck = iteration;
      }
      ctx.step(done + iteration + 1, total, name() + " step " + iteration + "/" + steps);
    }
    previous.close();
    current.close();
    gradient.close();
    bestGradient.close();
    NDArray out = best;
    if (ctx.stopAtSuccess()) {
      NDArray mask = mask(manager, found, x);
      out = blend(best, foundImages, mask);
      mask.close();
    }
    foundImages.close();
    return new Run(out, bestLoss, found);
  }

  /**
   * One APGD step: {@code z = Π(x_k + η·d(∇))}, {@code x_{k+1} = Π(x_k + α(z − x_k) + (1 − α)(x_k −
   * x_{k−1}))} with the per-example step sizes η. Its temporaries live in a scope of their own: a
   * hundred iterations would otherwise keep a dozen batch-sized arrays each until the batch ends.
   */
  private NDArray advance(NDArray x, NDArray current, NDArray previous, NDArray gradient, float[] eta, double a) {
    NDManager owner = current.getManager();
    try (NDManager scope = owner.newSubManager()) {
      for (NDArray held : new NDArray[] {x, current, previous, gradient}) {
        held.tempAttach(scope);
      }
      NDArray stepSize = Norm.perExample(scope.create(eta), x);
      NDArray z = norm.project(current.add(norm.ascent(gradient).mul(stepSize)), x, eps);
      NDArray next =
          norm.project(
              current.add(Scalars.mul(z.sub(current), a)).add(Scalars.mul(current.sub(previous), 1 - a)), x, eps);
      next.attach(owner);
      return next;
    }
  }

  /** The official initialisation: a random point on the boundary of the ε-ball, clipped to [0, 1]. */
  private NDArray start(NDArray x) {
    NDManager manager = x.getManager();
    if (eps == 0) {
      return x.duplicate();
    }
    NDArray t;
    NDArray length;
    if (norm == Norm.LINF) {
      t = manager.randomUniform(-1f, 1f, x.getShape(), x.getDataType());
      length = t.abs().reshape(x.getShape().get(0), -1).max(new int[] {1});
    } else {
      t = manager.randomNormal(x.getShape(), x.getDataType());
      length = t.square().sum(new int[] {1, 2, 3}).sqrt();
    }
    NDArray delta = Scalars.mul(t.div(Norm.perExample(length.add(1e-12f), x)), eps);
    return x.add(delta).clip(0f, 1f);
  }

  /** Gradient and per-example loss (and logits, for the success check) at one point. */
  private record Step(NDArray gradient, float[] loss, NDArray logits) {}

  private Step evaluate(ModelAccess model, NDArray point, Goal goal) {
    NDArray[] kept = new NDArray[2];
    NDManager manager = point.getManager();
    NDArray g =
        model.gradient(
            point,
            (logits, images) -> {
              NDArray value = goal.loss(logits, loss);
              kept[0] = value.stopGradient();
              kept[0].attach(manager);
              kept[1] = logits.stopGradient();
              kept[1].attach(manager);
              return value;
            });
    float[] values = kept[0].toFloatArray();
    kept[0].close();
    return new Step(g, values, kept[1]);
  }

  /**
   * Keeps, for each example not yet broken, this iterate if it misclassifies and still does as the
   * 8-bit image the runner returns. Only done when the runner measures success.
   */
  private boolean[] record(
      ModelAccess model, NDArray x, Goal goal, AttackContext ctx, NDArray point, Step at, boolean[] found,
      NDArray foundImages) {
    if (!ctx.stopAtSuccess()) {
      at.logits().close();
      return found;
    }
    boolean[] candidate;
    try (NDArray logits = at.logits();
        NDArray hits = goal.success(logits)) {
      candidate = hits.toBooleanArray();
    }
    List<Integer> rows = new ArrayList<>();
    for (int j = 0; j < candidate.length; j++) {
      if (candidate[j] && !found[j]) {
        rows.add(j);
      }
    }
    if (rows.isEmpty()) {
      return found;
    }
    NDManager manager = x.getManager();
    int[] index = rows.stream().mapToInt(Integer::intValue).toArray();
    boolean[] out = found.clone();
    try (NDArray idx = manager.create(index);
        NDArray xs = x.get(idx);
        NDArray ps = point.get(idx);
        NDArray rounded = norm.roundTo8Bit(ps, xs, eps);
        NDArray logits = model.logits(rounded);
        NDArray ok = goal.select(idx).success(logits)) {
      boolean[] confirmed = ok.toBooleanArray();
      for (int i = 0; i < index.length; i++) {
        if (confirmed[i]) {
          out[index[i]] = true;
          try (NDArray image = rounded.get(i)) {
            foundImages.set(new ai.djl.ndarray.index.NDIndex("{}", index[i]), image);
          }
        }
      }
    }
    return out;
  }

  private static NDArray mask(NDManager manager, boolean[] rows, NDArray like) {
    float[] m = new float[rows.length];
    for (int j = 0; j < rows.length; j++) {
      m[j] = rows[j] ? 1f : 0f;
    }
    try (NDArray flat = manager.create(m, new Shape(rows.length))) {
      return Norm.perExample(flat, like).duplicate();
    }
  }

  /**
   * For the examples where {@code rows} holds, takes {@code firstFrom} into {@code first} and {@code
   * secondFrom} into {@code second} (a point and its gradient); returns the two, closing the old ones.
   */
  private static NDArray[] takeWhere(
      boolean[] rows, NDArray like, NDArray first, NDArray firstFrom, NDArray second, NDArray secondFrom) {
    try (NDArray m = mask(like.getManager(), rows, like)) {
      return new NDArray[] {blend(first, firstFrom, m), blend(second, secondFrom, m)};
    }
  }

  /** {@code mask ? replacement : base} per example, owned by base's manager; closes {@code base}. */
  private static NDArray blend(NDArray base, NDArray replacement, NDArray mask) {
    NDManager owner = base.getManager();
    NDArray out;
    try (NDManager scope = owner.newSubManager()) {
      for (NDArray held : new NDArray[] {base, replacement, mask}) {
        held.tempAttach(scope);
      }
      out = base.mul(mask.neg().add(1f)).add(replacement.mul(mask));
      out.attach(owner);
    }
    base.close();
    return out;
  }

  @Override
  public String describe() {
    return name() + " eps=" + Attacks.format(eps) + " steps=" + steps + (restarts > 1 ? " restarts=" + restarts : "")
        + " grad=" + gradient;
  }
}
