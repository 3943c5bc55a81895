package dqa.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dqa.data.LabeledImages;
import dqa.nn.GradientMode;
import dqa.nn.Network;
import dqa.testing.TinyModels;
import dqa.train.Batches;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PGD as the runner measures it stops on each example at its first 8-bit success: it spends fewer
 * model passes, returns an image inside the budget for every example, and breaks about as many
 * examples as the full iteration (within path noise).
 */
@Tag("engine")
class PgdEarlyStopTest {
  @Test
  void stoppingAtSuccessSpendsFewerPassesAndBreaksAtLeastAsMany() {
    LabeledImages images = TinyModels.sample().test().head(64);
    Pgd pgd = Pgd.linf(0.15, 0.01, 40);
    try (Network net = Network.load(TinyModels.relu(), Device.cpu()); NDManager m = net.manager().newSubManager()) {
      net.setParametersTrainable(false);
      NDArray x = Batches.images(m, images, null, 0, images.count(), null);
      NDArray y = Batches.labels(m, images, null, 0, images.count());
      Goal goal = Goal.untargeted(y);

      ModelAccess full = new ModelAccess(net, GradientMode.ste());
      NDArray plain = Norm.LINF.roundTo8Bit(Norm.LINF.project(
          pgd.craft(full, x, goal, AttackContext.of(7)).images(), x, 0.15), x, 0.15);
      ModelAccess stopping = new ModelAccess(net, GradientMode.ste());
      NDArray early = pgd.craft(stopping, x, goal, AttackContext.of(7).stoppingAtSuccess()).images();

      assertEquals(x.getShape(), early.getShape());
      assertEquals(40L * images.count(), full.queries());
      assertTrue(stopping.queries() < full.queries(), "broken examples stop: " + stopping.queries());
      float linf = early.sub(x).abs().max().getFloat();
      assertTrue(linf <= 0.15f + 1e-6f, "inside the budget: " + linf);
      long brokenPlain = goal.success(net.logits(plain, false)).sum().getLong();
      NDArray measured = Norm.LINF.roundTo8Bit(Norm.LINF.project(early, x, 0.15), x, 0.15);
      long brokenEarly = goal.success(net.logits(measured, false)).sum().getLong();
      assertTrue(brokenPlain > 0, "the tiny model breaks at eps 0.15");
      // The two runs follow different paths (the early-stopping one takes gradients at the 8-bit image),
      // so they can differ by an image or two either way; a real loss of strength would be far more.
      assertTrue(brokenEarly >= brokenPlain - 3, "early " + brokenEarly + " vs full " + brokenPlain);
    }
  }
}
