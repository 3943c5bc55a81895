package dqa.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dqa.nn.Architecture;
import dqa.nn.GradientMode;
import dqa.nn.Network;
import dqa.nn.NetworkSpec;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Attacks against models whose answer is known in closed form. */
@Tag("engine")
class KnownAnswerTest {

  static Network linear(long seed) {
    NetworkSpec spec =
        new NetworkSpec("mnist", Architecture.LINEAR, List.of(), 1, 28, 28, 10, List.of(0.5f), List.of(0.25f));
    return Network.create(spec, Device.cpu(), seed);
  }

  @Test
  void fgsmOnALinearClassifierStepsAlongTheSignOfTheWeightDifference() {
    try (Network net = linear(3); NDManager m = net.manager().newSubManager()) {
      int y = 4;
      float eps = 26 / 255f;
      NDArray x = m.full(new Shape(1, 1, 28, 28), 128 / 255f);
      NDArray labels = m.create(new int[] {y});
      float[] w = net.namedParameters().get("fc.weight").values();
      float[] logits = net.logits(x, false).toFloatArray();
      int runnerUp = -1;
      for (int j = 0; j < 10; j++) {
        if (j != y && (runnerUp < 0 || logits[j] > logits[runnerUp])) {
          runnerUp = j;
        }
      }
      float[] expected = new float[784];
      for (int i = 0; i < 784; i++) {
        // ∂(z_j − z_y)/∂x_i = (w_ji − w_yi) / std, and std > 0.
        expected[i] = 128 / 255f + eps * Math.signum(w[runnerUp * 784 + i] - w[y * 784 + i]);
      }
      AttackResult r =
          new Fgsm(eps, AttackLoss.MARGIN, GradientMode.exact()).run(net, x, labels, null, AttackContext.of(1));
      assertArrayEquals(expected, r.adversarial(), 1e-6f);
      assertEquals(eps, r.linf()[0], 1e-6);
    }
  }

  @Test
  void zooCoordinateEstimatesAgreeWithTheTrueGradientOnALinearModel() {
    try (Network net = linear(5); NDManager m = net.manager().newSubManager()) {
      int y = 7;
      NDArray x = m.randomUniform(0.2f, 0.8f, new Shape(1, 1, 28, 28));
      Goal goal = Goal.untargeted(m.create(new int[] {y}));
      ModelAccess access = new ModelAccess(net, GradientMode.exact());
      int[] all = new int[784];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      // f = −(log-probability margin), away from the clamp at −κ.
      double[] estimate = Zoo.estimateGradient(access, x, goal, all, 1e-4, 1e3);
      assertEquals(2L * all.length, access.queries(), "two queries per coordinate");
      float[] exact = access.gradient(x, (logits, images) -> goal.margin(logits.logSoftmax(1)).neg()).toFloatArray();
      double dot = 0;
      double ee = 0;
      double tt = 0;
      for (int i = 0; i < all.length; i++) {
        dot += estimate[i] * exact[i];
        ee += estimate[i] * estimate[i];
        tt += (double) exact[i] * exact[i];
      }
      double cosine = dot / Math.sqrt(ee * tt);
      assertTrue(cosine > 0.99, "cosine of ZOO's estimate and the true gradient: " + cosine);
      assertEquals(Math.sqrt(tt), Math.sqrt(ee), 0.05 * Math.sqrt(tt), "and about the same length");
    }
  }
}
