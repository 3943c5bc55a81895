package dqa.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.attack.AttackLoss;
import dqa.attack.AttackResult;
import dqa.attack.Fgsm;
import dqa.data.LabeledImages;
import dqa.nn.GradientMode;
import dqa.run.CancellationToken;
import dqa.run.ProgressListener;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The live ε slider's frames are FGSM's results, image for image, at every ε. */
@Tag("engine")
class LiveFgsmTest {
  @Test
  void aFrameAtEpsIsWhatFgsmAtEpsGives() {
    LabeledImages images = ApgdKnownAnswerTest.sample(16);
    for (String model : new String[] {"lenet-relu", "lenet-fixed1"}) {
      for (GradientMode mode : new GradientMode[] {GradientMode.ste(), GradientMode.exact()}) {
        try (Showcase showcase = new Showcase()) {
          Path folder = Path.of("models", model);
          LiveFgsm live = LiveFgsm.prepare(showcase, folder, images, new Fgsm(0.3, AttackLoss.CE, mode));
          int fooledSomewhere = 0;
          for (double eps : new double[] {0, 0.02, 0.1, 0.2, 0.3}) {
            AttackResult frame = live.at(eps);
            AttackResult fgsm = showcase.attack(folder, new Fgsm(eps, AttackLoss.CE, mode), images, 1,
                ProgressListener.NONE, CancellationToken.none());
            String where = model + " " + mode + " ε " + eps;
            assertArrayEquals(fgsm.adversarial(), frame.adversarial(), where);
            assertArrayEquals(fgsm.adversarialPredictions(), frame.adversarialPredictions(), where);
            assertArrayEquals(fgsm.adversarialProbabilities(), frame.adversarialProbabilities(), where);
            fooledSomewhere += frame.n() - frame.robustCorrect();
          }
          if (model.equals("lenet-relu")) {
            assertTrue(fooledSomewhere > 0, "FGSM up to ε 0.3 fools lenet-relu somewhere: the frames are not all clean");
          }
        }
      }
    }
  }
}
