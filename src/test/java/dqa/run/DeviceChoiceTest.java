package dqa.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Device choice against a simulated GPU count: no GPU is needed to check the rules. */
class DeviceChoiceTest {

  @Test
  void autoTakesTheFirstGpuWhenThereIsOne() {
    DeviceChoice.Resolved r = DeviceChoice.AUTO.resolve(2);
    assertTrue(r.device().isGpu());
    assertEquals(0, r.device().getDeviceId());
    assertEquals("GPU 0", r.label());
    assertNull(r.notice());
  }

  @Test
  void autoFallsBackToTheCpuQuietly() {
    DeviceChoice.Resolved r = DeviceChoice.AUTO.resolve(0);
    assertFalse(r.device().isGpu());
    assertEquals("CPU", r.label());
    assertNull(r.notice());
  }

  @Test
  void cpuStaysOnTheCpuEvenWithAGpu() {
    DeviceChoice.Resolved r = DeviceChoice.CPU.resolve(4);
    assertFalse(r.device().isGpu());
    assertNull(r.notice());
  }

  @Test
  void gpuWithoutAGpuFallsBackWithANotice() {
    DeviceChoice.Resolved none = DeviceChoice.GPU.resolve(0);
    assertFalse(none.device().isGpu());
    assertTrue(none.notice().contains("no CUDA GPU"), none.notice());
    DeviceChoice.Resolved one = DeviceChoice.GPU.resolve(1);
    assertTrue(one.device().isGpu());
    assertNull(one.notice());
  }

  @Test
  void parsesNamesAndRefusesOthers() {
    assertEquals(DeviceChoice.GPU, DeviceChoice.parse(" GPU "));
    assertEquals(DeviceChoice.AUTO, DeviceChoice.parse("auto"));
    assertEquals("cpu", DeviceChoice.CPU.toString());
    UserException e = assertThrows(UserException.class, () -> DeviceChoice.parse("tpu"));
    assertTrue(e.getMessage().contains("tpu"), e.getMessage());
    assertThrows(UserException.class, () -> DeviceChoice.parse(null));
  }
}
