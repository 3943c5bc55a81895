package dqa.train;

import dqa.run.Provenance;
import java.util.List;
import java.util.Map;

/**
 * The record a training run leaves in {@code run.json}: its recipe, the data it saw, where and
 * with what it ran, how far it got, and its results — enough to repeat or resume it.
 */
public record RunManifest(
    String format,
    String id,
    Status status,
    TrainConfig config,
    DataRecord data,
    Provenance provenance,
    String network,
    long parameters,
    String perturber,
    int epochsCompleted,
    String lastCheckpoint,
    List<TrainingListener.EpochMetrics> epochs,
    Map<String, float[][]> initialThresholds,
    Map<String, float[][]> thresholds,
    Double testAccuracy,
    double seconds,
    String message) {

  public static final String FORMAT = "dqa-run/1";
  public static final String FILE = "run.json";

  /** Where a run stands. */
  public enum Status {
    RUNNING,
    CANCELLED,
    FAILED,
    COMPLETED
  }

  /**
   * The data set a run trained on, with the hash that identifies its exact content; {@code name} is
   * what it is called for people, e.g. "CIFAR-10 (JPEG copy)" (null in runs made before it was recorded).
   */
  public record DataRecord(
      String id, String source, String folder, String sha256, boolean verified, int trainImages,
      int testImages, String name) {

    /** The name to show: {@link #name()}, or the data set's key in runs made before it was recorded. */
    public String label() {
      return name != null ? name : id;
    }
  }

  public RunManifest {
    epochs = epochs == null ? List.of() : List.copyOf(epochs);
  }

  RunManifest with(Status newStatus, String newMessage) {
    return new RunManifest(
        format, id, newStatus, config, data, provenance, network, parameters, perturber,
        epochsCompleted, lastCheckpoint, epochs, initialThresholds, thresholds, testAccuracy, seconds,
        newMessage);
  }

  RunManifest afterEpoch(
      TrainingListener.EpochMetrics metrics, String checkpoint, double totalSeconds) {
    List<TrainingListener.EpochMetrics> all = new java.util.ArrayList<>(epochs);
    all.add(metrics);
    return new RunManifest(
        format, id, status, config, data, provenance, network, parameters, perturber,
        metrics.epoch(), checkpoint, all, initialThresholds, metrics.thresholds(),
        metrics.testAccuracy(), totalSeconds, message);
  }
}
