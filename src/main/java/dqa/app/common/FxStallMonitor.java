package dqa.app.common;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Measures how long the FX thread keeps the window from responding: every {@link #PERIOD_MS} ms a
 * probe is posted to the FX thread (never more than one at a time) and the time until it runs is
 * recorded. A probe waits behind whatever the FX thread is doing (event handlers, layout, a render
 * pulse), so the longest wait is the longest stall a user could have felt, measured to within one
 * period (a stall that starts just after a probe ran is seen up to {@link #PERIOD_MS} ms short).
 */
public final class FxStallMonitor implements AutoCloseable {
  /** How often a probe is posted. */
  public static final long PERIOD_MS = 10;
  /** A stall longer than this is counted (the responsiveness target of the window). */
  public static final long STALL_MS = 50;

  /**
   * The stalls seen between two {@link #takeAndReset} calls.
   *
   * @param longestAtSeconds when the longest stall ended, in seconds after the previous reset
   */
  public record Stalls(double longestMillis, double longestAtSeconds, int over50Millis, long probes) {}

  private final Consumer<Runnable> fxThread;
  private final AtomicLong longestNanos = new AtomicLong();
  private volatile long longestAt;
  private volatile long resetAt = System.nanoTime();
  private final AtomicInteger over = new AtomicInteger();
  private final AtomicLong probes = new AtomicLong();
  private final AtomicBoolean inFlight = new AtomicBoolean();
  private ScheduledExecutorService timer;
  private ScheduledFuture<?> ticking;

  /** Probes the JavaFX application thread. */
  public FxStallMonitor() {
    this(Platform::runLater);
  }

  /** Probes whatever {@code fxThread} runs its argument on (tests use their own executor). */
  public FxStallMonitor(Consumer<Runnable> fxThread) {
    this.fxThread = fxThread;
  }

  /** Starts probing (again); does nothing when already running. */
  public synchronized void start() {
    if (ticking != null) {
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "fx-stall-monitor");
      t.setDaemon(true);
      return t;
    });
    ticking = timer.scheduleAtFixedRate(this::probe, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  private void probe() {
    if (!inFlight.compareAndSet(false, true)) {
      return;
    }
    long posted = System.nanoTime();
    try {
      fxThread.accept(() -> {
        record(System.nanoTime() - posted);
        inFlight.set(false);
      });
    } catch (IllegalStateException toolkitGone) {
      inFlight.set(false);
    }
  }

  void record(long waitNanos) {
    probes.incrementAndGet();
    if (longestNanos.accumulateAndGet(waitNanos, Math::max) == waitNanos) {
      longestAt = System.nanoTime();
    }
    if (waitNanos > TimeUnit.MILLISECONDS.toNanos(STALL_MS)) {
      over.incrementAndGet();
    }
  }

  /** The stalls since the last call (or since start), and starts counting afresh. */
  public Stalls takeAndReset() {
    long now = System.nanoTime();
    long longest = longestNanos.getAndSet(0);
    Stalls s = new Stalls(longest / 1e6, longest == 0 ? 0 : Math.max(0, longestAt - resetAt) / 1e9, over.getAndSet(0),
        probes.getAndSet(0));
    resetAt = now;
    return s;
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
      ticking = null;
    }
  }
}
