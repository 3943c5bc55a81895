package dqa.data;

import java.time.Duration;
import java.util.Locale;

/**
 * How far the transfer of one file has come.
 *
 * @param bytes bytes of the file on disk so far, including bytes of an earlier, resumed attempt
 * @param totalBytes the file's size, or -1 when the server did not say
 * @param bytesPerSecond the transfer rate of this attempt
 * @param eta the estimated time left, or null when it cannot be estimated
 * @param source what is being fetched from where, e.g. "train-images-idx3-ubyte.gz from
 *     ossci-datasets (1 of 4)"
 */
public record DownloadProgress(
    long bytes, long totalBytes, double bytesPerSecond, Duration eta, String source) {

  public DownloadProgress {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0");
    }
    if (totalBytes < -1) {
      throw new IllegalArgumentException("totalBytes must be >= 0 or -1 (unknown)");
    }
    if (!(bytesPerSecond >= 0)) {
      throw new IllegalArgumentException("bytesPerSecond must be >= 0");
    }
    if (source == null) {
      throw new IllegalArgumentException("source is required");
    }
  }

  /** The fraction done in [0, 1], or -1 when the total is unknown. */
  public double fraction() {
    return totalBytes <= 0 ? -1 : Math.min(1.0, (double) bytes / totalBytes);
  }

  /** One line for people, e.g. "x from y: 3.1 MB of 9.9 MB, 1.2 MB/s, 6 s left". */
  public String describe() {
    StringBuilder s = new StringBuilder(source).append(": ").append(DataFiles.bytes(bytes));
    if (totalBytes >= 0) {
      s.append(" of ").append(DataFiles.bytes(totalBytes));
    }
    if (bytesPerSecond > 0) {
      s.append(", ").append(DataFiles.bytes((long) bytesPerSecond)).append("/s");
    }
    if (eta != null) {
      long sec = eta.toSeconds();
      s.append(", ")
          .append(
              sec >= 60
                  ? String.format(Locale.ROOT, "%d min %02d s", sec / 60, sec % 60)
                  : sec + " s")
          .append(" left");
    }
    return s.toString();
  }
}
