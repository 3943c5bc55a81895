package dqa.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Known answers for the losses, worked out in double precision by hand. */
@Tag("engine")
class LossesTest {
  /** Logits (a, 0, …, 0) over 10 classes with label 0: p_j = 1 / (e^a + 9) for j ≠ 0. */
  private static double[] exactSlope(double a) {
    double other = 1 / (Math.exp(a) + 9);
    double[] slope = new double[10];
    slope[0] = -9 * other;
    for (int j = 1; j < 10; j++) {
      slope[j] = other;
    }
    return slope;
  }

  private static float[] gradient(float a, BinaryOperator<NDArray> loss) {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] z = new float[10];
      z[0] = a;
      NDArray logits = m.create(z, new Shape(1, 10));
      logits.setRequiresGradient(true);
      NDArray labels = m.create(new long[] {0});
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(loss.apply(logits, labels).sum());
      }
      return logits.getGradient().toFloatArray();
    }
  }

  @Test
  void theTrueClassKeepsItsGradientOnAConfidentExample() {
    // 1 − p_y ≈ 1.9e-8 rounds away in float32: the plain formula loses the true class entirely.
    float[] plain = gradient(20f, Losses::crossEntropyPerExample);
    float[] accurate = gradient(20f, Losses::crossEntropyPerExampleAccurately);
    double[] exact = exactSlope(20);
    assertEquals(0f, plain[0], "the float32 cancellation this loss exists for (if this fails, the engine changed)");
    for (int j = 0; j < 10; j++) {
      assertEquals(exact[j], accurate[j], Math.abs(exact[j]) * 1e-5, "entry " + j);
    }
  }

  @Test
  void onAnUncertainExampleBothFormulasAgree() {
    float[] plain = gradient(1f, Losses::crossEntropyPerExample);
    float[] accurate = gradient(1f, Losses::crossEntropyPerExampleAccurately);
    double[] exact = exactSlope(1);
    for (int j = 0; j < 10; j++) {
      assertEquals(exact[j], accurate[j], 3e-7, "entry " + j);
      assertEquals(plain[j], accurate[j], 3e-7, "entry " + j + " (a few float32 steps of 0.77)");
    }
  }

  @Test
  void theValueIsThePlainCrossEntropyBitForBit() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray logits = m.randomNormal(0, 4, new Shape(64, 10), DataType.FLOAT32);
      NDArray labels = m.randomInteger(0, 10, new Shape(64), DataType.INT64);
      assertArrayEquals(Losses.crossEntropyPerExample(logits, labels).toFloatArray(),
          Losses.crossEntropyPerExampleAccurately(logits, labels).toFloatArray());
    }
  }
}
