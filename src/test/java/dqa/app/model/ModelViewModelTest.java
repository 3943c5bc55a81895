package dqa.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.app.ViewModelFixtures;
import dqa.app.WorkbenchState;
import dqa.nn.Architecture;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Model form without a screen: a problem lands on the field that causes it. */
class ModelViewModelTest {
  @TempDir Path home;
  ModelViewModel model;

  WorkbenchState state;

  @BeforeEach
  void setUp() {
    state = new WorkbenchState();
    state.datasetProperty().set(ViewModelFixtures.mnistSample());
    model = new ModelViewModel(ViewModelFixtures.inline(ViewModelFixtures.paths(home)), state);
  }

  @Test
  void eachProblemMarksTheFieldThatCausesIt() {
    assertTrue(model.fieldProblems().isEmpty(), model.validationProperty().get());

    model.activations.set("relu,fixed:9");
    assertEquals(Set.of(ModelViewModel.ACTIVATIONS), model.fieldProblems().keySet());
    assertTrue(model.validationProperty().get().startsWith("Activations: "), model.validationProperty().get());
    assertTrue(!model.validationProperty().get().contains("--act"), "the form does not speak command-line");

    model.activations.set("relu,relu");
    assertEquals(Set.of(ModelViewModel.ACTIVATIONS), model.fieldProblems().keySet(), "lenet has 3: the list is short");
    assertTrue(model.fieldProblems().get(ModelViewModel.ACTIVATIONS).contains("3 hidden activations"));

    model.activations.set("dqa:2");
    state.datasetProperty().set(dqa.data.DatasetLoader.load(dqa.data.DatasetId.CIFAR10,
        Path.of(System.getProperty("dqa.assets", "assets"), "sample", "cifar10")));
    assertEquals(Set.of(ModelViewModel.ARCHITECTURE), model.fieldProblems().keySet(),
        "lenet on 32×32 CIFAR-10: the architecture does not fit the data set");
    assertTrue(model.validationProperty().get().startsWith("Architecture: lenet needs 28x28"),
        model.validationProperty().get());

    model.architecture.set(Architecture.RESNET20);
    assertTrue(model.fieldProblems().isEmpty());
    assertEquals("", model.validationProperty().get());
  }
}
