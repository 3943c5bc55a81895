package dqa.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic of an engine array with a plain number, safe when the autograd graph keeps the number.
 *
 * <p>DJL 0.36's {@code PtNDArray.mul(Number)} (likewise {@code div}, {@code pow}, {@code maximum},
 * {@code minimum} and their in-place forms; {@code PtNDArray.java}, e.g. {@code mul(Number)} at line
 * 557) wraps the number in a tensor made by {@code torch::from_blob} over a Java direct buffer — a
 * tensor that does not own its memory — and closes the Java side right after the operation. When the
 * operation is recorded for a backward pass, libtorch keeps that tensor (the gradient of {@code x·s}
 * needs {@code s}) and reads it in {@code backward()}, by which time a collection may have freed the
 * buffer and the allocator handed it to someone else: the gradients of DQA's smoothed thresholds, of
 * an {@code exact} quantizer and of the mixed adversarial-training loss came out NaN or wrong at
 * random. Here the number becomes a tensor that libtorch allocates and owns ({@code NDManager.full}),
 * so the graph may keep it as long as it likes. {@code EngineHazardsTest} keeps every such call here.
 */
public final class Scalars {
  private Scalars() {}

  /** {@code x · s}. */
  public static NDArray mul(NDArray x, double s) {
    return x.mul(constant(x, s));
  }

  /** {@code x / s}. */
  public static NDArray div(NDArray x, double s) {
    return x.div(constant(x, s));
  }

  /** {@code x ^ s}. */
  public static NDArray pow(NDArray x, double s) {
    return x.pow(constant(x, s));
  }

  /** The larger of {@code x} and {@code s}, element-wise. */
  public static NDArray maximum(NDArray x, double s) {
    return x.maximum(constant(x, s));
  }

  /** The smaller of {@code x} and {@code s}, element-wise. */
  public static NDArray minimum(NDArray x, double s) {
    return x.minimum(constant(x, s));
  }

  /** A 0-dimensional array of {@code x}'s type that libtorch owns, attached to {@code x}'s manager. */
  private static NDArray constant(NDArray x, double s) {
    return x.getManager().full(new Shape(), (float) s, x.getDataType());
  }
}
