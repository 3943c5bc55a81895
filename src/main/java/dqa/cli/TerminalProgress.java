package dqa.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on stderr, redrawn at most every 200 ms; without a terminal (a log
 * file, CI) it prints a plain status line at most every 30 s so logs stay short but show life.
 */
final class TerminalProgress {
  private static final long REDRAW_NANOS = 200_000_000L;
  private static final long LOG_NANOS = 30_000_000_000L;
  private final PrintStream err;
  private final boolean interactive;
  private final boolean quiet;
  private long lastDraw;
  private int lastWidth;

  TerminalProgress(PrintStream err, boolean quiet) {
    this.err = err;
    this.quiet = quiet;
    this.interactive = !quiet && System.console() != null;
    this.lastDraw = System.nanoTime();
  }

  /** Redraws the bar: {@code [#####.....] 42% text}. */
  void update(double fraction, String text) {
    long now = System.nanoTime();
    if (!interactive) {
      if (!quiet && now - lastDraw >= LOG_NANOS) {
        lastDraw = now;
        err.printf(Locale.ROOT, "%3.0f%% %s%n", fraction * 100, text);
      }
      return;
    }
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
