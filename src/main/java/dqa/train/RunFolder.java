package dqa.train;

import dqa.run.AtomicFiles;
import dqa.run.Json;
import dqa.run.UserException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The folder of one training run: {@code run.json}, {@code metrics.csv} (per epoch), {@code
 * batches.csv} (per batch), {@code checkpoints/epoch-NNNN/} and the final {@code model/}. Every file
 * is replaced atomically, so a crash leaves the previous complete version.
 */
public final class RunFolder {
  public static final String MODEL = "model";
  private static final String CHECKPOINTS = "checkpoints";
  private static final int CHECKPOINTS_KEPT = 2;
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Path dir;

  private RunFolder(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  /** A new, empty run folder: {@code out} if given (must be new or empty), else a fresh one in {@code runs}. */
  public static RunFolder create(Path out, Path runs, String label) {
    Path dir = out;
    if (dir == null) {
      String base =
          LocalDateTime.now().format(STAMP) + "-" + label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-");
      dir = runs.resolve(base);
      for (int n = 2; Files.exists(dir); n++) {
        dir = runs.resolve(base + "-" + n);
      }
    } else if (Files.exists(dir.resolve(RunManifest.FILE))) {
      throw new UserException(
          dir + ": already holds a run; choose another --out, or continue it with train --resume " + dir);
    } else if (Files.isRegularFile(dir)) {
      throw new UserException(dir + ": is a file, not a folder");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UserException(dir + ": cannot create the run folder (" + e.getMessage() + ")", e);
    }
    return new RunFolder(dir);
  }

  /** An existing run folder (for resume, evaluation and listing). */
  public static RunFolder open(Path dir) {
    if (!Files.isRegularFile(dir.resolve(RunManifest.FILE))) {
      throw new UserException(dir + ": not a run folder (no " + RunManifest.FILE + ")");
    }
    AtomicFiles.cleanLeftovers(dir);
    AtomicFiles.cleanLeftovers(dir.resolve(CHECKPOINTS));
    return new RunFolder(dir);
  }

  public Path dir() {
    return dir;
  }

  public RunManifest readManifest() {
    return Json.readFile(dir.resolve(RunManifest.FILE), RunManifest.class);
  }

  public void writeManifest(RunManifest manifest) {
    Json.writeFile(dir.resolve(RunManifest.FILE), manifest);
  }

  public Path modelDir() {
    return dir.resolve(MODEL);
  }

  public Path checkpointDir(int epoch) {
    return dir.resolve(CHECKPOINTS).resolve(String.format(Locale.ROOT, "epoch-%04d", epoch));
  }

  /**
   * Whether the run in {@code dir} stopped before its last epoch (cancelled, failed, or still marked
   * running after a crash) and has a complete epoch's checkpoint to go on from (cancelled in its first
   * epoch, it has none); false for a folder that cannot be read.
   */
  public static boolean resumable(Path dir) {
    try {
      RunFolder folder = open(dir);
      RunManifest m = folder.readManifest();
      if (m.status() == RunManifest.Status.COMPLETED || m.epochsCompleted() >= m.config().epochs()) {
        return false;
      }
      return folder.latestCheckpoint().isPresent();
    } catch (UserException | UncheckedIOException e) {
      return false;
    }
  }

  /** The checkpoint of the highest completed epoch, if any. */
  public Optional<Path> latestCheckpoint() {
    Path root = dir.resolve(CHECKPOINTS);
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(p -> p.getFileName().toString().startsWith("epoch-"))
          .filter(p -> Files.isRegularFile(p.resolve(dqa.nn.Network.SPEC_FILE)))
          .max(java.util.Comparator.comparing(p -> p.getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes all but the newest checkpoints. */
  void pruneCheckpoints() {
    Path root = dir.resolve(CHECKPOINTS);
    try (Stream<Path> s = Files.list(root)) {
      List<Path> all =
          s.filter(p -> p.getFileName().toString().startsWith("epoch-"))
              .sorted(java.util.Comparator.comparing(p -> p.getFileName().toString()))
              .toList();
      for (int i = 0; i < all.size() - CHECKPOINTS_KEPT; i++) {
        AtomicFiles.deleteRecursively(all.get(i));
      }
    } catch (IOException e) {
      // Old checkpoints only cost disk space.
    }
  }

  /** Rewrites {@code metrics.csv} from the per-epoch metrics. */
  void writeEpochMetrics(List<TrainingListener.EpochMetrics> epochs) {
    StringBuilder sb =
        new StringBuilder(
            "epoch,train_loss,train_accuracy,test_accuracy,learning_rate,seconds,images_per_second,skipped_steps\n");
    for (var m : epochs) {
      sb.append(
          String.format(
              Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6g,%.3f,%.1f,%d%n", m.epoch(), m.trainLoss(), m.trainAccuracy(),
              m.testAccuracy(), m.learningRate(), m.seconds(), m.imagesPerSecond(), m.skippedSteps()));
    }
    AtomicFiles.writeString(dir.resolve("metrics.csv"), sb.toString());
  }

  /** Appends per-batch rows to {@code batches.csv} (rewritten atomically with the old rows first). */
  void appendBatchMetrics(List<TrainingListener.BatchMetrics> rows) {
    Path file = dir.resolve("batches.csv");
    StringBuilder sb = new StringBuilder();
    try {
      if (Files.exists(file)) {
        sb.append(Files.readString(file));
      } else {
        sb.append("step,epoch,batch,loss,accuracy,images_per_second\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (var r : rows) {
      sb.append(
          String.format(
              Locale.ROOT, "%d,%d,%d,%.6f,%.6f,%.1f%n", r.step(), r.epoch(), r.batch(), r.loss(), r.accuracy(),
              r.imagesPerSecond()));
    }
    AtomicFiles.writeString(file, sb.toString());
  }
}
