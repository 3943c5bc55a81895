package dqa.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dqa.nn.GradientMode;
import dqa.nn.Scalars;

/**
 * Projected Gradient Descent (Madry et al. 2018, "Towards Deep Learning Models Resistant to
 * Adversarial Attacks"), L∞ or L2: from a uniform random point of the ε-ball, {@code steps}
 * iterations of {@code x ← Π(x + step·d)}, with d = sign(∇) (L∞) or ∇/‖∇‖₂ (L2). With restarts,
 * each example keeps the first restart that reached the goal (else the last).
 *
 * <p>When the runner measures the attack ({@link AttackContext#stopAtSuccess()}), each step takes the
 * gradient at the 8-bit image the attack would return and an example stops at the first step whose
 * 8-bit image meets the goal (a success at any iterate counts, as in robustness evaluations that
 * keep the best iterate); adversarial training runs the plain iteration.
 *
 * <p>Defaults ({@link AttackSettings}): L∞ ε 0.3, 40 steps (MNIST) / 8/255, 20 steps (CIFAR-10),
 * step 2.5 ε / steps; random start; 1 restart; cross-entropy or CW-margin loss; {@code ste} gradients.
 * Input N×C×H×W in [0, 1].
 */
public record Pgd(
    Norm norm,
    double eps,
    double step,
    int steps,
    boolean randomStart,
    int restarts,
    AttackLoss loss,
    GradientMode gradient)
    implements Attack {

  public Pgd {
    norm = norm == null ? Norm.LINF : norm;
    if (!(eps >= 0 && (norm == Norm.L2 ? eps <= 100 : eps <= 1))) {
      throw new IllegalArgumentException("PGD eps must be in [0, " + (norm == Norm.L2 ? "100" : "1") + "], got " + eps);
    }
    if (!(step > 0 && step <= (norm == Norm.L2 ? 100 : 1))) {
      throw new IllegalArgumentException("PGD step must be positive (and at most 1 for L∞), got " + step);
    }
    if (steps < 1 || steps > 100_000) {
      throw new IllegalArgumentException("PGD steps must be 1..100000, got " + steps);
    }
    if (restarts < 1 || restarts > 1000) {
      throw new IllegalArgumentException("PGD restarts must be 1..1000, got " + restarts);
    }
    loss = loss == null ? AttackLoss.CE : loss;
    gradient = gradient == null ? GradientMode.ste() : gradient;
  }

  /** L∞ PGD with random start, one restart, cross-entropy and straight-through gradients. */
  public static Pgd linf(double eps, double step, int steps) {
    return new Pgd(Norm.LINF, eps, step, steps, true, 1, AttackLoss.CE, GradientMode.ste());
  }

  @Override
  public boolean singleStep() {
    return steps == 1;
  }

  @Override
  public String name() {
    return norm == Norm.L2 ? "pgd-l2" : "pgd";
  }

  @Override
  public Access access() {
    return Access.WHITE_BOX;
  }

  @Override
  public Crafted craft(ModelAccess model, NDArray x, Goal goal, AttackContext ctx) {
    NDArray best = null;
    long total = (long) steps * restarts;
    for (int r = 0; r < restarts; r++) {
      NDArray adv = once(model, x, goal, ctx, (long) r * steps, total);
      if (best == null) {
        best = adv;
        continue;
      }
      // Keep, per example, an earlier success; otherwise take this restart's result.
      NDArray keep = Norm.perExample(goal.success(model.logits(best)).toType(x.getDataType(), false), x);
      best = best.mul(keep).add(adv.mul(keep.neg().add(1f)));
    }
    return Crafted.of(best);
  }

  private NDArray once(ModelAccess model, NDArray x, Goal goal, AttackContext ctx, long done, long total) {
    NDArray adv = randomStart ? norm.randomStart(x, eps).clip(0f, 1f) : x.duplicate();
    if (ctx.stopAtSuccess()) {
      return stoppingAtSuccess(model, x, goal, ctx, adv, done, total);
    }
    for (int i = 0; i < steps; i++) {
      NDArray grad = model.gradient(adv, goal, loss);
      NDArray next = norm.project(adv.add(Scalars.mul(norm.ascent(grad), step)), x, eps);
      grad.close();
      adv.close();
      adv = next;
      ctx.step(done + i + 1, total, name() + " step " + (i + 1) + "/" + steps);
    }
    return adv;
  }

  /**
   * The same iteration, but each step takes the gradient at the 8-bit image the attack would return
   * (the iterate rounded as the runner rounds it) and drops every example whose 8-bit image already
   * meets the goal, keeping that image. A success at any step counts, as it is a valid adversarial
   * example inside the budget; the examples left get fewer rows per step, so a batch gets cheaper
   * as it breaks. The result is what the runner measures, so no success is lost to rounding.
   */
  private NDArray stoppingAtSuccess(
      ModelAccess model, NDArray x, Goal goal, AttackContext ctx, NDArray start, long done, long total) {
    int n = (int) x.getShape().get(0);
    int size = (int) (x.size() / Math.max(1, n));
    float[] out = new float[n * size];
    int[] rows = new int[n]; // rows[j]: the example the j-th active row belongs to
    for (int j = 0; j < n; j++) {
      rows[j] = j;
    }
    NDManager manager = x.getManager();
    NDArray xa = x;
    NDArray adv = start;
    Goal ga = goal;
    for (int i = 0; i < steps && rows.length > 0; i++) {
      NDArray probe = norm.roundTo8Bit(adv, xa, eps);
      NDArray[] hit = new NDArray[1];
      Goal g = ga;
      NDArray grad = model.gradient(probe, (logits, images) -> {
        hit[0] = g.success(logits.stopGradient());
        hit[0].attach(manager);
        return g.loss(logits, loss);
      });
      boolean[] succeeded = hit[0].toBooleanArray();
      hit[0].close();
      int left = 0;
      for (boolean s : succeeded) {
        left += s ? 0 : 1;
      }
      if (left < rows.length) {
        int[] keep = new int[left];
        int[] gone = new int[rows.length - left];
        for (int j = 0, k = 0, d = 0; j < rows.length; j++) {
          if (succeeded[j]) {
            gone[d++] = j;
          } else {
            keep[k++] = j;
          }
        }
        float[] broken;
        try (NDArray goneIndex = manager.create(gone); NDArray goneImages = probe.get(goneIndex)) {
          broken = goneImages.toFloatArray();
        }
        for (int d = 0; d < gone.length; d++) {
          System.arraycopy(broken, d * size, out, rows[gone[d]] * size, size);
        }
        int[] stillRows = new int[left];
        for (int k = 0; k < left; k++) {
          stillRows[k] = rows[keep[k]];
        }
        rows = stillRows;
        if (left == 0) {
          probe.close();
          grad.close();
          break;
        }
        try (NDArray index = manager.create(keep)) {
          NDArray keptX = xa.get(index);
          if (xa != x) {
            xa.close();
          }
          xa = keptX;
          NDArray keptAdv = adv.get(index);
          adv.close();
          adv = keptAdv;
          NDArray keptGrad = grad.get(index);
          grad.close();
          grad = keptGrad;
          ga = ga.select(index);
        }
      }
      probe.close();
      NDArray next = norm.project(adv.add(Scalars.mul(norm.ascent(grad), step)), xa, eps);
      grad.close();
      adv.close();
      adv = next;
      ctx.step(done + i + 1, total, name() + " step " + (i + 1) + "/" + steps + ", " + rows.length + " of " + n + " left");
    }
    if (rows.length > 0) {
      float[] last = adv.toFloatArray();
      for (int j = 0; j < rows.length; j++) {
        System.arraycopy(last, j * size, out, rows[j] * size, size);
      }
    }
    adv.close();
    if (xa != x) {
      xa.close();
    }
    return manager.create(out, x.getShape());
  }

  @Override
  public String describe() {
    return name() + " eps=" + Attacks.format(eps) + " step=" + Attacks.format(step) + " steps=" + steps
        + (randomStart ? " random-start" : "") + (restarts > 1 ? " restarts=" + restarts : "") + " loss=" + loss
        + " grad=" + gradient;
  }
}
