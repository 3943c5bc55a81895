package dqa.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * ZOO-ADAM (Chen, Zhang, Sharma, Yi, Hsieh 2017, "ZOO: Zeroth Order Optimization Based Black-box
 * Attacks to Deep Neural Networks without Training Substitute Models"), score-based, L2: coordinate
 * descent with ADAM on the C&W objective {@code ‖δ‖₂² + c·f(x+δ)}, {@code f = max(log p_y − max_{j≠y}
 * log p_j, −κ)} (targeted: {@code max(max_{j≠t} log p_j − log p_t, −κ)}), where each chosen
 * coordinate's ∂f/∂x_i comes from the two queries {@code x+δ ± h·e_i}; each example stops at its
 * first success.
 *
 * <p>Defaults: 128 random coordinates (without replacement) per iteration and example, h 1e-4, ADAM
 * lr 1e-2, β 0.9/0.999 with per-coordinate moments and step counts (as the reference code), c 10,
 * κ 0, a budget of 10,000 queries per example, ε ∞ (minimum distortion, as the paper; a finite ε
 * bounds ‖δ‖₂). c is ours: the reference code's 0.5 is tuned for runs of hundreds of thousands of
 * queries and, stopping at the first success under a budget, fooled 4 of 27 examples of a small
 * MNIST CNN where c = 10 fooled 26 (lr 0.05). Works in pixel space (the reference code's choice
 * for MNIST), keeping x+δ in [0, 1]; the ‖δ‖₂² term's derivative 2δ is added exactly, only f is
 * estimated. An iteration costs 2·128 + 1 queries per example (the differences, then the new image
 * rounded to 8 bits as the runner will, which decides success); the clean image costs one, and an
 * example whose clean image already meets the goal stops there. Input N×C×H×W in [0, 1]; output
 * the same shape: per example the first iterate whose 8-bit rounding succeeds, else the clean
 * image; queries per example are exact and never exceed the budget.
 *
 * @param coordinates coordinates updated per iteration and example
 * @param h finite-difference step in pixel units
 * @param constant c, the weight of f against ‖δ‖₂²
 * @param confidence κ, the margin success must reach
 * @param queries budget per example, every image scored included
 * @param eps bound on ‖δ‖₂, or infinity
 */
public record Zoo(
    int coordinates, double h, double learningRate, double constant, double confidence, int queries, double eps)
    implements Attack {
  static final double BETA1 = 0.9;
  static final double BETA2 = 0.999;

  public Zoo {
    if (coordinates < 1 || coordinates > 100_000) {
      throw new IllegalArgumentException("ZOO coordinates must be 1..100000, got " + coordinates);
    }
    if (!(h > 0 && h <= 0.1)) {
      throw new IllegalArgumentException("ZOO h must be in (0, 0.1], got " + h);
    }
    if (!(learningRate > 0 && learningRate <= 1)) {
      throw new IllegalArgumentException("ZOO learning rate must be in (0, 1], got " + learningRate);
    }
    if (!(constant > 0 && constant <= 1e6)) {
      throw new IllegalArgumentException("ZOO constant c must be in (0, 1e6], got " + constant);
    }
    if (!(confidence >= 0 && confidence <= 1e3)) {
      throw new IllegalArgumentException("ZOO confidence must be in [0, 1000], got " + confidence);
    }
    if (queries < 1) {
      throw new IllegalArgumentException("ZOO query budget must be positive, got " + queries);
    }
    if (!(eps >= 0)) {
      throw new IllegalArgumentException("ZOO eps must be non-negative (or infinite), got " + eps);
    }
  }

  /** The defaults with a query budget per example. */
  public static Zoo withBudget(int queries) {
    return new Zoo(128, 1e-4, 1e-2, 10, 0, queries, Double.POSITIVE_INFINITY);
  }

  @Override
  public String name() {
    return "zoo";
  }

  @Override
  public Norm norm() {
    return Norm.L2;
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
    int d = (int) imageShape.size();
    float[] clean = x.toFloatArray();
    Scores scores = Scores.of(goal, model.numClasses());
    long[] used = new long[n];
    boolean[] active = new boolean[n];
    float[] out = clean.clone();

    // The clean image: one query, and nothing to do where it already meets the goal.
    float[] z = Scores.logits(model, manager, clean, n, imageShape);
    int remaining = 0;
    for (int i = 0; i < n; i++) {
      used[i] = 1;
      active[i] = !reached(scores, z, i, i) && queries > 1;
      remaining += active[i] ? 1 : 0;
    }
    float[][] delta = new float[n][];
    float[][] m = new float[n][];
    float[][] v = new float[n][];
    int[][] steps = new int[n][];
    int[][] order = new int[n][];
    Random[] random = new Random[n];
    for (int i = 0; i < n; i++) {
      if (active[i]) {
        delta[i] = new float[d];
        m[i] = new float[d];
        v[i] = new float[d];
        steps[i] = new int[d];
        order[i] = identity(d);
        random[i] = new Random(ctx.seed() * 0x9E3779B97F4A7C15L + i);
      }
    }
    int k = Math.min(coordinates, d);
    long iterations = Math.max(1, (queries - 1 + 2L * k) / (2L * k + 1));
    int perPass = Math.max(1, Scores.MAX_BATCH / (2 * k));
    int[] group = new int[n];
    int[][] chosen = new int[n][];
    int[] count = new int[n];
    double[] grad = new double[k];
    for (long iteration = 0; remaining > 0; iteration++) {
      // Coordinates for this iteration, never beyond the budget (the new image costs one more).
      for (int i = 0; i < n; i++) {
        if (!active[i]) {
          continue;
        }
        count[i] = (int) Math.min(k, (queries - used[i] - 1) / 2);
        if (count[i] < 1) {
          active[i] = false;
          remaining--;
          continue;
        }
        chosen[i] = sample(order[i], count[i], random[i]);
      }
      // Finite differences, a few examples per forward pass.
      int g = 0;
      for (int i = 0; i <= n; i++) {
        if (i < n && active[i]) {
          group[g++] = i;
        }
        if (g > 0 && (g == perPass || i == n)) {
          int rows = 0;
          for (int a = 0; a < g; a++) {
            rows += 2 * count[group[a]];
          }
          float[] batch = new float[rows * d];
          int row = 0;
          for (int a = 0; a < g; a++) {
            int e = group[a];
            fillDifferences(batch, row, current(clean, e, delta[e], d), chosen[e], count[e], h);
            row += 2 * count[e];
          }
          float[] logits = Scores.logits(model, manager, batch, rows, imageShape);
          row = 0;
          for (int a = 0; a < g; a++) {
            int e = group[a];
            readDifferences(logits, batch, row, chosen[e], count[e], d, scores, e, confidence, grad);
            adam(clean, e, d, delta[e], m[e], v[e], steps[e], chosen[e], count[e], grad);
            used[e] += 2L * count[e];
            row += 2 * count[e];
          }
          g = 0;
        }
      }
      // The new images as the runner will round them: one query each; success ends an example.
      int[] rowsOf = new int[remaining];
      int r = 0;
      for (int i = 0; i < n; i++) {
        if (active[i]) {
          rowsOf[r++] = i;
        }
      }
      float[] rounded = new float[r * d];
      for (int a = 0; a < r; a++) {
        asRunnerRounds(clean, rowsOf[a], delta[rowsOf[a]], d, Double.isInfinite(eps), rounded, a);
      }
      float[] zr = Scores.logits(model, manager, rounded, r, imageShape);
      for (int a = 0; a < r; a++) {
        int e = rowsOf[a];
        used[e]++;
        if (reached(scores, zr, a, e)) {
          for (int c = 0; c < d; c++) {
            out[e * d + c] = clean[e * d + c] + delta[e][c];
          }
          active[e] = false;
          remaining--;
        }
      }
      ctx.step(Math.min(iteration + 1, iterations), iterations, "zoo iteration " + (iteration + 1) + "/" + iterations);
    }
    return new Crafted(manager.create(out, x.getShape()), used);
  }

  private boolean reached(Scores scores, float[] logits, int row, int example) {
    return scores.success(logits, row, example)
        && (confidence == 0 || scores.margin(logits, row, example) >= confidence);
  }

  /** f of the ZOO paper for one row: {@code max(−(log-probability margin), −κ)}. */
  static double loss(Scores scores, float[] logits, int row, int example, double confidence) {
    return Math.max(-scores.logProbMargin(logits, row, example), -confidence);
  }

  /**
   * Writes the 2k images {@code base + h·e_c}, {@code base − h·e_c} for the first k coordinates c of
   * {@code coords} into {@code rows}, from row {@code row} on.
   */
  static void fillDifferences(float[] rows, int row, float[] base, int[] coords, int k, double h) {
    int d = base.length;
    for (int j = 0; j < k; j++) {
      int plus = (row + 2 * j) * d;
      int minus = plus + d;
      System.arraycopy(base, 0, rows, plus, d);
      System.arraycopy(base, 0, rows, minus, d);
      rows[plus + coords[j]] = (float) (base[coords[j]] + h);
      rows[minus + coords[j]] = (float) (base[coords[j]] - h);
    }
  }

  /**
   * Symmetric differences {@code (f(x + h·e_c) − f(x − h·e_c)) / (2h)} from the logits of the rows
   * {@link #fillDifferences} wrote (dividing by the step the float pixels actually took).
   */
  static void readDifferences(
      float[] logits, float[] rows, int row, int[] coords, int k, int d, Scores scores, int example,
      double confidence, double[] grad) {
    for (int j = 0; j < k; j++) {
      int plus = row + 2 * j;
      double step = (double) rows[plus * d + coords[j]] - rows[(plus + 1) * d + coords[j]];
      grad[j] =
          (loss(scores, logits, plus, example, confidence) - loss(scores, logits, plus + 1, example, confidence))
              / step;
    }
  }

  /**
   * ZOO's estimate of ∂f/∂x_c at one image (1×C×H×W) for the given coordinates, f the loss above;
   * spends {@code 2·coords.length} queries. The same code the attack runs, for tests.
   */
  static double[] estimateGradient(
      ScoreAccess model, NDArray image, Goal goal, int[] coords, double h, double confidence) {
    Shape imageShape = image.getShape().slice(1);
    int d = (int) imageShape.size();
    float[] base = image.toFloatArray();
    Scores scores = Scores.of(goal, model.numClasses());
    double[] grad = new double[coords.length];
    float[] rows = new float[2 * coords.length * d];
    fillDifferences(rows, 0, base, coords, coords.length, h);
    float[] logits = Scores.logits(model, image.getManager(), rows, 2 * coords.length, imageShape);
    readDifferences(logits, rows, 0, coords, coords.length, d, scores, 0, confidence, grad);
    return grad;
  }

  /** Coordinate ADAM on the chosen coordinates, then back into [0, 1] and the ε-ball. */
  private void adam(
      float[] clean, int e, int d, float[] delta, float[] m, float[] v, int[] steps, int[] coords, int k,
      double[] grad) {
    for (int j = 0; j < k; j++) {
      int c = coords[j];
      double g = constant * grad[j] + 2.0 * delta[c];
      double mt = BETA1 * m[c] + (1 - BETA1) * g;
      double vt = BETA2 * v[c] + (1 - BETA2) * g * g;
      int t = ++steps[c];
      double correction = Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t));
      double next = delta[c] - learningRate * correction * mt / (Math.sqrt(vt) + 1e-8);
      double pixel = clean[e * d + c];
      delta[c] = (float) Math.max(-pixel, Math.min(1 - pixel, next));
      m[c] = (float) mt;
      v[c] = (float) vt;
    }
    if (Double.isFinite(eps)) {
      double sq = 0;
      for (float value : delta) {
        sq += (double) value * value;
      }
      // A hair inside the ball, so the runner's own projection leaves the 8-bit image as it is.
      double radius = eps * (1 - 1e-5);
      if (sq > radius * radius) {
        double f = radius / Math.sqrt(sq);
        for (int c = 0; c < d; c++) {
          delta[c] = (float) (delta[c] * f);
        }
      }
    }
  }

  private static float[] current(float[] clean, int e, float[] delta, int d) {
    float[] base = new float[d];
    for (int c = 0; c < d; c++) {
      base[c] = clean[e * d + c] + delta[c];
    }
    return base;
  }

  /**
   * The 8-bit image {@link AttackRunner} makes of {@code x + δ} (δ inside [0, 1] and, if bounded,
   * strictly inside the ball, so projecting changes nothing), in the same float arithmetic as {@link
   * Norm#project} and {@link Norm#roundTo8Bit}: nearest step without a budget, towards zero within
   * an L2 budget.
   */
  static void asRunnerRounds(float[] clean, int e, float[] delta, int d, boolean unbounded, float[] out, int row) {
    for (int c = 0; c < d; c++) {
      float x = clean[e * d + c];
      float adv = x + delta[c];
      if (!unbounded) {
        adv = x + (adv - x); // the projection's x + (adv − x)·1
      }
      adv = Math.max(0f, Math.min(1f, adv));
      float steps = (adv - x) * 255f;
      steps = unbounded ? (float) Math.rint(steps) : Math.signum(steps) * (float) Math.floor(Math.abs(steps));
      out[row * d + c] = Math.max(0f, Math.min(1f, x + steps / 255f));
    }
  }

  private static int[] identity(int d) {
    int[] a = new int[d];
    for (int i = 0; i < d; i++) {
      a[i] = i;
    }
    return a;
  }

  /** k distinct coordinates, uniformly: a partial Fisher–Yates shuffle of a reused permutation. */
  private static int[] sample(int[] order, int k, Random random) {
    for (int j = 0; j < k; j++) {
      int swap = j + random.nextInt(order.length - j);
      int t = order[j];
      order[j] = order[swap];
      order[swap] = t;
    }
    return java.util.Arrays.copyOf(order, k);
  }

  @Override
  public String describe() {
    return "zoo coordinates=" + coordinates + " h=" + Attacks.format(h) + " lr=" + Attacks.format(learningRate)
        + " c=" + Attacks.format(constant) + (confidence > 0 ? " confidence=" + Attacks.format(confidence) : "")
        + " queries=" + queries + (Double.isFinite(eps) ? " eps=" + Attacks.format(eps) : "");
  }
}
