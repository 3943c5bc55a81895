package dqa.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

/** Input gradients as attacks see them: a non-finite entry is an error, never silently "no gradient". */
@Tag("engine")
class ModelAccessTest {
  @Test
  void nonFiniteGradientEntriesAreAnErrorNotAZero() {
    NetworkSpec spec = new NetworkSpec("mnist", Architecture.CNN, NetworkSpec.parseActivations("relu"), 1, 28, 28, 10,
        List.of(0.1307f), List.of(0.3081f));
    try (Network net = Network.create(spec, Device.cpu(), 3);
        NDManager m = net.manager().newSubManager()) {
      net.setParametersTrainable(false);
      NDArray x = m.randomUniform(0, 1, new Shape(2, 1, 28, 28));
      ModelAccess access = new ModelAccess(net, GradientMode.ste());
      NDArray finite = access.gradient(x, (logits, in) -> logits.sum());
      assertEquals(0L, finite.isNaN().sum().getLong());
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> access.gradient(x, (logits, in) -> logits.sum().mul(Float.NaN)));
      assertTrue(e.getMessage().contains("not finite"), e.getMessage());
    }
  }
}
