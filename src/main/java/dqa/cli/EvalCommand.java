package dqa.cli;

import dqa.data.LabeledImages;
import dqa.nn.Network;
import dqa.nn.NetworkSpec;
import dqa.run.CancellationToken;
import dqa.run.EngineWorker;
import dqa.run.Json;
import dqa.train.Accuracy;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code eval}: clean accuracy of a saved model. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Clean test accuracy of a saved model.")
final class EvalCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;
  @Mixin ModelOptions options;

  /** What {@code --json} prints. */
  record Output(
      String model, String network, String dataset, String datasetName, double accuracy, int n, double seconds) {}

  @Override
  public Integer call() {
    Path dir = options.modelDir(global);
    CancellationToken cancel = CliSignals.cancelOnInterrupt();
    Output out =
        EngineWorker.shared()
            .call(
                () -> {
                  try (Network net = options.loadNetwork(dir)) {
                    NetworkSpec s = net.spec();
                    LabeledImages test = options.testImages(global, s.dataset(), s.channels(), s.height(), s.width());
                    long t0 = System.nanoTime();
                    double acc = Accuracy.evaluate(net, test, options.batch, dqa.run.ProgressListener.NONE, cancel);
                    return new Output(
                        dir.toString(), s.label(), options.dataset == null ? s.dataset() : options.dataset,
                        options.datasetName(), acc, test.count(), (System.nanoTime() - t0) / 1e9);
                  }
                });
    if (options.json) {
      System.out.println(Json.write(out));
    } else {
      System.out.printf(Locale.ROOT, "%s on %s: accuracy %.2f %% (%d images)%n", out.network(), out.datasetName(),
          100 * out.accuracy(), out.n());
    }
    return 0;
  }
}
