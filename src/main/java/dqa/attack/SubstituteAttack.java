package dqa.attack;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dqa.data.LabeledImages;
import dqa.nn.ActivationSpec;
import dqa.nn.Architecture;
import dqa.nn.GradientMode;
import dqa.nn.Network;
import dqa.nn.NetworkSpec;
import dqa.run.ProgressListener;
import dqa.run.TorchEngine;
import dqa.run.UserException;
import dqa.train.Accuracy;
import dqa.train.Batches;
import dqa.train.InMemoryTraining;
import java.util.ArrayList;
import java.util.List;

/**
 * Substitute-model transfer attack (Papernot, McDaniel, Goodfellow, Jha, Celik, Swami 2017,
 * "Practical Black-Box Attacks against Machine Learning"): trains a local substitute on images
 * labelled only by the target's predicted class, grows its training set by Jacobian-based dataset
 * augmentation, and crafts with a white-box attack on the substitute's gradients; the images then
 * transfer to the target.
 *
 * <p>Algorithm: S₀ is {@code initialImages} (their own labels are ignored), labelled by the
 * target's argmax; the substitute trains on it. Then {@code rounds} times: S_{ρ+1} = S_ρ ∪ {x +
 * λ_ρ·sign(∂F_{O(x)}(x)/∂x) : x ∈ S_ρ}, with F the substitute's logits and O(x) the target's label
 * of x; the target labels the new half, and the substitute trains again on all of S_{ρ+1} (its
 * weights carry over, Adam starts afresh). λ_ρ = λ, or with the periodic step size (τ =
 * {@code flipEvery} > 0) λ_ρ = λ·(−1)^⌊ρ/τ⌋. The augmented points are valid 8-bit images: λ is
 * applied in whole steps of 1/255 (λ 0.1 → 26/255) and clipped to [0, 1], so the target is only
 * asked about images it could be shown. Each image is labelled once: {@code |S₀|·2^rounds} oracle
 * queries in all.
 *
 * <p>Norm and budget are the crafting attack's (FGSM or PGD, L∞); its goal is the caller's goal.
 *
 * <p>Defaults ({@link #of}): {@code cnn} substitute with ReLU and the target's input shape and
 * normalisation, 150 initial images, 6 rounds, λ 0.1, no sign flip, 10 epochs per round, Adam lr
 * 1e-3, batch 128, seed 1; FGSM ε 0.3 (MNIST) / 8/255 (CIFAR-10). Initial images C×H×W as the
 * target's input; attacked batches N×C×H×W in [0, 1], and none of them may be an initial image.
 *
 * <p>Training is explicit. {@link #prepare} trains a substitute once and returns a {@link
 * TrainedSubstitute} that owns it and crafts on any number of batches; close it. {@link #craft} on
 * this record — what {@link #run} does — trains a substitute for that one batch and closes it
 * again: correct, but paid again for every batch.
 *
 * <p>Queries: every oracle query is counted once, by the call that made it. Here ({@link #craft})
 * the labels bought for the batch are split evenly among its examples (the first {@code total mod
 * n} get one more), so they sum to the total; a prepared substitute reports its total in {@link
 * TrainedSubstitute#report()} and its batches ask the target nothing.
 *
 * @param initialImages S₀: held-out images, never the ones attacked; their labels are not used
 * @param architecture the substitute's family (null: {@code cnn})
 * @param rounds augmentation rounds, 0..12 (the substitute trains {@code rounds + 1} times)
 * @param lambda augmentation step λ in (0, 1]
 * @param flipEvery τ of the periodic step size: λ changes sign every τ rounds; 0 never
 * @param epochs epochs of substitute training per round
 * @param learningRate Adam's learning rate for the substitute
 * @param batchSize substitute training batch
 * @param seed the substitute's initial weights and example order (not the attack context's seed,
 *     so every batch of a run sees the same substitute)
 * @param crafter a white-box attack run on the substitute
 */
