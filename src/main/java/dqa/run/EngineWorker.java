package dqa.run;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one thread that runs all engine (DJL) work of the process.
 *
 * <p>PyTorch keeps grad mode per thread and DJL allows one open {@code GradientCollector} per
 * process, so training and attacks are serialised here rather than run on two threads at once.
 */
public final class EngineWorker {
  private static final EngineWorker SHARED = new EngineWorker();
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "dqa-engine");
            t.setDaemon(true);
            return t;
          });
  private volatile Thread thread;

  private EngineWorker() {}

  public static EngineWorker shared() {
    return SHARED;
  }

  /** Queues engine work; it runs after everything queued before it. */
  public <T> Future<T> submit(Callable<T> work) {
    return executor.submit(
        () -> {
          thread = Thread.currentThread();
          return work.call();
        });
  }

  /**
   * Runs engine work and waits for it, rethrowing its exception as it is (runs inline when called
   * from the engine thread itself).
   */
  public <T> T call(Callable<T> work) {
    if (Thread.currentThread() == thread) {
      try {
        return work.call();
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    try {
      return submit(work).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  public boolean isEngineThread() {
    return Thread.currentThread() == thread;
  }
}
