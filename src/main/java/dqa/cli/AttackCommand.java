package dqa.cli;

import dqa.attack.Attack;
import dqa.attack.AttackLoss;
import dqa.attack.AttackSettings;
import dqa.data.LabeledImages;
import dqa.eval.RobustAccuracy;
import dqa.nn.GradientMode;
import dqa.nn.Network;
import dqa.nn.NetworkSpec;
import dqa.run.CancellationToken;
import dqa.run.EngineWorker;
import dqa.run.Json;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code attack}: robust accuracy of a saved model under one attack. */
@Command(name = "attack", mixinStandardHelpOptions = true, description = "Robust accuracy of a saved model under an attack.")
final class AttackCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;
  @Mixin ModelOptions options;

  @Option(names = "--attack", required = true, description = "fgsm, pgd, pgd-l2, mifgsm.")
  String attack;

  @Option(names = "--eps", description = "L∞ budget in [0,1] pixel units (default: 0.3; 8/255 for cifar10).")
  Double eps;

  @Option(names = "--step", description = "PGD step (default: 0.01; 2/255 for cifar10).")
  Double step;

  @Option(names = "--steps", description = "PGD iterations (default: 40; 20 for cifar10).")
  Integer steps;

  @Option(names = "--restarts", defaultValue = "1", description = "PGD random restarts (default: ${DEFAULT-VALUE}).")
  int restarts;

  @Option(names = "--no-random-start", description = "Start PGD at the clean image.")
  boolean noRandomStart;

  @Option(names = "--loss", defaultValue = "ce", description = "ce or margin (default: ${DEFAULT-VALUE}).")
  String loss;

  @Option(names = "--grad", defaultValue = "ste", description = "Gradient through quantizers: ste, exact or surrogate:τ (default: ${DEFAULT-VALUE}).")
  String grad;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of random starts (default: ${DEFAULT-VALUE}).")
  long seed;

  /** What {@code --json} prints. */
  record Output(
      String model, String network, String dataset, String attack, String gradient, double eps,
      double cleanAccuracy, double accuracy, double successRate, int n, double seconds) {}

  @Override
  public Integer call() {
    Path dir = options.modelDir(global);
    CancellationToken cancel = CliSignals.cancelOnInterrupt();
    GradientMode mode = GradientMode.parse(grad);
    AttackLoss attackLoss = AttackLoss.parse(loss);
    TerminalProgress bar = new TerminalProgress(System.err, false);
    Output out =
        EngineWorker.shared()
            .call(
                () -> {
                  try (Network net = options.loadNetwork(dir)) {
                    NetworkSpec s = net.spec();
                    String dataset = options.dataset == null ? s.dataset() : options.dataset;
                    Attack a = attack(dataset, attackLoss, mode);
                    LabeledImages test = options.testImages(global, s.dataset(), s.channels(), s.height(), s.width());
                    RobustAccuracy.Result r =
                        RobustAccuracy.evaluate(
                            net, test, a, options.batch, seed, (done, total, msg) -> bar.update((double) done / total, msg),
                            cancel);
                    return new Output(
                        dir.toString(), s.label(), dataset, a.describe(), mode.toString(), a.eps(), r.cleanAccuracy(),
                        r.accuracy(), r.successRate(), r.n(), r.seconds());
                  }
                });
    bar.done();
    if (options.json) {
      System.out.println(Json.write(out));
    } else {
      System.out.printf(
          Locale.ROOT, "%s under %s: clean %.2f %%, robust %.2f %%, success rate %.2f %% (%d images, %.1f s)%n",
          out.network(), out.attack(), 100 * out.cleanAccuracy(), 100 * out.accuracy(), 100 * out.successRate(),
          out.n(), out.seconds());
    }
    return 0;
  }

  private Attack attack(String dataset, AttackLoss attackLoss, GradientMode mode) {
    return new AttackSettings(
            attack, eps, step, steps, restarts, noRandomStart ? false : null, attackLoss, mode, null)
        .create(dataset);
  }

}