public record SubstituteAttack(
    LabeledImages initialImages,
    Architecture architecture,
    int rounds,
    double lambda,
    int flipEvery,
    int epochs,
    double learningRate,
    int batchSize,
    long seed,
    Attack crafter)
    implements Attack {

  /** Most images the augmented training set may reach. */
  public static final int MAX_TRAINING_IMAGES = 1 << 20;

  /** Images per oracle call and per Jacobian batch. */
  private static final int BATCH = 256;

  public SubstituteAttack {
    if (initialImages == null || initialImages.count() == 0) {
      throw new IllegalArgumentException("the substitute needs held-out initial images");
    }
    architecture = architecture == null ? Architecture.CNN : architecture;
    if (rounds < 0 || rounds > 12) {
      throw new IllegalArgumentException("substitute rounds must be 0..12, got " + rounds);
    }
    if (((long) initialImages.count() << rounds) > MAX_TRAINING_IMAGES) {
      throw new IllegalArgumentException(
          initialImages.count() + " initial images doubled " + rounds + " times exceed " + MAX_TRAINING_IMAGES
              + " training images");
    }
    if (!(lambda > 0 && lambda <= 1)) {
      throw new IllegalArgumentException("substitute lambda must be in (0, 1], got " + lambda);
    }
    if (flipEvery < 0) {
      throw new IllegalArgumentException("substitute flip period must be 0 (never) or positive, got " + flipEvery);
    }
    new InMemoryTraining(epochs, learningRate, batchSize, seed); // validates the training settings
    if (crafter == null) {
      throw new IllegalArgumentException("the substitute attack needs a crafting attack");
    }
    if (crafter.access() != Access.WHITE_BOX) {
      throw new IllegalArgumentException("the substitute is attacked white-box; " + crafter.name() + " is not");
    }
  }

  /** The paper's settings (6 rounds, λ 0.1, cnn, 10 epochs per round, Adam 1e-3, batch 128, seed 1). */
  public static SubstituteAttack of(LabeledImages initialImages, Attack crafter) {
    return new SubstituteAttack(initialImages, Architecture.CNN, 6, 0.1, 0, 10, 1e-3, 128, 1, crafter);
  }

  /** A copy crafting with another attack (for a sweep over ε); the substitute settings stay. */
  public SubstituteAttack withCrafter(Attack newCrafter) {
    return new SubstituteAttack(
        initialImages, architecture, rounds, lambda, flipEvery, epochs, learningRate, batchSize, seed, newCrafter);
  }

  @Override
  public String name() {
    return "substitute";
  }

  @Override
  public Norm norm() {
    return crafter.norm();
  }

  @Override
  public double eps() {
    return crafter.eps();
  }

  @Override
  public Access access() {
    return Access.TRANSFER;
  }

  /** The augmentation step in whole 8-bit levels. */
  int lambdaLevels() {
    return Math.max(1, (int) Math.round(lambda * 255));
  }

  /** The sign of λ in augmentation round ρ (0-based). */
  int lambdaSign(int round) {
    return flipEvery > 0 && (round / flipEvery) % 2 == 1 ? -1 : 1;
  }

  /** Oracle queries one preparation makes: every image of the final training set, once. */
  public long oracleQueries() {
    return (long) initialImages.count() << rounds;
  }

  /**
   * Trains a substitute against {@code target} (asking it only for labels) and hands over its
   * ownership; close the result.
   */
  public TrainedSubstitute prepare(Network target, AttackContext ctx) {
    return prepare(new ModelAccess(target, GradientMode.ste()), target.spec(), target.device(), ctx);
  }

  /**
   * Trains a substitute on labels from {@code oracle} (its argmax, nothing else); {@code targetSpec}
   * gives the input shape, class count and normalisation the substitute copies.
   */
  public TrainedSubstitute prepare(ScoreAccess oracle, NetworkSpec targetSpec, Device device, AttackContext ctx) {
    LabeledImages s0 = initialImages;
    if (s0.channels() != targetSpec.channels() || s0.height() != targetSpec.height()
        || s0.width() != targetSpec.width()) {
      throw new UserException(
          "substitute attack: the initial images are " + s0.channels() + "x" + s0.height() + "x" + s0.width()
              + " but the target takes " + targetSpec.channels() + "x" + targetSpec.height() + "x"
              + targetSpec.width());
    }
    if (targetSpec.classes() > 256) {
      throw new UserException("substitute attack: at most 256 classes, the target has " + targetSpec.classes());
    }
    NetworkSpec spec;
    try {
      spec = new NetworkSpec(
          targetSpec.dataset(), architecture, List.of(ActivationSpec.relu()), targetSpec.channels(),
          targetSpec.height(), targetSpec.width(), targetSpec.classes(), targetSpec.mean(), targetSpec.std());
    } catch (IllegalArgumentException e) {
      throw new UserException("substitute attack: " + e.getMessage(), e);
    }
    long start = System.nanoTime();
    long totalBatches = 0;
    for (int r = 0; r <= rounds; r++) {
      totalBatches += trainingBatches(s0.count() << r);
    }
    Network substitute = Network.create(spec, device, seed);
    try {
      LabeledImages set = withLabels(s0, s0.pixels(), label(oracle, s0, substitute));
      long asked = set.count();
      List<Double> agreement = new ArrayList<>();
      long done = 0;
      for (int r = 0; r <= rounds; r++) {
        if (r > 0) {
          byte[] fresh = augment(substitute, set, lambdaSign(r - 1) * lambdaLevels(), ctx);
          short[] labels = label(oracle, withLabels(set, fresh, new short[set.count()]), substitute);
          set = concat(set, withLabels(set, fresh, labels));
          asked += labels.length;
        }
        int round = r;
        long offset = done;
        long total = totalBatches;
        ProgressListener progress =
            (d, t, message) -> ctx.step(offset + d, total, "substitute round " + round + "/" + rounds + ", " + message);
        new InMemoryTraining(epochs, learningRate, batchSize, seed * 31 + r).fit(substitute, set, progress, ctx.cancel());
        done += trainingBatches(set.count());
        agreement.add(Accuracy.evaluate(substitute, set, BATCH, ProgressListener.NONE, ctx.cancel()));
      }
      substitute.setParametersTrainable(false);
      var report =
          new TrainedSubstitute.Report(
              asked, set.count(), agreement, (System.nanoTime() - start) / 1e9);
      return new TrainedSubstitute(this, substitute, report);
    } catch (RuntimeException | Error e) {
      substitute.close();
      throw e;
    }
  }

  /**
   * Trains a substitute for this batch, crafts on it and closes it; the oracle queries are split
   * evenly over the batch.
   */
  @Override
  public Crafted craft(ModelAccess model, NDArray x, Goal goal, AttackContext ctx) {
    TrainedSubstitute.checkHeldOut(TrainedSubstitute.imageSet(initialImages), x); // before paying for training
    try (TrainedSubstitute substitute = prepare(model, model.network().spec(), model.network().device(), ctx)) {
      // Training seeded the engine with the substitute's seed; crafting follows the attack's seed.
      TorchEngine.get().setRandomSeed((int) ctx.seed());
      NDArray images = substitute.attack().craft(model, x, goal, ctx).images();
      return new Crafted(images, evenShares(substitute.report().oracleQueries(), (int) x.getShape().get(0)));
    }
  }

  /** Training steps of one round on {@code images} images. */
  private long trainingBatches(int images) {
    int batch = Math.min(batchSize, images);
    return (long) epochs * ((images + batch - 1) / batch);
  }

  /** {@code total} split into {@code n} whole shares that differ by at most one and sum to it. */
  static long[] evenShares(long total, int n) {
    long[] shares = new long[n];
    for (int i = 0; i < n; i++) {
      shares[i] = total / n + (i < total % n ? 1 : 0);
    }
    return shares;
  }

  /** The target's label (argmax) of every image, asked in batches; counts on the oracle. */
  private static short[] label(ScoreAccess oracle, LabeledImages images, Network owner) {
    short[] labels = new short[images.count()];
    for (int from = 0; from < images.count(); from += BATCH) {
      int to = Math.min(images.count(), from + BATCH);
      try (NDManager batch = owner.manager().newSubManager()) {
        NDArray x = Batches.images(batch, images, null, from, to, null);
        int[] predicted = oracle.logits(x).argMax(1).toType(DataType.INT32, false).toIntArray();
        for (int i = 0; i < predicted.length; i++) {
          labels[from + i] = (short) predicted[i];
        }
      }
    }
    return labels;
  }

  /**
   * The pixels of {@code x + step·sign(∂F_{O(x)}/∂x)} for every image of the set, in 8-bit levels
   * (step is signed), clipped to 0..255.
   */
  private static byte[] augment(Network substitute, LabeledImages set, int step, AttackContext ctx) {
    int size = set.imageSize();
    int classes = substitute.spec().classes();
    byte[] out = new byte[set.pixels().length];
    ModelAccess access = new ModelAccess(substitute, GradientMode.ste());
    substitute.setParametersTrainable(false);
    try {
      for (int from = 0; from < set.count(); from += BATCH) {
        ctx.cancel().throwIfCancelled();
        int to = Math.min(set.count(), from + BATCH);
        float[] signs;
        try (NDManager batch = substitute.manager().newSubManager()) {
          NDArray x = Batches.images(batch, set, null, from, to, null);
          NDArray oneHot =
              Batches.labels(batch, set, null, from, to).oneHot(classes).toType(x.getDataType(), false);
          // Σ_i F_{O(x_i)}(x_i): each example's gradient is its own Jacobian row.
          NDArray jacobian = access.gradient(x, (logits, input) -> logits.mul(oneHot).sum(new int[] {1}));
          signs = jacobian.sign().toFloatArray();
        }
        int base = from * size;
        for (int i = 0; i < signs.length; i++) {
          int v = (set.pixels()[base + i] & 0xff) + step * (int) signs[i];
          out[base + i] = (byte) Math.max(0, Math.min(255, v));
        }
      }
    } finally {
      substitute.setParametersTrainable(true);
    }
    return out;
  }

  private static LabeledImages withLabels(LabeledImages shape, byte[] pixels, short[] labels) {
    return new LabeledImages(labels.length, shape.channels(), shape.height(), shape.width(), pixels, labels);
  }

  private static LabeledImages concat(LabeledImages a, LabeledImages b) {
    byte[] pixels = new byte[a.pixels().length + b.pixels().length];
    System.arraycopy(a.pixels(), 0, pixels, 0, a.pixels().length);
    System.arraycopy(b.pixels(), 0, pixels, a.pixels().length, b.pixels().length);
    short[] labels = new short[a.count() + b.count()];
    System.arraycopy(a.labels(), 0, labels, 0, a.count());
    System.arraycopy(b.labels(), 0, labels, a.count(), b.count());
    return withLabels(a, pixels, labels);
  }

  @Override
  public String describe() {
    return "substitute arch=" + architecture + " initial=" + initialImages.count() + " rounds=" + rounds + " lambda="
        + Attacks.format(lambda) + (flipEvery > 0 ? " tau=" + flipEvery : "") + " epochs=" + epochs + " lr="
        + Attacks.format(learningRate) + " batch=" + batchSize + " seed=" + seed + " craft=[" + crafter.describe() + "]";
  }
}
