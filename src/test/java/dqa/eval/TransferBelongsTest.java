package dqa.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A transfer matrix joins a sweep's checks and exports only when it measured the same images and models. */
class TransferBelongsTest {
  private static final double[][] GRID = {{0.9, 0.5}, {0.6, 0.9}};

  @Test
  void aMatrixOfTheSweepsImagesAndModelsBelongsToIt() {
    TransferResult t = SanityChecksRulesTest.transfer(GRID);
    SweepResult sameExperiment = SyntheticSweeps.of(2, SanityChecksRulesTest.WHITE, SanityChecksRulesTest.EPS,
        new double[][][] {{{0.9, 0.5, 0.2}, {0.9, 0.3, 0.0}}, {{0.9, 0.5, 0.2}, {0.9, 0.3, 0.0}}}, 0.9, 10, null);
    assertTrue(t.belongsTo(sameExperiment));
  }

  @Test
  void otherImagesOrAnotherModelMakeItStale() {
    TransferResult t = SanityChecksRulesTest.transfer(GRID);
    SweepResult moreImages = SyntheticSweeps.of(2, SanityChecksRulesTest.WHITE, SanityChecksRulesTest.EPS,
        new double[][][] {{{0.9, 0.5, 0.2}, {0.9, 0.3, 0.0}}, {{0.9, 0.5, 0.2}, {0.9, 0.3, 0.0}}}, 0.9, 20, null);
    assertFalse(t.belongsTo(moreImages), "the first 20 images are not the first 10");

    SweepResult sweep = SyntheticSweeps.of(2, SanityChecksRulesTest.WHITE, SanityChecksRulesTest.EPS,
        new double[][][] {{{0.9, 0.5, 0.2}, {0.9, 0.3, 0.0}}, {{0.9, 0.5, 0.2}, {0.9, 0.3, 0.0}}}, 0.9, 10, null);
    ModelRecord retrained = new ModelRecord("model1", "/models/m1", "cnn/fixed:1", "mnist", 1, 28, 28, 10, "1".repeat(64));
    TransferResult ofRetrained = new TransferResult(TransferResult.FORMAT, t.config(), t.data(),
        List.of(t.models().get(0), retrained), t.provenance(), t.attack(), t.cleanAccuracy(), t.accuracy(), t.correct(),
        t.seconds());
    assertEquals(2, ofRetrained.models().size());
    assertFalse(ofRetrained.belongsTo(sweep), "a model whose files changed is another model");
  }
}
