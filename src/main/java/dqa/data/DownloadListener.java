package dqa.data;

import dqa.run.ProgressListener;

/** Receives the progress of downloads and imports; called on the downloading thread. */
@FunctionalInterface
public interface DownloadListener {
  DownloadListener NONE = progress -> {};

  /** Reports bytes, rate and ETA of the file being transferred, about ten times a second. */
  void progress(DownloadProgress progress);

  /** Reports a step, e.g. "trying ossci-datasets" or "verifying MNIST"; ignored by default. */
  default void status(String message) {}

  /**
   * Reports work that is not a transfer of bytes, such as decoding the images of an image folder:
   * {@code done} of {@code total} units. Shown as a status line by default.
   */
  default void work(long done, long total, String message) {
    status(message);
  }

  /** Bridges to a plain {@link ProgressListener}: bytes as units, steps as messages. */
  static DownloadListener of(ProgressListener listener) {
    return new DownloadListener() {
      @Override
      public void progress(DownloadProgress p) {
        listener.progress(p.bytes(), p.totalBytes(), p.describe());
      }

      @Override
      public void status(String message) {
        listener.progress(0, -1, message);
      }

      @Override
      public void work(long done, long total, String message) {
        listener.progress(done, total, message);
      }
    };
  }
}
