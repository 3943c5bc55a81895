package dqa.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A k-bit quantized activation with fixed or learned (DQA) thresholds.
 *
 * <p>Forward: clip to [−1, 1] and snap to L = 2^k evenly spaced levels {@code −1 + iΔ}, Δ = 2/(L−1);
 * an input at or above threshold {@code t_j} reaches level j + 1. Fixed quantization uses the
 * midpoints between levels as thresholds; DQA (Rakin et al., arXiv 1807.06714, as reconstructed in
 * SPEC.md §2) learns them, per layer or per channel, kept strictly increasing by construction as
 * {@code t_0 = first}, {@code t_j = t_0 + Σ softplus(gap_i)}, initialised at the midpoints.
 *
 * <p>Backward follows the network's {@link GradientSwitch}: straight-through ({@code ste}), the
 * gradient of the sigmoid-smoothed staircase {@code −1 + Δ Σ σ(τ (x − t_j) / Δ)} ({@code
 * surrogate:τ}), or none ({@code exact}). DQA thresholds always learn through the smoothed staircase
 * (with the switch's τ, or {@link GradientMode#DEFAULT_SHARPNESS} under {@code ste}). The value is
 * always the exact staircase: "value of A, gradient of B" is {@code A + (B − stop(B))}.
 *
 * <p>Input: any shape whose axis 1 is channels or features ({@code N×C×H×W} or {@code N×F}).
 */
public final class QuantizedActivation extends AbstractBlock {
  private static final byte VERSION = 1;

  private final ActivationSpec spec;
  private final GradientSwitch gradients;
  private final Parameter first;
  private final Parameter gaps;
  private volatile java.util.function.Consumer<NDArray> tap;

  public QuantizedActivation(ActivationSpec spec, GradientSwitch gradients) {
    super(VERSION);
    if (!spec.isQuantized()) {
      throw new IllegalArgumentException("QuantizedActivation needs fixed:k or dqa:k, got " + spec);
    }
    this.spec = spec;
    this.gradients = gradients;
    if (spec.kind() == ActivationSpec.Kind.DQA) {
      float delta = step(spec.levels());
      first =
          addParameter(
              Parameter.builder()
                  .setName("first")
                  .setType(Parameter.Type.OTHER)
                  .optInitializer((m, s, t) -> m.full(s, -1f + delta / 2f, t))
                  .build());
      // softplus^-1(Δ) so that every initial gap is exactly one level spacing.
      float rawGap = (float) Math.log(Math.expm1(delta));
      gaps =
          spec.levels() > 2
              ? addParameter(
                  Parameter.builder()
                      .setName("gaps")
                      .setType(Parameter.Type.OTHER)
                      .optInitializer((m, s, t) -> m.full(s, rawGap, t))
                      .build())
              : null;
    } else {
      first = null;
      gaps = null;
    }
  }

  public ActivationSpec spec() {
    return spec;
  }

  /** Level spacing Δ = 2 / (L − 1). */
  static float step(int levels) {
    return 2f / (levels - 1);
  }

  @Override
  protected void prepare(Shape[] inputShapes) {
    if (first == null) {
      return;
    }
    long channels = spec.perChannel() ? inputShapes[0].get(1) : 1;
    first.setShape(new Shape(channels, 1));
    if (gaps != null) {
      gaps.setShape(new Shape(channels, spec.levels() - 2));
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }

  /**
   * The current thresholds as an array of shape {@code C×(L−1)} (C = 1 unless per channel), in the
   * graph so that they receive gradients. Every array made here belongs to {@code owner} (the
   * batch's manager), never to the parameters' manager, so nothing outlives the batch.
   */
  NDArray thresholds(ParameterStore store, ai.djl.Device device, boolean training, ai.djl.ndarray.NDManager owner) {
    if (first == null) {
      throw new IllegalStateException("fixed quantization has no learned thresholds");
    }
    NDArray zero = owner.zeros(new Shape(1));
    NDArray t0 = zero.add(store.getValue(first, device, training));
    if (gaps == null) {
      return t0;
    }
    NDArray g = zero.add(store.getValue(gaps, device, training));
    NDArray rest = ai.djl.nn.Activation.softPlus(g).cumSum(1).add(t0);
    return t0.concat(rest, 1);
  }

  /**
   * The current thresholds as plain values (C rows of L − 1), computed from copies of the
   * parameters so that reading them never touches the training graph.
   */
  float[][] thresholdValues() {
    if (first == null) {
      throw new IllegalStateException("fixed quantization has no learned thresholds");
    }
    float[] t0 = first.getArray().toFloatArray();
    int channels = t0.length;
    int count = spec.levels() - 1;
    float[] g = gaps == null ? new float[0] : gaps.getArray().toFloatArray();
    float[][] out = new float[channels][count];
    for (int c = 0; c < channels; c++) {
      double t = t0[c];
      out[c][0] = (float) t;
      for (int j = 1; j < count; j++) {
        double raw = g[c * (count - 1) + j - 1];
        // softplus, stable for large raw values
        t += raw > 20 ? raw : Math.log1p(Math.exp(raw));
        out[c][j] = (float) t;
      }
    }
    return out;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    GradientMode mode = gradients.mode();
    int levels = spec.levels();
    float delta = step(levels);
    NDArray out;
    if (first == null) {
      NDArray exact = fixedStaircase(x, levels, delta);
      if (!recordingGradients()) {
        return output(exact);
      }
      out =
          switch (mode.kind()) {
            case EXACT -> withZeroGradient(exact, x);
            case STE -> withGradientOf(exact, x.clip(-1f, 1f));
            case SURROGATE ->
                withGradientOf(exact, smoothed(x, midpoints(x, levels, delta), delta, mode.sharpness()));
          };
    } else {
      NDArray t = perInputShape(thresholds(store, x.getDevice(), training, x.getManager()), x);
      NDArray exact = learnedStaircase(x, t.stopGradient(), delta);
      if (!recordingGradients()) {
        return output(exact);
      }
      out =
          switch (mode.kind()) {
            case EXACT -> withZeroGradient(exact, x);
            case STE -> {
              NDArray straightThrough = withGradientOf(exact, x.clip(-1f, 1f));
              if (!store.getValue(first, x.getDevice(), training).hasGradient()) {
                // Frozen thresholds (attacks, crafting during adversarial training): the smoothed path
                // only carries their gradient, so it would cost a sigmoid per threshold for nothing.
                yield straightThrough;
              }
              NDArray thresholdPath =
                  smoothed(x.stopGradient(), t, delta, GradientMode.DEFAULT_SHARPNESS);
              yield withGradientOf(straightThrough, thresholdPath);
            }
            case SURROGATE -> withGradientOf(exact, smoothed(x, t, delta, mode.sharpness()));
          };
    }
    return output(out);
  }

  /**
   * Whether this thread records a graph (a gradient collector is open). When it does not — inference,
   * test accuracy, the clean and adversarial predictions of an attack, score-based attacks — the
   * gradient plumbing adds exactly zero to the staircase at the cost of several full-size ops per
   * threshold, so the layer returns the staircase alone. {@code hasGradient()} cannot tell: it is false
   * for intermediate arrays even while gradients flow through them.
   */
  private static boolean recordingGradients() {
    return ai.djl.pytorch.jni.JniUtils.isGradMode();
  }

  private NDList output(NDArray out) {
    java.util.function.Consumer<NDArray> t = tap;
    if (t != null) {
      t.accept(out);
    }
    return new NDList(out);
  }

  /** Hands every forward output to {@code listener} until cleared with null (activation probes). */
  void setTap(java.util.function.Consumer<NDArray> listener) {
    this.tap = listener;
  }

  /**
   * The staircase's true gradient, zero, kept in the graph: a backward pass through an {@code exact}
   * quantizer must yield zeros (what a naive attacker sees), not fail for lack of a graph.
   */
  private static NDArray withZeroGradient(NDArray value, NDArray x) {
    return withGradientOf(value, Scalars.mul(x, 0));
  }

  /** {@code value + (grad − stop(grad))}: the value of the first, the gradient of the second. */
  private static NDArray withGradientOf(NDArray value, NDArray grad) {
    return value.add(grad.sub(grad.stopGradient()));
  }

  private static NDArray fixedStaircase(NDArray x, int levels, float delta) {
    // floor(u + 0.5) puts an input exactly on a midpoint on the upper level, as x >= t_j does.
    NDArray index = Scalars.div(x.stopGradient().clip(-1f, 1f).add(1f), delta).add(0.5f).floor().clip(0, levels - 1);
    return Scalars.mul(index, delta).sub(1f);
  }

  private static NDArray learnedStaircase(NDArray x, NDArray t, float delta) {
    NDArray xs = x.stopGradient();
    long count = t.getShape().get(t.getShape().dimension() - 1);
    NDArray sum = null;
    for (int j = 0; j < count; j++) {
      NDArray above = xs.gte(slice(t, j)).toType(x.getDataType(), false);
      sum = sum == null ? above : sum.add(above);
    }
    return Scalars.mul(sum, delta).sub(1f);
  }

  private static NDArray smoothed(NDArray x, NDArray t, float delta, double sharpness) {
    long count = t.getShape().get(t.getShape().dimension() - 1);
    float scale = (float) (sharpness / delta);
    NDArray sum = null;
    for (int j = 0; j < count; j++) {
      NDArray s = ai.djl.nn.Activation.sigmoid(Scalars.mul(x.sub(slice(t, j)), scale));
      sum = sum == null ? s : sum.add(s);
    }
    return Scalars.mul(sum, delta).sub(1f);
  }

  /** Uniform midpoints shaped like learned thresholds, for the fixed quantizer's surrogate. */
  private static NDArray midpoints(NDArray x, int levels, float delta) {
    float[] mids = new float[levels - 1];
    for (int j = 0; j < mids.length; j++) {
      mids[j] = -1f + delta * (j + 0.5f);
    }
    return x.getManager().create(mids).toType(x.getDataType(), false);
  }

  /** Threshold j: the last axis sliced away, so it broadcasts against x. */
  private static NDArray slice(NDArray t, int j) {
    return t.get(new ai.djl.ndarray.index.NDIndex("..., {}", j));
  }

  /**
   * Reshapes C×(L−1) thresholds to {@code 1×C×1…×(L−1)}, the input's rank plus the threshold axis,
   * so that one sliced column broadcasts over {@code N×C×…} inputs.
   */
  private static NDArray perInputShape(NDArray t, NDArray x) {
    int rank = x.getShape().dimension();
    long[] dims = new long[rank + 1];
    java.util.Arrays.fill(dims, 1);
    dims[1] = t.getShape().get(0);
    dims[rank] = t.getShape().get(1);
    return t.reshape(new Shape(dims));
  }

  @Override
  public String toString() {
    return "QuantizedActivation(" + spec + ")";
  }
}
