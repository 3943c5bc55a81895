package dqa.train;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dqa.nn.Architecture;
import dqa.nn.Network;
import dqa.nn.NetworkSpec;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The guard that keeps a non-finite gradient from reaching the weights. */
@Tag("engine")
class TrainingGuardTest {
  @Test
  void findsANonFiniteGradientAndNamesItsParameter() {
    NetworkSpec spec =
        new NetworkSpec("mnist", Architecture.CNN, NetworkSpec.parseActivations("dqa:2"), 1, 28, 28, 10,
            List.of(0.1307f), List.of(0.3081f));
    try (Network net = Network.create(spec, Device.cpu(), 3);
        NDManager batch = net.manager().newSubManager()) {
      net.setParametersTrainable(true);
      NDArray x = batch.randomUniform(0, 1, new ai.djl.ndarray.types.Shape(4, 1, 28, 28));
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        gc.backward(net.logits(x, true).sum());
      }
      assertNull(Training.firstNonFiniteGradient(net), "a healthy backward pass");
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        gc.backward(net.logits(x, true).sum().mul(Float.NaN));
      }
      String bad = Training.firstNonFiniteGradient(net);
      assertTrue(bad != null && bad.startsWith("the gradients of ") && bad.contains("conv1"), String.valueOf(bad));
      Training.zeroGradients(net);
      assertNull(Training.firstNonFiniteGradient(net), "zeroed, NaN included");
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        gc.backward(net.logits(x, true).sum());
      }
      assertNull(Training.firstNonFiniteGradient(net), "the next batch starts from fresh gradients");
    }
  }
}
