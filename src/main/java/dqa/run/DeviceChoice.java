package dqa.run;

import ai.djl.Device;
import java.util.Locale;

/**
 * Which device the engine computes on: {@code auto} (the first GPU DJL finds with CUDA, else the
 * CPU), {@code cpu}, or {@code gpu}.
 */
public enum DeviceChoice {
  AUTO,
  CPU,
  GPU;

  public static DeviceChoice parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new UserException("device '" + text + "' is not one of auto, cpu, gpu");
    }
  }

  /** The device to use, given how many CUDA GPUs the engine sees. */
  public Resolved resolve(int gpuCount) {
    return switch (this) {
      case CPU -> new Resolved(Device.cpu(), null);
      case AUTO ->
          gpuCount > 0
              ? new Resolved(Device.gpu(), null)
              : new Resolved(Device.cpu(), null);
      case GPU ->
          gpuCount > 0
              ? new Resolved(Device.gpu(), null)
              : new Resolved(Device.cpu(), "no CUDA GPU found; using the CPU");
    };
  }

  /** Resolves against the GPUs the PyTorch engine reports. */
  public Resolved resolve() {
    return resolve(this == CPU ? 0 : TorchEngine.get().getGpuCount());
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The chosen device and, when the choice fell back, a notice for the user. */
  public record Resolved(Device device, String notice) {
    public String label() {
      return device.isGpu() ? "GPU " + device.getDeviceId() : "CPU";
    }
  }
}
