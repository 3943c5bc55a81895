package dqa.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dqa.attack.AttackContext;
import dqa.attack.AttackResult;
import dqa.attack.Fgsm;
import dqa.data.LabeledImages;
import dqa.nn.Network;
import dqa.run.CancellationToken;
import dqa.run.Json;
import dqa.run.ProgressListener;
import dqa.run.UserException;
import dqa.testing.TinyModels;
import dqa.train.Accuracy;
import dqa.train.Batches;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transfer matrix: its shape, a diagonal equal to the white-box attack, clean accuracies, file. */
@Tag("engine")
class TransferMatrixTest {
  @TempDir Path tmp;

  @Test
  void matrixOfTwoModelsWithTheWhiteBoxDiagonal() {
    List<String> models = List.of(TinyModels.relu().toString(), TinyModels.fixed1().toString());
    TransferConfig config = new TransferConfig("mnist", models, AttackSpecs.parse("fgsm", null), 0.2,
        TestSubset.first(64), 32, 1);
    TransferResult r = TransferMatrix.run(config, TinyModels.sample(), Path::of, Device.cpu(), ProgressListener.NONE,
        CancellationToken.none());
    assertEquals(2, r.accuracy().length);
    assertEquals(2, r.accuracy()[0].length);
    assertEquals(64, r.data().n());
    LabeledImages images = TinyModels.sample().test().head(64);
    for (int m = 0; m < 2; m++) {
      try (Network net = Network.load(Path.of(models.get(m)), Device.cpu()); NDManager sub = net.manager()
          .newSubManager()) {
        assertEquals(Accuracy.evaluate(net, images, 64, ProgressListener.NONE, CancellationToken.none()),
            r.cleanAccuracy()[m], 1e-9);
        NDArray x = Batches.images(sub, images, null, 0, 64, null);
        NDArray y = Batches.labels(sub, images, null, 0, 64);
        AttackResult white = Fgsm.of(0.2).run(net, x, y, null, AttackContext.of(1));
        int correct = 0;
        for (int i = 0; i < 64; i++) {
          correct += white.adversarialPredictions()[i] == white.labels()[i] ? 1 : 0;
        }
        assertEquals(correct / 64.0, r.accuracy()[m][m], 1e-9, "the diagonal is the white-box accuracy");
        assertTrue(r.accuracy()[m][m] < r.cleanAccuracy()[m]);
      }
    }
    for (double[] row : r.accuracy()) {
      for (double v : row) {
        assertTrue(v >= 0 && v <= 1);
      }
    }
    Path file = tmp.resolve("t.json");
    Json.writeFile(file, r);
    TransferResult back = Json.readFile(file, TransferResult.class);
    assertEquals(r.accuracy()[0][1], back.accuracy()[0][1]);
    assertEquals(r.models(), back.models());
  }

  @Test
  void oneModelIsNotAMatrix() {
    assertThrows(IllegalArgumentException.class, () -> new TransferConfig("mnist", List.of("a"),
        AttackSpecs.parse("fgsm", null), 0.1, null, 8, 1));
    TransferConfig config = new TransferConfig("mnist", List.of(TinyModels.relu().toString(),
        tmp.resolve("absent").toString()), AttackSpecs.parse("fgsm", null), 0.1, TestSubset.first(8), 8, 1);
    assertThrows(UserException.class, () -> TransferMatrix.run(config, TinyModels.sample(), Path::of, Device.cpu(),
        ProgressListener.NONE, CancellationToken.none()));
  }
}
