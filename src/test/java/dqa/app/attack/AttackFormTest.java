package dqa.app.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.app.RecordingDialogs;
import dqa.app.Workbench;
import dqa.app.WorkbenchState;
import dqa.app.common.EngineTasks;
import dqa.app.common.Settings;
import dqa.attack.AttackLoss;
import dqa.attack.AttackSettings.Setting;
import dqa.data.DatasetId;
import dqa.data.DatasetLoader;
import dqa.run.AppPaths;
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
    AppPaths paths = new AppPaths(home, home.resolve("workspace"), home.resolve("assets"),
        Path.of(System.getProperty("dqa.models", "models")));
    WorkbenchState state = new WorkbenchState();
    state.datasetProperty().set(DatasetLoader.load(DatasetId.MNIST,
        Path.of(System.getProperty("dqa.assets", "assets"), "sample", "mnist")));
    model = new AttackViewModel(new Workbench(paths, new EngineTasks(Runnable::run), Settings.inMemory(),
        new RecordingDialogs()), state);
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
  void cwHasNoBudgetField() {
    model.attack.set("cw");
    assertFalse(model.uses(Setting.EPS).get(), "C&W minimises the distortion");
    model.eps.set("0.3");
    assertEquals("", model.validationProperty().get(), "the hidden ε is not handed to C&W, which would refuse it");
  }
}
