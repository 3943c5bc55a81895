package dqa.train;

import java.nio.file.Path;
import java.util.Map;

/** What a training run produced: where, how it ended, and its last test accuracy. */
public record TrainResult(
    Path runDir,
    RunManifest.Status status,
    int epochsCompleted,
    double testAccuracy,
    double seconds,
    Map<String, float[][]> thresholds) {}
