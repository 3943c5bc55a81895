package dqa.cli;

import dqa.attack.TrainingAttacks;
import dqa.data.Dataset;
import dqa.data.DatasetId;
import dqa.nn.ActivationSpec;
import dqa.nn.Architecture;
import dqa.nn.GradientMode;
import dqa.nn.NetworkSpec;
import dqa.run.CancellationToken;
import dqa.run.EngineWorker;
import dqa.run.Json;
import dqa.train.AdversarialConfig;
import dqa.train.InputPerturber;
import dqa.train.RunFolder;
import dqa.train.TrainConfig;
import dqa.train.TrainResult;
import dqa.train.Training;
import dqa.train.TrainingListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train}: trains a network and leaves a run folder. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train a network (clean or adversarially) and write a run folder.")
final class TrainCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(names = "--dataset", defaultValue = "mnist", description = "mnist, fashion-mnist or cifar10 (default: ${DEFAULT-VALUE}).")
  String dataset;

  @Option(names = "--arch", description = "lenet, cnn, lenet-wide or resnet20 (default: lenet; resnet20 for cifar10).")
  String arch;

  @Option(names = "--act", defaultValue = "relu", description = "relu, fixed:k, dqa:k, dqa:k/channel; one for all layers or a comma list per layer (default: ${DEFAULT-VALUE}).")
  String act;

  @Option(names = "--grad", defaultValue = "ste", description = "Backward through quantizers while training: ste or surrogate:τ (default: ${DEFAULT-VALUE}).")
  String grad;

  @Option(names = "--epochs", description = "Epochs (default: 10 for MNIST-like, 160 for cifar10).")
  Integer epochs;

  @Option(names = "--batch", description = "Batch size (default: 128).")
  Integer batch;

  @Option(names = "--optimizer", description = "adam or sgd (default: adam; sgd for cifar10).")
  String optimizer;

  @Option(names = "--lr", description = "Learning rate (default: 1e-3 adam, 0.1 sgd).")
  Double lr;

  @Option(names = "--momentum", description = "SGD momentum (default: 0.9).")
  Double momentum;

  @Option(names = "--weight-decay", description = "Weight decay (default: 0; 1e-4 for cifar10).")
  Double weightDecay;

  @Option(names = "--schedule", description = "constant, step, cosine or one-cycle (default: constant; step at 80,120 for cifar10).")
  String schedule;

  @Option(names = "--milestones", split = ",", description = "Epochs at which a step schedule multiplies the rate by --decay.")
  List<Integer> milestones;

  @Option(names = "--decay", description = "Step-schedule factor (default: 0.1).")
  Double decay;

  @Option(names = "--augment", negatable = true, description = "Random crop + flip (default: on for cifar10).")
  Boolean augment;

  @Option(names = "--limit", defaultValue = "0", description = "Train on the first N images only (0 = all).")
  int limit;

  @Option(names = "--test-limit", defaultValue = "0", description = "Evaluate on the first N test images only (0 = all).")
  int testLimit;

  @Option(names = "--adv", defaultValue = "none", description = "Adversarial training: none, fgsm or pgd (default: ${DEFAULT-VALUE}).")
  String adv;

  @Option(names = "--adv-eps", description = "Adversarial ε in [0,1] pixel units (default: 0.3; 8/255 for cifar10).")
  Double advEps;

  @Option(names = "--adv-step", description = "PGD step (default: 0.01; 2/255 for cifar10).")
  Double advStep;

  @Option(names = "--adv-steps", description = "PGD steps (default: 40; 7 for cifar10).")
  Integer advSteps;

  @Option(names = "--adv-weight", defaultValue = "0.5", description = "Weight of the adversarial loss term (default: ${DEFAULT-VALUE}).")
  double advWeight;

  @Option(names = "--seed", defaultValue = "1", description = "Seed for weights, data order and attacks (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--out", description = "Run folder to create (default: a new folder in the workspace's runs/).")
  Path out;

  @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue a cancelled or crashed run from its last checkpoint.")
  Path resume;

  @Option(names = "--recipe", paramLabel = "FILE", description = "Train from a recipe file (JSON, the 'config' of a run.json); other recipe options are ignored.")
  Path recipe;

  @Option(names = "--json", description = "Print one JSON object on stdout and nothing else there.")
  boolean json;

  /** What {@code --json} prints. */
  record Output(String run, String status, String network, double testAccuracy, int epochs, double seconds) {}

  @Override
  public Integer call() {
    TerminalProgress bar = new TerminalProgress(System.err, false);
    CancellationToken cancel = CliSignals.cancelOnInterrupt();
    TrainResult result;
    if (resume != null) {
      RunFolder folder = RunFolder.open(resume);
      TrainConfig config = folder.readManifest().config();
      Dataset data = global.load(DatasetId.parse(config.dataset()));
      InputPerturber perturber = TrainingAttacks.forRecipe(config);
      result =
          EngineWorker.shared()
              .call(() -> Training.resume(folder, data, perturber, listener(bar, data), cancel));
    } else {
      TrainConfig config = recipe != null ? dqa.run.Json.readFile(recipe, TrainConfig.class) : config();
      Dataset data = global.load(DatasetId.parse(config.dataset()));
      String label = config.architecture() + "-" + config.activations().get(0);
      RunFolder folder = RunFolder.create(out, global.paths().runs(), label);
      InputPerturber perturber = TrainingAttacks.forRecipe(config);
      result =
          EngineWorker.shared()
              .call(() -> Training.start(config, data, folder, perturber, listener(bar, data), cancel));
    }
    bar.done();
    var manifest = RunFolder.open(result.runDir()).readManifest();
    Output output =
        new Output(
            result.runDir().toString(), result.status().toString().toLowerCase(Locale.ROOT), manifest.network(),
            result.testAccuracy(), result.epochsCompleted(), round(result.seconds()));
    if (json) {
      System.out.println(Json.write(output));
    } else {
      System.out.printf(
          Locale.ROOT, "%s: %s, %d epochs, test accuracy %.2f %%, %s%n  run: %s%n", output.status(), output.network(),
          output.epochs(), 100 * output.testAccuracy(), TerminalProgress.duration(output.seconds()), output.run());
    }
    return switch (result.status()) {
      case COMPLETED -> 0;
      case CANCELLED -> Cli.EXIT_CANCELLED;
      default -> Cli.EXIT_INTERNAL;
    };
  }

  private TrainConfig config() {
    DatasetId id = DatasetId.parse(dataset);
    List<ActivationSpec> activations = NetworkSpec.parseActivations(act);
    TrainConfig d = TrainConfig.defaults(id, activations);
    boolean cifar = id == DatasetId.CIFAR10;
    AdversarialConfig.Method method = AdversarialConfig.Method.parse(adv);
    TrainConfig.Optimizer opt = optimizer == null ? d.optimizer() : TrainConfig.Optimizer.parse(optimizer);
    double defaultLr = opt == d.optimizer() ? d.learningRate() : (opt == TrainConfig.Optimizer.SGD ? 0.1 : 1e-3);
    try {
      AdversarialConfig adversarial =
          method == AdversarialConfig.Method.NONE
              ? AdversarialConfig.none()
              : new AdversarialConfig(
                  method,
                  or(advEps, cifar ? 8 / 255.0 : 0.3),
                  or(advStep, cifar ? 2 / 255.0 : 0.01),
                  or(advSteps, cifar ? 7 : 40),
                  true,
                  advWeight);
      return new TrainConfig(
          id.key(),
          arch == null ? d.architecture() : Architecture.parse(arch),
          activations,
          GradientMode.parse(grad),
          opt,
          or(lr, defaultLr),
          or(momentum, d.momentum()),
          or(weightDecay, d.weightDecay()),
          schedule == null ? d.schedule() : TrainConfig.Schedule.parse(schedule),
          milestones == null ? d.milestones() : milestones,
          or(decay, d.decayFactor()),
          or(epochs, d.epochs()),
          or(batch, d.batchSize()),
          seed,
          limit,
          testLimit,
          augment == null ? d.augment() : augment,
          adversarial,
          device);
    } catch (IllegalArgumentException e) {
      throw new dqa.run.UserException("train: " + e.getMessage(), e);
    }
  }


  private TrainingListener listener(TerminalProgress bar, Dataset data) {
    return new TrainingListener() {
      @Override
      public void started(Path runDir, int epochs, int batchesPerEpoch, String device) {
        bar.line("training on " + data.location().describe() + " (" + data.train().count() + " images) on " + device
            + "; run folder " + runDir);
      }

      @Override
      public void batchFinished(BatchMetrics m) {
        double fraction = (m.batch()) / (double) m.batchesPerEpoch();
        bar.update(
            fraction,
            String.format(
                Locale.ROOT, "epoch %d batch %d/%d loss %.4f acc %.3f %.0f img/s ETA %s", m.epoch(), m.batch(),
                m.batchesPerEpoch(), m.loss(), m.accuracy(), m.imagesPerSecond(), TerminalProgress.duration(m.etaSeconds())));
      }

      @Override
      public void epochFinished(EpochMetrics m) {
        StringBuilder line =
            new StringBuilder(
                String.format(
                    Locale.ROOT, "epoch %d/%d: loss %.4f, train acc %.2f %%, test acc %.2f %%, %.0f img/s, %s",
                    m.epoch(), m.epochs(), m.trainLoss(), 100 * m.trainAccuracy(), 100 * m.testAccuracy(),
                    m.imagesPerSecond(), TerminalProgress.duration(m.seconds())));
        m.thresholds().forEach((layer, t) -> line.append(String.format(Locale.ROOT, "; %s thresholds %s", layer,
            java.util.Arrays.toString(t[0]))));
        if (m.skippedSteps() > 0) {
          line.append(String.format(Locale.ROOT, "; skipped %d step(s) with non-finite values (last: %s)",
              m.skippedSteps(), m.lastSkip()));
        }
        bar.line(line.toString());
      }
    };
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static <T> T or(T value, T fallback) {
    return value == null ? fallback : value;
  }
}
