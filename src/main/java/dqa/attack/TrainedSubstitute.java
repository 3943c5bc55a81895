package dqa.attack;

import ai.djl.ndarray.NDArray;
import dqa.data.LabeledImages;
import dqa.nn.Network;
import dqa.run.UserException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A substitute trained by {@link SubstituteAttack#prepare}: owns the substitute network, says what
 * training it cost, and crafts transfer attacks on it for any number of batches.
 *
 * <p>Close it when done with the target; the attacks from {@link #attack()} stop working then. Not
 * thread-safe (engine work runs on one thread).
 */
public final class TrainedSubstitute implements AutoCloseable {
  private final SubstituteAttack settings;
  private final Network network;
  private final Report report;
  private final Set<ByteBuffer> initialImages;
  private boolean closed;

  /**
   * What training the substitute took.
   *
   * @param oracleQueries images the target labelled, in all (shared by every batch crafted here)
   * @param trainingImages size of the final, augmented training set
   * @param agreement after each training (the initial set, then after each augmentation round): the
   *     share of that round's training images the substitute labels as the target did
   * @param seconds wall time of the whole preparation
   */
  public record Report(long oracleQueries, int trainingImages, List<Double> agreement, double seconds) {
    public Report {
      agreement = List.copyOf(agreement);
    }
  }

  TrainedSubstitute(SubstituteAttack settings, Network network, Report report) {
    this.settings = settings;
    this.network = network;
    this.report = report;
    this.initialImages = imageSet(settings.initialImages());
  }

  public SubstituteAttack settings() {
    return settings;
  }

  public Report report() {
    return report;
  }

  /** The substitute itself (e.g. to save it or to measure transfer to other models); owned by this. */
  public Network network() {
    checkOpen();
    return network;
  }

  /** The configured attack, crafted on this substitute. */
  public Attack attack() {
    return attack(settings.crafter());
  }

  /** Another white-box attack crafted on this substitute (e.g. a sweep over ε); no retraining. */
  public Attack attack(Attack crafter) {
    return new Transfer(this, settings.withCrafter(crafter));
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      network.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the substitute has been closed");
    }
  }

  /** The images' bytes, for {@link #checkHeldOut}. */
  static Set<ByteBuffer> imageSet(LabeledImages images) {
    Set<ByteBuffer> set = new HashSet<>();
    for (int i = 0; i < images.count(); i++) {
      set.add(ByteBuffer.wrap(images.image(i)));
    }
    return set;
  }

  /** Throws when an attacked image (rounded to 8 bits) is one of {@code initialImages}. */
  static void checkHeldOut(Set<ByteBuffer> initialImages, NDArray x) {
    float[] pixels = x.toFloatArray();
    int n = (int) x.getShape().get(0);
    int size = pixels.length / n;
    for (int i = 0; i < n; i++) {
      byte[] image = new byte[size];
      for (int j = 0; j < size; j++) {
        image[j] = (byte) Math.round(pixels[i * size + j] * 255f);
      }
      if (initialImages.contains(ByteBuffer.wrap(image))) {
        throw new UserException(
            "substitute attack: image " + i + " of the batch is one of the substitute's initial images; "
                + "attack images held out from them");
      }
    }
  }

  /**
   * A transfer attack on a prepared substitute: the crafting attack runs on the substitute's
   * gradients and never asks the target anything, so it reports 0 queries per example (the
   * substitute's oracle queries are in the {@link Report}).
   */
  private record Transfer(TrainedSubstitute owner, SubstituteAttack settings) implements Attack {
    @Override
    public String name() {
      return settings.name();
    }

    @Override
    public Norm norm() {
      return settings.norm();
    }

    @Override
    public double eps() {
      return settings.eps();
    }

    @Override
    public Access access() {
      return Access.TRANSFER;
    }

    @Override
    public Crafted craft(ModelAccess model, NDArray x, Goal goal, AttackContext ctx) {
      owner.checkOpen();
      checkHeldOut(owner.initialImages, x);
      Attack crafter = settings.crafter();
      NDArray images = crafter.craft(new ModelAccess(owner.network, crafter.gradient()), x, goal, ctx).images();
      return new Crafted(images, new long[(int) x.getShape().get(0)]);
    }

    @Override
    public String describe() {
      return settings.describe() + " oracle-queries=" + owner.report.oracleQueries();
    }

    @Override
    public String toString() {
      return describe();
    }
  }
}
