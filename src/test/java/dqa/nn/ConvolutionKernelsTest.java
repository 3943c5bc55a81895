package dqa.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dqa.run.TorchEngine;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Known answers for the convolutions of every architecture: output and input gradient of {@link
 * ChannelAlignedConv2d} against a plain Java reference, for the channel counts the architectures
 * use. libtorch's own kernels fail this for LeNet's 20 and 50 channels (errors of 0.3–0.4).
 */
@Tag("engine")
class ConvolutionKernelsTest {
  static final double TOLERANCE = 1e-4;

  @ParameterizedTest(name = "{0} -> {1} channels, {3}x{3} kernel, {2}x{2} input, stride {4}, padding {5}")
  @CsvSource({
    "1, 20, 28, 5, 1, 0", // lenet conv1
    "20, 50, 12, 5, 1, 0", // lenet conv2
    "1, 32, 28, 5, 1, 0", // lenet-wide
    "32, 64, 12, 5, 1, 0",
    "1, 16, 28, 3, 1, 1", // cnn
    "16, 32, 14, 3, 1, 1",
    "3, 16, 32, 3, 1, 1", // resnet20
    "16, 32, 16, 3, 2, 1",
    "24, 40, 10, 3, 1, 1" // neither channel count a multiple of 16
  })
  void outputAndInputGradientMatchAPlainReference(int in, int out, int size, int kernel, int stride, int padding) {
    int n = 8;
    Random rng = new Random(in * 1000L + out);
    float[] x = uniform(rng, n * in * size * size, 1);
    float[] g = null;
    ChannelAlignedConv2d conv = ChannelAlignedConv2d.of(out, kernel, stride, padding);
    try (NDManager m = NDManager.newBaseManager(TorchEngine.get().defaultDevice(), TorchEngine.NAME)) {
      conv.initialize(m, DataType.FLOAT32, new Shape(n, in, size, size));
      float[] w = conv.getParameters().get("weight").getArray().toFloatArray();
      float[] b = conv.getParameters().get("bias").getArray().toFloatArray();
      int outSize = (size + 2 * padding - kernel) / stride + 1;
      double[] expected = reference(x, w, b, n, in, out, size, kernel, stride, padding, outSize);
      g = uniform(rng, n * out * outSize * outSize, 1);
      double[] expectedGrad = referenceInputGradient(g, w, n, in, out, size, kernel, stride, padding, outSize);

      NDArray input = m.create(x, new Shape(n, in, size, size));
      input.setRequiresGradient(true);
      float[] got;
      try (GradientCollector gc = TorchEngine.get().newGradientCollector()) {
        NDArray y = conv.forward(new ParameterStore(m, false), new NDList(input), false).singletonOrThrow();
        got = y.toFloatArray();
        gc.backward(y.mul(m.create(g, y.getShape())).sum());
      }
      float[] grad = input.getGradient().toFloatArray();
      assertEquals(0, maxError(expected, got), TOLERANCE, "forward");
      assertEquals(0, maxError(expectedGrad, grad), TOLERANCE, "gradient with respect to the input");
    }
  }

  private static float[] uniform(Random rng, int count, float scale) {
    float[] v = new float[count];
    for (int i = 0; i < count; i++) {
      v[i] = (rng.nextFloat() * 2 - 1) * scale;
    }
    return v;
  }

  /** One multiply of a convolution: output element, input element, weight element (flat NCHW / OIHW indices). */
  private interface Tap {
    void at(int output, int input, int weight);
  }

  /** Every tap of a square convolution with zero padding, in a plain loop nest. */
  private static void forEachTap(int n, int in, int out, int size, int k, int stride, int pad, int outSize, Tap tap) {
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < out; o++) {
        for (int r = 0; r < outSize; r++) {
          for (int c = 0; c < outSize; c++) {
            int output = ((i * out + o) * outSize + r) * outSize + c;
            for (int ch = 0; ch < in; ch++) {
              for (int u = 0; u < k; u++) {
                for (int v = 0; v < k; v++) {
                  int yy = r * stride + u - pad;
                  int xx = c * stride + v - pad;
                  if (yy >= 0 && yy < size && xx >= 0 && xx < size) {
                    tap.at(output, ((i * in + ch) * size + yy) * size + xx, ((o * in + ch) * k + u) * k + v);
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  private static double[] reference(float[] x, float[] w, float[] b, int n, int in, int out, int size, int k,
      int stride, int pad, int outSize) {
    double[] y = new double[n * out * outSize * outSize];
    for (int e = 0; e < y.length; e++) {
      y[e] = b[(e / (outSize * outSize)) % out];
    }
    forEachTap(n, in, out, size, k, stride, pad, outSize, (o, i, wi) -> y[o] += (double) x[i] * w[wi]);
    return y;
  }

  private static double[] referenceInputGradient(float[] g, float[] w, int n, int in, int out, int size, int k,
      int stride, int pad, int outSize) {
    double[] dx = new double[n * in * size * size];
    forEachTap(n, in, out, size, k, stride, pad, outSize, (o, i, wi) -> dx[i] += (double) g[o] * w[wi]);
    return dx;
  }

  private static double maxError(double[] expected, float[] got) {
    assertEquals(expected.length, got.length, "element count");
    double max = 0;
    for (int i = 0; i < got.length; i++) {
      double e = Math.abs(expected[i] - got[i]);
      if (!(e <= max)) {
        max = Double.isNaN(e) ? Double.POSITIVE_INFINITY : e;
      }
    }
    return max;
  }
}
