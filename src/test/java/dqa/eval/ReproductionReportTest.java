package dqa.eval;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.eval.Reproduction.Row;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's sentences follow the numbers: each rule fires on the numbers it names and only then. */
class ReproductionReportTest {

  /** A row with the numbers the rules read; the rest fixed. */
  private static Row row(String name, String act, String training, double ste, double exact, double surrogate,
      double square, double squareSuccess, double zooSuccess, double cwL2, double substitute, double worst) {
    return new Row(name, "lenet/" + act, training, 0.99, Map.of(0.3, 0.2), Map.of(0.3, ste), ste, exact, surrogate, ste, 1.0,
        cwL2, zooSuccess, zooSuccess > 0 ? 4000.0 : null, square, squareSuccess, 50.0, substitute, 0.2, 9600L, worst,
        100, Map.of("exact", act.equals("relu") ? 0.0 : 1.0, "ste", 0.0), List.of());
  }

  private static final Row RELU = row("relu", "relu", "none", 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.28, 0.85, 0.0);
  private static final Row FIXED2_MASKED = row("fixed2", "fixed:2", "none", 0.0, 0.86, 0.0, 0.01, 0.99, 0.0, 1.05, 0.38, 0.0);
  private static final Row DQA2_MASKED = row("dqa2", "dqa:2", "none", 0.0, 0.83, 0.0, 0.0, 1.0, 0.0, 0.97, 0.29, 0.0);
  private static final Row RELU_PGD = row("relu-pgd", "relu", "pgd", 0.85, 0.85, 0.86, 0.81, 0.19, 0.10, 2.11, 0.97, 0.81);

  @Test
  void maskedQuantizedModelsAreCalledMaskedAndTheRakinComparisonNamesCwAndTransfer() {
    List<String> c = ReproductionReport.conclusion(List.of(FIXED2_MASKED, DQA2_MASKED, RELU, RELU_PGD), 0.3);
    String text = String.join("\n", c);
    assertTrue(text.contains("Quantized activations alone do not make a network robust"), text);
    assertTrue(text.contains("gradient masking") && text.contains("fixed2 86.0 % → 0.0 %"), text);
    assertTrue(text.contains("and so is ZOO"), "ZOO 0 % where Square 99 %: " + text);
    assertTrue(text.contains("median L2 0.97–1.05") && text.contains("(1.28)"), text);
    assertTrue(text.contains("transfers better to them"), text);
    assertTrue(text.contains("relu-pgd keeps 81.0 %"), text);
  }

  @Test
  void aQuantizedModelThatSurvivesAdaptiveAttacksIsCreditedAndNothingIsCalledMasking() {
    Row robust = row("fixed2", "fixed:2", "none", 0.60, 0.62, 0.61, 0.58, 0.40, 0.40, 1.9, 0.9, 0.55);
    List<String> c = ReproductionReport.conclusion(List.of(robust, RELU), 0.3);
    String text = String.join("\n", c);
    assertTrue(text.contains("Quantized activations alone add some robustness"), text);
    assertFalse(text.contains("masking"), text);
    assertFalse(text.contains("Rakin"), "no masking found, nothing to qualify: " + text);
    assertFalse(ReproductionReport.zooBlind(robust), "ZOO and Square alike");
  }

  @Test
  void aStrongerEstimatorThanStraightThroughIsNamed() {
    Row dqaPgd = row("dqa2-pgd", "dqa:2", "pgd", 0.806, 0.935, 0.104, 0.14, 0.86, 0.0, 1.77, 0.90, 0.06);
    assertTrue(ReproductionReport.strongestLinf(dqaPgd).equals("PGD-40 surrogate"));
    String text = String.join("\n", ReproductionReport.findings(List.of(dqaPgd, RELU_PGD), 0.3));
    assertTrue(text.contains("**dqa2-pgd**: PGD with straight-through gradients leaves 80.6 %, but PGD-40 surrogate only 10.4 %"), text);
    assertFalse(text.contains("**relu-pgd**: PGD with straight-through"), "relu-pgd: ste is within noise of the strongest: " + text);
  }
}
