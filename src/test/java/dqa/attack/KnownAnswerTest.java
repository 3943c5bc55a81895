package dqa.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
