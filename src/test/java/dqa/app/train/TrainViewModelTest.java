package dqa.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.app.ViewModelFixtures;
import dqa.app.WorkbenchState;
import dqa.nn.NetworkSpec;
import dqa.run.UserException;
import dqa.train.AdversarialConfig;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Train form without a screen or an engine: every bad field is marked at once, nothing throws. */
class TrainViewModelTest {
  @TempDir Path home;
  TrainViewModel model;
  WorkbenchState state;

  @BeforeEach
  void setUp() {
    state = new WorkbenchState();
    state.datasetProperty().set(ViewModelFixtures.mnistSample());
    model = new TrainViewModel(ViewModelFixtures.inline(ViewModelFixtures.paths(home)), state);
  }

  @Test
  void theDefaultsAreAValidRecipe() {
    assertEquals("", model.validationProperty().get());
    assertTrue(model.fieldProblems().isEmpty());
    assertTrue(model.canStart().get());
    assertEquals("mnist", model.config().dataset());
  }

  @Test
  void everyBadFieldIsMarkedAtOnceAndNothingThrows() {
    model.adversarial.set(AdversarialConfig.Method.PGD);
    model.learningRate.set("fast");
    model.epochs.set("0");
    // Out of range for the recipe: this threw IllegalArgumentException out of a listener on the FX thread.
    model.advEps.set("5");
    model.advSteps.set("-1");
    assertEquals(Set.of(TrainViewModel.LEARNING_RATE, TrainViewModel.EPOCHS, TrainViewModel.ADV_EPS,
        TrainViewModel.ADV_STEPS), model.fieldProblems().keySet());
    assertTrue(model.fieldProblems().get(TrainViewModel.LEARNING_RATE).contains("'fast' is not a number"));
    assertTrue(model.fieldProblems().get(TrainViewModel.EPOCHS).contains("1..10000, got 0"));
    assertTrue(model.fieldProblems().get(TrainViewModel.ADV_EPS).contains("(0, 1], got 5.0"));
    assertEquals(4, model.validationProperty().get().lines().count(), model.validationProperty().get());
    assertFalse(model.canStart().get());
    UserException e = assertThrows(UserException.class, model::config);
    assertTrue(e.getMessage().contains("fast") && e.getMessage().contains("got 5.0"), e.getMessage());

    model.learningRate.set("0.001");
    model.epochs.set("2");
    model.advEps.set("0.3");
    model.advSteps.set("10");
    assertTrue(model.fieldProblems().isEmpty(), model.fieldProblems().toString());
    assertTrue(model.canStart().get());
  }

  @Test
  void adversarialFieldsCountOnlyForTheMethodThatUsesThem() {
    model.advEps.set("nonsense");
    model.advStep.set("nonsense");
    assertTrue(model.fieldProblems().isEmpty(), "no adversarial training: its fields are not used");
    model.adversarial.set(AdversarialConfig.Method.FGSM);
    assertEquals(Set.of(TrainViewModel.ADV_EPS), model.fieldProblems().keySet(), "FGSM has no step");
  }

  @Test
  void aRuleOfTheRecipeLandsOnTheFieldItConcerns() {
    model.activation.set("fixed:2");
    model.gradient.set("exact");
    assertEquals(Set.of(TrainViewModel.GRADIENT), model.fieldProblems().keySet());
    assertTrue(model.fieldProblems().get(TrainViewModel.GRADIENT).contains("exact gradients cannot learn"));
    model.activation.set("fixed:12");
    assertTrue(model.fieldProblems().containsKey(TrainViewModel.ACTIVATION), model.fieldProblems().toString());
  }

  @Test
  void withoutADataSetTheFormSaysWhereToLoadOne() {
    state.datasetProperty().set(null);
    assertTrue(model.fieldProblems().get(TrainViewModel.DATA).contains("Data step"));
    assertFalse(model.canStart().get());
  }

  @Test
  void theThresholdChartShowsTheLevelGridAndSaysWhenNothingIsLearned() {
    TrainViewModel.ThresholdGuide learned = TrainViewModel.thresholdGuide(NetworkSpec.parseActivations("relu,dqa:2"));
    assertEquals(2, learned.bits());
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {-1, -1 / 3.0, 1 / 3.0, 1}, learned.levels(), 1e-12);
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {-2 / 3.0, 0, 2 / 3.0}, learned.uniformThresholds(), 1e-12,
        "a fixed quantizer's thresholds: the midpoints between levels");
    TrainViewModel.ThresholdGuide fixed = TrainViewModel.thresholdGuide(NetworkSpec.parseActivations("fixed:1"));
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0}, fixed.uniformThresholds(), 1e-12, "sign");
    assertTrue(fixed.message().startsWith("Fixed thresholds"), fixed.message());
    TrainViewModel.ThresholdGuide relu = TrainViewModel.thresholdGuide(NetworkSpec.parseActivations("relu"));
    assertEquals(0, relu.bits());
    assertTrue(relu.message().contains("no thresholds"));
  }

  @Test
  void quantizersAreNamedByTheLayerTheyFollow() {
    assertEquals("conv2", TrainViewModel.layerName(dqa.nn.Architecture.LENET, "act2"));
    assertEquals("fc1", TrainViewModel.layerName(dqa.nn.Architecture.CNN, "act3"));
    assertEquals("act9", TrainViewModel.layerName(dqa.nn.Architecture.LENET, "act9"), "no such slot: as it is");
    assertEquals("layer2_0.act2", TrainViewModel.layerName(dqa.nn.Architecture.RESNET20, "layer2_0.act2"));
  }
}
