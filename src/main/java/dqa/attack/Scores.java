package dqa.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * A goal read out of plain-float logits, for the score-based attacks (ZOO, Square) that keep their
 * state in Java arrays: the same margin and success as {@link Goal}, per example, plus scoring of
 * images held as floats in bounded forward passes.
 */
final class Scores {
  /** Most images scored in one forward pass (bounds the activations a black-box attack holds). */
  static final int MAX_BATCH = 1024;

  private final int[] classes;
  private final boolean targeted;
  private final int k;

  private Scores(int[] classes, boolean targeted, int k) {
    this.classes = classes;
    this.targeted = targeted;
    this.k = k;
  }

  /** The goal's true classes (untargeted) or targets, as plain ints. */
  static Scores of(Goal goal, int numClasses) {
    return new Scores(ints(goal.isTargeted() ? goal.targets() : goal.labels()), goal.isTargeted(), numClasses);
  }

  /** Class indices as plain ints (the copy made on the way is closed). */
  static int[] ints(NDArray classes) {
    try (NDArray copy = classes.toType(DataType.INT32, true)) {
      return copy.toIntArray();
    }
  }

  int numClasses() {
    return k;
  }

  /**
   * The CW margin towards success of example {@code example} for the logits in row {@code row}:
   * {@code max_{j≠y} z_j − z_y} untargeted, {@code z_t − max_{j≠t} z_j} targeted; positive once the
   * example succeeds (as {@link Goal#margin}).
   */
  double margin(float[] logits, int row, int example) {
    int c = classes[example];
    int base = row * k;
    double other = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < k; j++) {
      if (j != c) {
        other = Math.max(other, logits[base + j]);
      }
    }
    double own = logits[base + c];
    return targeted ? own - other : other - own;
  }

  /**
   * The same margin on log-probabilities ({@code log p_j = z_j − log Σ exp z}), as the ZOO paper
   * writes its loss; algebraically equal to {@link #margin} since the normaliser cancels.
   */
  double logProbMargin(float[] logits, int row, int example) {
    int base = row * k;
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < k; j++) {
      max = Math.max(max, logits[base + j]);
    }
    double sum = 0;
    for (int j = 0; j < k; j++) {
      sum += Math.exp(logits[base + j] - max);
    }
    double logZ = max + Math.log(sum);
    int c = classes[example];
    double other = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < k; j++) {
      if (j != c) {
        other = Math.max(other, logits[base + j] - logZ);
      }
    }
    double own = logits[base + c] - logZ;
    return targeted ? own - other : other - own;
  }

  /** Whether row {@code row} meets example {@code example}'s goal (first largest logit, as argMax). */
  boolean success(float[] logits, int row, int example) {
    int base = row * k;
    int best = 0;
    for (int j = 1; j < k; j++) {
      if (logits[base + j] > logits[base + best]) {
        best = j;
      }
    }
    return targeted ? best == classes[example] : best != classes[example];
  }

  /**
   * Logits (count × K, row-major) of {@code count} images stored row-major in {@code images}, scored
   * in passes of at most {@link #MAX_BATCH}; engine arrays live in sub-managers of {@code manager}.
   *
   * @param imageShape C×H×W of one image
   */
  static float[] logits(ScoreAccess model, NDManager manager, float[] images, int count, Shape imageShape) {
    int d = (int) imageShape.size();
    int k = model.numClasses();
    float[] out = new float[count * k];
    for (int start = 0; start < count; start += MAX_BATCH) {
      int rows = Math.min(MAX_BATCH, count - start);
      float[] chunk =
          start == 0 && rows == count && images.length == count * d
              ? images
              : Arrays.copyOfRange(images, start * d, (start + rows) * d);
      try (NDManager scope = manager.newSubManager()) {
        NDArray batch = scope.create(chunk, new Shape(rows).addAll(imageShape));
        float[] z = model.logits(batch).toType(DataType.FLOAT32, false).toFloatArray();
        System.arraycopy(z, 0, out, start * k, rows * k);
      }
    }
    return out;
  }
}
