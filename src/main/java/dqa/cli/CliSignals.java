package dqa.cli;

import dqa.run.CancellationToken;

/** Bridges Ctrl-C to a cancellation token so that a run stops at a batch boundary and saves its state. */
final class CliSignals {
  private CliSignals() {}

  static CancellationToken cancelOnInterrupt() {
    CancellationToken token = new CancellationToken();
    Thread hook =
        new Thread(
            () -> {
              token.cancel();
              // Give the engine thread a moment to write the manifest of a cancelled run.
              try {
                Thread.sleep(1500);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "dqa-cancel");
    Runtime.getRuntime().addShutdownHook(hook);
    return token;
  }
}
