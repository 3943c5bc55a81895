package dqa.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on stderr, redrawn at most every 200 ms; without a terminal it prints
 * a plain line only when asked to ({@link #line}) so logs stay short.
 */
final class TerminalProgress {
  private static final long REDRAW_NANOS = 200_000_000L;
  private final PrintStream err;
  private final boolean interactive;
  private long lastDraw;
  private int lastWidth;

  TerminalProgress(PrintStream err, boolean quiet) {
    this.err = err;
    this.interactive = !quiet && System.console() != null;
  }

  /** Redraws the bar: {@code [#####.....] 42% text}. */
  void update(double fraction, String text) {
    if (!interactive) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDraw < REDRAW_NANOS && fraction < 1) {
      return;
    }
    lastDraw = now;
    int width = 30;
    int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * width);
    String bar =
        String.format(
            Locale.ROOT, "[%s%s] %3.0f%% %s", "#".repeat(filled), ".".repeat(width - filled), fraction * 100, text);
    err.print("\r" + bar + " ".repeat(Math.max(0, lastWidth - bar.length())));
    lastWidth = bar.length();
    err.flush();
  }

  /** Prints a line that stays (e.g. an epoch summary), clearing the bar first. */
  void line(String text) {
    if (interactive && lastWidth > 0) {
      err.print("\r" + " ".repeat(lastWidth) + "\r");
      lastWidth = 0;
    }
    err.println(text);
  }

  void done() {
    if (interactive && lastWidth > 0) {
      err.println();
      lastWidth = 0;
    }
  }

  static String duration(double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) {
      return "?";
    }
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
