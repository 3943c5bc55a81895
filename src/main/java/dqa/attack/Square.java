package dqa.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Square Attack (Andriushchenko, Croce, Flammarion, Hein 2020, "Square Attack: a query-efficient
 * black-box adversarial attack via random search"), score-based, L∞: random search over the
 * vertices of the ε-box, starting from vertical stripes of ±ε and proposing one square window per
 * iteration (one ±ε per channel) whose side follows the paper's schedule for p, the fraction of
 * pixels changed; a proposal is kept when it lowers the margin loss {@code −margin} ({@code z_y −
 * max_{j≠y} z_j}; targeted {@code max_{j≠t} z_j − z_t}), and an example stops once it succeeds.
 *
 * <p>Defaults: ε 0.3 (MNIST) / 8/255 (CIFAR-10), p_init 0.05, a budget of 5000 queries per example.
 * p halves after 10, 50, 200, 500, 1000, 2000, 4000, 6000 and 8000 of 10,000 iterations, scaled to
 * the budget as the reference code does; the side is {@code round(√(p·H·W))} within [1, min(H, W)
 * − 1], at any position. The changes are whole 8-bit steps, ±⌊255ε⌋/255, so the runner's rounding
 * leaves the images as they were scored. The clean image costs one query (examples that already
 * meet the goal stop there), the stripes one, each proposal one. Input N×C×H×W in [0, 1]; output
 * the same shape, per example the first success or else the lowest-loss image found; queries per
 * example are exact and never exceed the budget.
 *
 * @param pInit initial fraction of pixels a square covers
 * @param queries budget per example, every image scored included
 */
public record Square(double eps, double pInit, int queries) implements Attack {

  public Square {
    if (!(eps >= 0 && eps <= 1)) {
      throw new IllegalArgumentException("Square eps must be in [0, 1], got " + eps);
    }
    if (!(pInit > 0 && pInit <= 1)) {
      throw new IllegalArgumentException("Square p_init must be in (0, 1], got " + pInit);
    }
    if (queries < 1) {
      throw new IllegalArgumentException("Square query budget must be positive, got " + queries);
    }
  }

  /** The defaults (p_init 0.05, 5000 queries) at a budget ε. */
  public static Square of(double eps) {
    return new Square(eps, 0.05, 5000);
  }

  @Override
  public String name() {
    return "square";
  }

  @Override
  public Norm norm() {
    return Norm.LINF;
  }

  @Override
  public Access access() {
    return Access.SCORES;
  }

  @Override
  public Crafted craft(ModelAccess model, NDArray x, Goal goal, AttackContext ctx) {
    return craft((ScoreAccess) model, x, goal, ctx);
  }

  /** The attack on scores alone; {@link #craft(ModelAccess, NDArray, Goal, AttackContext)} delegates here. */
  Crafted craft(ScoreAccess model, NDArray x, Goal goal, AttackContext ctx) {
    NDManager manager = x.getManager();
    Shape imageShape = x.getShape().slice(1);
    int n = (int) x.getShape().get(0);
    int channels = (int) imageShape.get(0);
    int height = (int) imageShape.get(1);
    int width = (int) imageShape.get(2);
    int d = channels * height * width;
    float[] clean = x.toFloatArray();
    float[] best = clean.clone();
    Scores scores = Scores.of(goal, model.numClasses());
    long[] used = new long[n];
    double[] bestLoss = new double[n];
    boolean[] active = new boolean[n];
    float step = (float) (Math.floor(eps * 255 + 1e-6) / 255);

    // The clean image, then vertical stripes of ±ε (one sign per channel and column).
    float[] z = Scores.logits(model, manager, clean, n, imageShape);
    Random[] random = new Random[n];
    int remaining = 0;
    for (int i = 0; i < n; i++) {
      used[i] = 1;
      active[i] = !scores.success(z, i, i) && queries > 1 && step > 0;
      if (active[i]) {
        random[i] = new Random(ctx.seed() * 0x9E3779B97F4A7C15L + i);
        for (int c = 0; c < channels; c++) {
          for (int col = 0; col < width; col++) {
            float s = random[i].nextBoolean() ? step : -step;
            for (int row = 0; row < height; row++) {
              int p = i * d + (c * height + row) * width + col;
              best[p] = clip(clean[p] + s);
            }
          }
        }
        remaining++;
      }
    }
    int[] rowsOf = new int[n];
    float[] batch = new float[n * d];
    int r = gather(active, best, d, rowsOf, batch);
    z = Scores.logits(model, manager, batch, r, imageShape);
    for (int a = 0; a < r; a++) {
      int e = rowsOf[a];
      used[e]++;
      bestLoss[e] = -scores.margin(z, a, e);
      if (scores.success(z, a, e) || used[e] >= queries) {
        active[e] = false;
        remaining--;
      }
    }

    // Random search: one square per example and iteration, kept if the loss drops.
    long iterations = Math.max(1, queries - 2L);
    float[] candidate = new float[d];
    for (int iteration = 0; remaining > 0; iteration++) {
      int side = side(pInit, iteration, queries, height, width);
      r = 0;
      for (int e = 0; e < n; e++) {
        if (!active[e]) {
          continue;
        }
        propose(clean, best, e, channels, height, width, side, step, random[e], candidate);
        System.arraycopy(candidate, 0, batch, r * d, d);
        rowsOf[r++] = e;
      }
      z = Scores.logits(model, manager, batch, r, imageShape);
      for (int a = 0; a < r; a++) {
        int e = rowsOf[a];
        used[e]++;
        double loss = -scores.margin(z, a, e);
        if (loss < bestLoss[e]) {
          bestLoss[e] = loss;
          System.arraycopy(batch, a * d, best, e * d, d);
          if (scores.success(z, a, e)) {
            active[e] = false;
            remaining--;
            continue;
          }
        }
        if (used[e] >= queries) {
          active[e] = false;
          remaining--;
        }
      }
      ctx.step(Math.min(iteration + 1, iterations), iterations, "square iteration " + (iteration + 1));
    }
    return new Crafted(manager.create(best, x.getShape()), used);
  }

  /**
   * The side of iteration {@code iteration} of {@code total}: p from the reference schedule (halving
   * at 10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000 of 10,000), side {@code round(√(p·H·W))} in
   * [1, min(H, W)−1].
   */
  static int side(double pInit, long iteration, long total, int height, int width) {
    double p = p(pInit, iteration, total);
    int s = (int) Math.round(Math.sqrt(p * height * width));
    return Math.min(Math.max(s, 1), Math.max(Math.min(height, width) - 1, 1));
  }

  /** The fraction p at an iteration of a budget, piecewise constant on the 10,000-iteration scale. */
  static double p(double pInit, long iteration, long total) {
    long it = (long) ((double) iteration / Math.max(total, 1) * 10_000);
    int[] bounds = {10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000, 10_000};
    for (int b = 0; b < bounds.length; b++) {
      if (it <= bounds[b]) {
        return b == 0 ? pInit : pInit / (1 << b);
      }
    }
    return pInit;
  }

  /**
   * A proposal: the current best with one window of side {@code side} set to {@code clean ± step}
   * (one sign per channel), redrawn until it changes some pixel (as the reference code does).
   */
  private static void propose(
      float[] clean, float[] best, int e, int channels, int height, int width, int side, float step, Random random,
      float[] candidate) {
    int d = channels * height * width;
    System.arraycopy(best, e * d, candidate, 0, d);
    int top = random.nextInt(height - side + 1);
    int left = random.nextInt(width - side + 1);
    for (int tries = 0; tries < 100; tries++) {
      boolean changed = false;
      for (int c = 0; c < channels; c++) {
        float s = random.nextBoolean() ? step : -step;
        for (int row = top; row < top + side; row++) {
          for (int col = left; col < left + side; col++) {
            int p = (c * height + row) * width + col;
            candidate[p] = clip(clean[e * d + p] + s);
            changed |= candidate[p] != best[e * d + p];
          }
        }
      }
      if (changed) {
        return;
      }
    }
  }

  private static int gather(boolean[] active, float[] images, int d, int[] rowsOf, float[] batch) {
    int r = 0;
    for (int e = 0; e < active.length; e++) {
      if (active[e]) {
        System.arraycopy(images, e * d, batch, r * d, d);
        rowsOf[r++] = e;
      }
    }
    return r;
  }

  private static float clip(float v) {
    return Math.max(0f, Math.min(1f, v));
  }

  @Override
  public String describe() {
    return "square eps=" + Attacks.format(eps) + " p-init=" + Attacks.format(pInit) + " queries=" + queries;
  }
}
