package dqa.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dqa.run.TorchEngine;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A forward or backward pass leaves nothing in the network's own manager: everything it makes belongs
 * to the caller's scope. An array left there lives as long as the model (a long training or a window
 * session), so a leak of a padded weight per pass grew a PGD training by gigabytes.
 */
@Tag("engine")
class ModelMemoryTest {
  @Test
  void passesLeaveNoArraysInTheModelsManager() {
    for (String name : new String[] {"lenet-relu", "lenet-fixed2", "lenet-dqa2"}) {
      try (Network net = Network.load(Path.of("models", name), Device.cpu())) {
        int before = net.manager().getManagedArrays().size();
        for (int i = 0; i < 3; i++) {
          try (NDManager scope = net.manager().newSubManager()) {
            NDArray x = scope.randomUniform(0f, 1f, Network.inputShape(net.spec(), 4));
            net.logits(x, false);
            x.setRequiresGradient(true);
            try (GradientCollector gc = TorchEngine.get().newGradientCollector()) {
              gc.backward(net.logits(x, true).sum());
            }
            x.getGradient().close();
          }
        }
        net.setParametersTrainable(true);
        assertEquals(before, net.manager().getManagedArrays().size(), name + ": arrays left in the model's manager");
      }
    }
  }
}
