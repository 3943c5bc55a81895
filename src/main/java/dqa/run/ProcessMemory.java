package dqa.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * This process's resident memory as the Linux kernel reports it in {@code /proc/self/status}:
 * {@code VmRSS} (resident now) and {@code VmHWM} (the high-water mark, i.e. peak RSS since start).
 * Counts native memory (libtorch) as well as the Java heap. Empty on systems without {@code /proc}.
 */
public final class ProcessMemory {
  private static final Path STATUS = Path.of("/proc/self/status");

  private ProcessMemory() {}

  /**
   * One reading, in kibibytes as the kernel prints them.
   *
   * @param rssKb resident set size now ({@code VmRSS})
   * @param peakKb peak resident set size so far ({@code VmHWM})
   */
  public record Snapshot(long rssKb, long peakKb) {
    public Snapshot {
      if (rssKb < 0 || peakKb < 0) {
        throw new IllegalArgumentException("memory sizes must be >= 0, got rss " + rssKb + " peak " + peakKb);
      }
    }

    public double rssMb() {
      return rssKb / 1024.0;
    }

    public double peakMb() {
      return peakKb / 1024.0;
    }
  }

  /** Reads {@code /proc/self/status} now; empty where it does not exist or lacks the fields. */
  public static Optional<Snapshot> current() {
    try {
      return parse(Files.readString(STATUS));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The snapshot in the text of a {@code /proc/<pid>/status} file; empty when a field is missing. */
  public static Optional<Snapshot> parse(String status) {
    OptionalLong rss = field(status, "VmRSS");
    OptionalLong peak = field(status, "VmHWM");
    if (rss.isEmpty() || peak.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Snapshot(rss.getAsLong(), peak.getAsLong()));
  }

  /**
   * The value of a {@code Name:   1234 kB} line in kibibytes (a bare number is taken as kB, an
   * {@code mB}/{@code gB} unit is converted); empty when the line is absent or unreadable.
   */
  public static OptionalLong field(String status, String name) {
    if (status == null) {
      return OptionalLong.empty();
    }
    for (String line : status.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0 || !line.substring(0, colon).trim().equals(name)) {
        continue;
      }
      String[] parts = line.substring(colon + 1).trim().split("\\s+");
      try {
        long value = Long.parseLong(parts[0]);
        String unit = parts.length > 1 ? parts[1].toLowerCase(java.util.Locale.ROOT) : "kb";
        return switch (unit) {
          case "kb" -> OptionalLong.of(value);
          case "mb" -> OptionalLong.of(value * 1024);
          case "gb" -> OptionalLong.of(value * 1024 * 1024);
          default -> OptionalLong.empty();
        };
      } catch (NumberFormatException e) {
        return OptionalLong.empty();
      }
    }
    return OptionalLong.empty();
  }
}
