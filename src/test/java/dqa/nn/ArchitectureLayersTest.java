package dqa.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every activation slot has a layer name a person can pick it by, one per slot, none twice. */
class ArchitectureLayersTest {
  @Test
  void oneDistinctNamePerSlot() {
    for (Architecture a : Architecture.values()) {
      List<String> names = a.activationLayers();
      assertEquals(a.hiddenActivations(), names.size(), a.key());
      assertEquals(names.size(), new HashSet<>(names).size(), a.key() + " names a layer twice");
    }
    assertEquals(List.of("conv1", "conv2", "fc1"), Architecture.LENET.activationLayers());
  }
}
