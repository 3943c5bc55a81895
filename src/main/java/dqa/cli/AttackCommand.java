package dqa.cli;

import dqa.attack.Attack;
import dqa.attack.AttackLoss;
import dqa.attack.AttackSettings;
import dqa.data.LabeledImages;
import dqa.eval.ExampleWriter;
import dqa.eval.RobustAccuracy;
import dqa.nn.GradientMode;
import dqa.nn.Network;
import dqa.nn.NetworkSpec;
import dqa.run.CancellationToken;
import dqa.run.EngineWorker;
import dqa.run.Json;
import dqa.run.Provenance;
import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import dqa.run.UserException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code attack}: robust accuracy of a saved model under one attack. */
@Command(name = "attack", mixinStandardHelpOptions = true, description = "Robust accuracy of a saved model under an attack.")
final class AttackCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;
  @Mixin ModelOptions options;

  @Option(names = "--attack", required = true, description = "fgsm, pgd, pgd-l2, apgd, apgd-dlr, apgd-l2, autoattack, mifgsm, cw, zoo, square, substitute, substitute-pgd.")
  String attack;

  @Option(names = "--eps", description = "L∞ budget in [0,1] pixel units (default: 0.3; 8/255 for cifar10).")
  Double eps;

  @Option(names = "--step", description = "PGD step (default: 2.5 eps / steps, so the steps can cross the eps-ball); for cw and zoo the learning rate, for square p_init.")
  Double step;

  @Option(names = "--steps", description = "PGD iterations (default: 40; 20 for cifar10); for cw the Adam iterations per binary-search step (1000).")
  Integer steps;

  @Option(names = "--restarts", description = "PGD random restarts (default: 1); for cw the binary-search steps over c (default: 9).")
  Integer restarts;

  @Option(names = "--no-random-start", description = "Start PGD at the clean image.")
  boolean noRandomStart;

  @Option(names = "--loss", defaultValue = "ce", description = "ce, margin or dlr (default: ${DEFAULT-VALUE}).")
  String loss;

  @Option(names = "--grad", defaultValue = "ste", description = "Gradient through quantizers: ste, exact or surrogate:τ (default: ${DEFAULT-VALUE}).")
  String grad;

  @Option(names = "--queries", paramLabel = "N", description = "Query budget per image of score-based attacks (zoo, square).")
  Integer queryBudget;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of random starts (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--save-examples", paramLabel = "DIR", description = "Write PNG strips original | adversarial | perturbation heatmap, adversarial.npz (every attacked image) and examples.json into DIR.")
  Path saveExamples;

  @Option(names = "--pictures", paramLabel = "N", defaultValue = "32", description = "How many examples get a PNG strip with --save-examples (default: ${DEFAULT-VALUE}).")
  int pictures;

  /** What {@code --json} prints. */
  record Output(
      String model, String network, String dataset, String attack, String gradient, double eps,
      double cleanAccuracy, double accuracy, double successRate, int n, double seconds, Double medianL2,
      Double medianQueries, String examples) {}

  /** Median of the values, or null when there are none. */
  static Double median(List<Double> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Double> sorted = new ArrayList<>(values);
    java.util.Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

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
                    LabeledImages all = options.allTestImages(global, s.dataset(), s.channels(), s.height(), s.width());
                    LabeledImages test = options.limit > 0 ? all.head(options.limit) : all;
                    // The substitute attack learns from held-out images: the last 150 of the test set.
                    int heldOutCount = Math.min(150, all.count() / 2);
                    LabeledImages heldOut = all.select(IntStream.range(all.count() - heldOutCount, all.count()).toArray());
                    if (attack.startsWith("substitute") && test.count() > all.count() - heldOutCount) {
                      throw new UserException("--limit: the substitute attack keeps the last " + heldOutCount
                          + " test images for itself; attack at most " + (all.count() - heldOutCount));
                    }
                    Attack a = settings(attackLoss, mode).create(dataset, heldOut);
                    ExampleWriter saver =
                        saveExamples == null ? null : new ExampleWriter(saveExamples, test, pictures).budget(a.norm(), a.eps());
                    List<Double> l2 = new ArrayList<>();
                    List<Double> queries = new ArrayList<>();
                    RobustAccuracy.Result r =
                        RobustAccuracy.evaluate(
                            net, test, a, options.batch, seed, (done, total, msg) -> bar.update((double) done / total, msg),
                            cancel, batch -> {
                              for (int i = 0; i < batch.n(); i++) {
                                if (batch.success()[i] && batch.cleanPredictions()[i] == batch.labels()[i]) {
                                  l2.add(batch.l2()[i]);
                                  if (batch.queries()[i] > 0) {
                                    // White-box attacks count no model queries; only score-based ones report them.
                                    queries.add((double) batch.queries()[i]);
                                  }
                                }
                              }
                              if (saver != null) {
                                saver.accept(batch);
                              }
                            });
                    if (saver != null) {
                      Map<String, Object> manifest = new LinkedHashMap<>();
                      manifest.put("model", dir.toString());
                      manifest.put("network", s.label());
                      manifest.put("dataset", dataset);
                      manifest.put("dataset_name", options.datasetName());
                      manifest.put("images", "first " + test.count() + " test images");
                      manifest.put("attack", r.attack());
                      manifest.put("seed", seed);
                      manifest.put("provenance", Provenance.current(net.device().toString()));
                      saver.finish(manifest);
                    }
                    return new Output(
                        dir.toString(), s.label(), dataset, r.attack(), mode.toString(), a.eps(), r.cleanAccuracy(),
                        r.accuracy(), r.successRate(), r.n(), r.seconds(), median(l2), median(queries),
                        saveExamples == null ? null : saveExamples.toString());
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
      if (out.medianL2() != null) {
        System.out.printf(Locale.ROOT, "  median L2 of successes %.3f%s%n", out.medianL2(),
            out.medianQueries() != null && out.medianQueries() > 0
                ? String.format(Locale.ROOT, ", median queries %.0f", out.medianQueries())
                : "");
      }
      if (out.examples() != null) {
        System.out.println("  examples: " + out.examples());
      }
    }
    return 0;
  }

  private AttackSettings settings(AttackLoss attackLoss, GradientMode mode) {
    return new AttackSettings(attack, eps, step, steps, restarts, noRandomStart ? false : null, attackLoss, mode, queryBudget);
  }

}
