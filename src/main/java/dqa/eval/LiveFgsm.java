package dqa.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dqa.attack.AttackResult;
import dqa.attack.DirectionStep;
import dqa.attack.Fgsm;
import dqa.data.LabeledImages;
import dqa.nn.Network;
import dqa.run.CancellationToken;
import dqa.run.ProgressListener;
import dqa.train.Batches;
import java.nio.file.Path;

/**
 * FGSM on a few images at any ε without a gradient per ε, for the Attack step's live ε slider: the
 * sign of the gradient is computed once ({@link Fgsm#direction}) and each ε is one {@link DirectionStep}
 * through the ordinary attack template, so a frame is exactly the {@link AttackResult} that FGSM at
 * that ε gives (tested), at the price of two forward passes. Uses the {@link Showcase}'s loaded model;
 * call on the engine thread. Holds only Java arrays: nothing to close.
 */
public final class LiveFgsm {
  private final Showcase showcase;
  private final Path model;
  private final LabeledImages images;
  private final Fgsm fgsm;
  private final float[] direction;

  private LiveFgsm(Showcase showcase, Path model, LabeledImages images, Fgsm fgsm, float[] direction) {
    this.showcase = showcase;
    this.model = model;
    this.images = images;
    this.fgsm = fgsm;
    this.direction = direction;
  }

  /** Computes the direction of {@code fgsm} (its ε does not matter) on {@code images} for the model. */
  public static LiveFgsm prepare(Showcase showcase, Path model, LabeledImages images, Fgsm fgsm) {
    Network net = showcase.network(model);
    try (NDManager scope = net.manager().newSubManager()) {
      NDArray x = Batches.images(scope, images, null, 0, images.count(), null);
      NDArray y = Batches.labels(scope, images, null, 0, images.count());
      return new LiveFgsm(showcase, model, images, fgsm, fgsm.direction(net, x, y));
    }
  }

  /** FGSM's result at {@code eps} on the images. */
  public AttackResult at(double eps) {
    return showcase.attack(model, new DirectionStep(eps, direction, fgsm), images, 1, ProgressListener.NONE,
        CancellationToken.none());
  }
}
