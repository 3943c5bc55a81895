package dqa.train;

import dqa.data.DatasetId;
import dqa.nn.ActivationSpec;
import dqa.nn.Architecture;
import dqa.nn.GradientMode;
import dqa.run.InvalidSettingsException;
import dqa.run.UserException;
import java.util.List;
import java.util.Locale;

/**
 * One training recipe: data, network, optimiser, schedule, budget, adversarial training and seed.
 * Validated on construction; stored in every run's manifest so the run can be repeated.
 *
 * @param trainLimit use only the first N training images (0 = all)
 * @param testLimit evaluate on the first N test images (0 = all)
 * @param augment random crop (padding 4) and horizontal flip, for CIFAR-10
 * @param gradient backward rule through quantizers while training ({@code ste} by default)
 */
public record TrainConfig(
    String dataset,
    Architecture architecture,
    List<ActivationSpec> activations,
    GradientMode gradient,
    Optimizer optimizer,
    double learningRate,
    double momentum,
    double weightDecay,
    Schedule schedule,
    List<Integer> milestones,
    double decayFactor,
    int epochs,
    int batchSize,
    long seed,
    int trainLimit,
    int testLimit,
    boolean augment,
    AdversarialConfig adversarial,
    String device) {

  /** The optimisers offered. */
  public enum Optimizer {
    ADAM,
    SGD;

    @com.fasterxml.jackson.annotation.JsonCreator
    public static Optimizer parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw UserException.about("optimizer", "'" + text + "' is not one of adam, sgd");
      }
    }

    @com.fasterxml.jackson.annotation.JsonValue
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Learning-rate schedules: constant, ×factor at milestone epochs, cosine to zero, or one cycle
   * (Smith &amp; Topin 2019: up from a 25th of the rate to the rate over the first 30 % of training, then
   * cosine down to zero), which converges in few epochs.
   */
  public enum Schedule {
    CONSTANT,
    STEP,
    COSINE,
    ONE_CYCLE;

    /** The share of training spent warming up in {@link #ONE_CYCLE}. */
    static final double WARM_UP = 0.3;

    /** Where {@link #ONE_CYCLE} starts, as a fraction of the peak rate. */
    static final double START = 1 / 25.0;

    @com.fasterxml.jackson.annotation.JsonCreator
    public static Schedule parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw UserException.about("schedule", "'" + text + "' is not one of constant, step, cosine, one-cycle");
      }
    }

    @com.fasterxml.jackson.annotation.JsonValue
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public TrainConfig {
    DatasetId.parse(dataset);
    if (architecture == null) {
      throw new IllegalArgumentException("architecture is missing");
    }
    activations = List.copyOf(activations);
    if (gradient == null) {
      gradient = GradientMode.ste();
    }
    if (optimizer == null) {
      optimizer = Optimizer.ADAM;
    }
    if (schedule == null) {
      schedule = Schedule.CONSTANT;
    }
    milestones = milestones == null ? List.of() : List.copyOf(milestones);
    GradientMode.Kind gradientKind = gradient.kind();
    new InvalidSettingsException.Check()
        .require(!activations.isEmpty(), "activations", "give at least one activation")
        .require(gradientKind != GradientMode.Kind.EXACT || activations.stream().noneMatch(ActivationSpec::isQuantized),
            "gradient", "training a quantized net with exact gradients cannot learn (they are zero); use ste or surrogate")
        .require(learningRate > 0 && learningRate < 10, "learningRate",
            "learning rate must be in (0, 10), got " + learningRate)
        .require(momentum >= 0 && momentum < 1, "momentum", "momentum must be in [0, 1), got " + momentum)
        .require(weightDecay >= 0 && weightDecay < 1, "weightDecay", "weight decay must be in [0, 1), got " + weightDecay)
        .require(decayFactor > 0 && decayFactor <= 1, "decayFactor", "decay factor must be in (0, 1], got " + decayFactor)
        .require(epochs >= 1 && epochs <= 10_000, "epochs", "epochs must be 1..10000, got " + epochs)
        .require(batchSize >= 1 && batchSize <= 65_536, "batchSize", "batch size must be 1..65536, got " + batchSize)
        .require(trainLimit >= 0, "trainLimit", "the training-image limit must be 0 (all) or positive, got " + trainLimit)
        .require(testLimit >= 0, "testLimit", "the test-image limit must be 0 (all) or positive, got " + testLimit)
        .throwIfAny();
    if (adversarial == null) {
      adversarial = AdversarialConfig.none();
    }
    if (device == null || device.isBlank()) {
      device = "auto";
    }
  }

  /** The default recipe for a data set (SPEC.md §3): MNIST-like lenet/Adam, CIFAR-10 resnet20/SGD. */
  public static TrainConfig defaults(DatasetId dataset, List<ActivationSpec> activations) {
    if (dataset == DatasetId.CIFAR10) {
      return new TrainConfig(
          dataset.key(), Architecture.RESNET20, activations, GradientMode.ste(), Optimizer.SGD, 0.1, 0.9,
          1e-4, Schedule.STEP, List.of(80, 120), 0.1, 160, 128, 1, 0, 0, true,
          AdversarialConfig.none(), "auto");
    }
    return new TrainConfig(
        dataset.key(), Architecture.LENET, activations, GradientMode.ste(), Optimizer.ADAM, 1e-3, 0.9,
        0, Schedule.CONSTANT, List.of(), 0.1, 10, 128, 1, 0, 0, false, AdversarialConfig.none(), "auto");
  }

  /** The learning rate in a given epoch (0-based) at a fraction of it, following the schedule. */
  public double learningRateAt(int epoch, double fractionOfEpoch) {
    return switch (schedule) {
      case CONSTANT -> learningRate;
      case STEP -> {
        double lr = learningRate;
        for (int m : milestones) {
          if (epoch >= m) {
            lr *= decayFactor;
          }
        }
        yield lr;
      }
      case COSINE -> {
        double t = (epoch + fractionOfEpoch) / epochs;
        yield learningRate * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, t)));
      }
      case ONE_CYCLE -> {
        double t = Math.min(1, (epoch + fractionOfEpoch) / epochs);
        if (t < Schedule.WARM_UP) {
          double u = t / Schedule.WARM_UP;
          yield learningRate * (Schedule.START + (1 - Schedule.START) * u);
        }
        double u = (t - Schedule.WARM_UP) / (1 - Schedule.WARM_UP);
        yield learningRate * 0.5 * (1 + Math.cos(Math.PI * u));
      }
    };
  }

  /** A copy with other epochs (used when a finished run is extended). */
  public TrainConfig withEpochs(int newEpochs) {
    return new TrainConfig(
        dataset, architecture, activations, gradient, optimizer, learningRate, momentum, weightDecay,
        schedule, milestones, decayFactor, newEpochs, batchSize, seed, trainLimit, testLimit, augment,
        adversarial, device);
  }
}
