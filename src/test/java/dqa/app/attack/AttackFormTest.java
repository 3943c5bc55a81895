package dqa.app.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.app.ViewModelFixtures;
import dqa.app.WorkbenchState;
import dqa.attack.AttackLoss;
import dqa.attack.AttackSettings.Setting;
import dqa.data.DatasetId;
import dqa.data.DatasetLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Attack form without a screen or an engine: it shows and reads only the fields the attack uses. */
class AttackFormTest {
  @TempDir Path home;
  AttackViewModel model;

  @BeforeEach
  void setUp() {
    WorkbenchState state = new WorkbenchState();
    state.datasetProperty().set(ViewModelFixtures.mnistSample());
    model = new AttackViewModel(ViewModelFixtures.inline(ViewModelFixtures.paths(home)), state);
  }

  @Test
  void squareShowsQueriesAndNoGradientAndIgnoresPgdsFields() {
    model.attack.set("square");
    assertFalse(model.uses(Setting.GRADIENT).get(), "a score-based attack takes no gradient");
    assertTrue(model.uses(Setting.QUERIES).get());
    assertFalse(model.uses(Setting.RESTARTS).get());
    model.steps.set("not a number");
    model.gradient.set("nonsense");
    assertEquals("", model.validationProperty().get(), "hidden fields are not read");
    model.queries.set("100");
    assertTrue(model.attack().describe().contains("queries=100"), model.attack().describe());
  }

  @Test
  void pgdReadsRestartsAndLossAndNamesABadField() {
    model.attack.set("pgd");
    assertTrue(model.uses(Setting.RESTARTS).get() && model.uses(Setting.LOSS).get() && model.uses(Setting.GRADIENT).get());
    assertFalse(model.uses(Setting.QUERIES).get());
    model.restarts.set("3");
    model.loss.set(AttackLoss.MARGIN);
    String d = model.attack().describe();
    assertTrue(d.contains("restarts=3") && d.contains("margin"), d);
    model.steps.set("many");
    assertTrue(model.validationProperty().get().startsWith("steps:"), model.validationProperty().get());
  }

  @Test
  void theModelFollowsTheLoadedDataSet() {
    assertEquals("mnist", model.model.get().spec().dataset(), "the first model offered with MNIST loaded: " + model.model.get());
    model.twin.set(model.model.get());
    model.use(DatasetLoader.load(DatasetId.FASHION_MNIST,
        Path.of(System.getProperty("dqa.assets", "assets"), "sample", "fashion-mnist")));
    assertEquals("fashion-mnist", model.model.get().spec().dataset(), "a shipped Fashion-MNIST model takes over");
    assertNull(model.twin.get(), "a twin trained on MNIST is dropped");
    assertEquals("", model.validationProperty().get());
  }

  @Test
  void cwHasNoBudgetField() {
    model.attack.set("cw");
    assertFalse(model.uses(Setting.EPS).get(), "C&W minimises the distortion");
    model.eps.set("0.3");
    assertEquals("", model.validationProperty().get(), "the hidden ε is not handed to C&W, which would refuse it");
  }
}
