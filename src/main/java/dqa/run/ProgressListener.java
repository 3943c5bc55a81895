package dqa.run;

/**
 * Receives progress of long work as plain values; the window bridges it to a JavaFX {@code Task},
 * the command line to a progress bar.
 */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = (done, total, message) -> {};

  /**
   * Reports that {@code done} of {@code total} units are finished.
   *
   * @param total the number of units, or -1 when unknown
   * @param message a short human-readable status line
   */
  void progress(long done, long total, String message);
}
