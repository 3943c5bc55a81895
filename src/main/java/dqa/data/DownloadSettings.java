package dqa.data;

import java.time.Duration;
import java.util.Objects;

/**
 * Network settings of the downloader.
 *
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long a transfer may stall before it counts as broken
 * @param attemptsPerFile how often one file is tried (resuming where possible) before the mirror is
 *     given up
 * @param retryDelay the pause before the second attempt; it grows linearly with each further one
 */
public record DownloadSettings(
    Duration connectTimeout, Duration readTimeout, int attemptsPerFile, Duration retryDelay) {

  public DownloadSettings {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(retryDelay, "retryDelay");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive");
    }
    if (readTimeout.isNegative() || readTimeout.isZero()) {
      throw new IllegalArgumentException("readTimeout must be positive");
    }
    if (attemptsPerFile < 1) {
      throw new IllegalArgumentException("attemptsPerFile must be >= 1, was " + attemptsPerFile);
    }
    if (retryDelay.isNegative()) {
      throw new IllegalArgumentException("retryDelay must be >= 0");
    }
  }

  /** 15 s to connect, 30 s of silence allowed, 3 attempts per file, 2 s between attempts. */
  public static DownloadSettings defaults() {
    return new DownloadSettings(
        Duration.ofSeconds(15), Duration.ofSeconds(30), 3, Duration.ofSeconds(2));
  }
}
