package dqa.app.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FxStallMonitorTest {
  @Test
  void aBlockedThreadShowsAsAStallAndTakingResetsTheCount() throws Exception {
    ExecutorService ui = Executors.newSingleThreadExecutor();
    try (FxStallMonitor monitor = new FxStallMonitor(ui::execute)) {
      monitor.start();
      Thread.sleep(100);
      CountDownLatch blocked = new CountDownLatch(1);
      ui.execute(() -> {
        try {
          Thread.sleep(250);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        blocked.countDown();
      });
      assertTrue(blocked.await(5, TimeUnit.SECONDS));
      Thread.sleep(100);
      FxStallMonitor.Stalls s = monitor.takeAndReset();
      // A probe posted during the block waits for the rest of it: at least 250 ms minus one period.
      assertTrue(s.longestMillis() >= 250 - 2 * FxStallMonitor.PERIOD_MS, s.toString());
      assertTrue(s.over50Millis() >= 1, s.toString());
      assertTrue(s.probes() > 5, s.toString());
      FxStallMonitor.Stalls fresh = monitor.takeAndReset();
      assertTrue(fresh.longestMillis() < 250 - 2 * FxStallMonitor.PERIOD_MS, "reset: " + fresh);
    } finally {
      ui.shutdownNow();
    }
  }

  @Test
  void recordKeepsTheLongestAndCountsOnlyStallsOverTheTarget() {
    FxStallMonitor m = new FxStallMonitor(Runnable::run);
    m.record(TimeUnit.MILLISECONDS.toNanos(20));
    m.record(TimeUnit.MILLISECONDS.toNanos(70));
    m.record(TimeUnit.MILLISECONDS.toNanos(50));
    FxStallMonitor.Stalls s = m.takeAndReset();
    assertEquals(70.0, s.longestMillis(), 1e-9);
    assertEquals(1, s.over50Millis());
    assertEquals(3, s.probes());
  }
}
