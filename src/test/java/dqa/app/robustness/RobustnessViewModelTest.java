package dqa.app.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.app.ViewModelFixtures;
import dqa.app.Workbench;
import dqa.app.WorkbenchState;
import dqa.attack.Attack;
import dqa.attack.Norm;
import dqa.data.Dataset;
import dqa.eval.SweepCell;
import dqa.eval.SweepConfig;
import dqa.eval.SweepResult;
import dqa.nn.Architecture;
import dqa.nn.NetworkSpec;
import dqa.run.AppPaths;
import dqa.run.Json;
import dqa.run.UserException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Robustness form without a screen or an engine: validation names the field and blocks Run. */
class RobustnessViewModelTest {
  private static Dataset sample;
  @TempDir Path home;
  RobustnessViewModel model;
  WorkbenchState state;

  @BeforeAll
  static void loadSample() {
    sample = ViewModelFixtures.mnistSample();
  }

  @BeforeEach
  void setUp() {
    AppPaths paths = new AppPaths(home, home.resolve("workspace"), home.resolve("assets"), home.resolve("models"));
    fakeRun(paths, "run-a", "mnist");
    fakeRun(paths, "run-b", "mnist");
    state = new WorkbenchState();
    state.datasetProperty().set(sample);
    model = new RobustnessViewModel(ViewModelFixtures.inline(paths), state, Runnable::run);
  }

  /** A run folder whose model card the catalog lists (no weights: nothing here loads them). */
  private static void fakeRun(AppPaths paths, String name, String dataset) {
    NetworkSpec spec = new NetworkSpec(dataset, Architecture.CNN, NetworkSpec.parseActivations("relu"), 1, 28, 28, 10,
        List.of(0f), List.of(1f));
    Json.writeFile(paths.runs().resolve(name).resolve("model").resolve("model.json"), spec);
  }

  @Test
  void aSavedSweepOpensAsItsChartTableAndChecks() throws Exception {
    Path file = Path.of("docs", "reproduction", "lenet-relu", "curves.json"); // a real sweep the product wrote
    SweepResult saved = Json.readFile(file, SweepResult.class);
    model.open(file);
    assertEquals(saved.cells().size(), model.cells().size());
    assertEquals(saved.cells().size() + saved.worstCase().stream().filter(w -> w.attacks().size() > 1).count(),
        model.rows().size(), "every cell and every worst case over several attacks is a row");
    assertEquals(saved.checks().size(), model.checks().size());
    assertEquals(file, model.sweepFileProperty().get());
    assertFalse(model.chartProperty().get().series().isEmpty());
    assertTrue(model.statusProperty().get().startsWith("Opened curves.json: " + saved.cells().size() + " of "),
        model.statusProperty().get());

    Path notASweep = java.nio.file.Files.writeString(home.resolve("notes.json"), "{\"hello\": 1}");
    UserException e = assertThrows(UserException.class, () -> model.open(notASweep));
    assertTrue(e.getMessage().startsWith(notASweep.toString()), e.getMessage());
    assertEquals(saved.cells().size(), model.cells().size(), "a file that cannot be opened leaves the shown sweep alone");
  }

  @Test
  void theDefaultsMakeAValidSweepOfTheNewestModel() {
    assertEquals("", model.validationProperty().get());
    assertTrue(model.canRun().get());
    assertEquals(2, model.models().size());
    assertEquals(1, model.models().stream().filter(c -> c.selectedProperty().get()).count());
    SweepConfig c = model.config();
    assertEquals(List.of("fgsm", "pgd"), c.attackLabels());
    assertEquals(7, c.eps().size(), "0:0.3:0.05 is 0, 0.05, …, 0.3");
    assertEquals(200, c.subset().size());
    assertEquals("mnist", c.dataset());
  }

  @Test
  void aBadEpsListNamesTheFieldAndDisablesRun() {
    model.eps.set("0:abc");
    assertTrue(model.epsMessageProperty().get().startsWith("ε list:"), model.epsMessageProperty().get());
    assertFalse(model.epsMessageProperty().get().contains("--eps"), "the form does not speak command-line");
    assertEquals(model.epsMessageProperty().get(), model.validationProperty().get());
    assertEquals("", model.attacksMessageProperty().get());
    assertEquals("", model.formMessageProperty().get(), "shown at the field, not twice");
    assertFalse(model.canRun().get());
    model.eps.set("0.3:0.1:0.05");
    assertTrue(model.epsMessageProperty().get().contains("start <= stop"), model.epsMessageProperty().get());
    model.eps.set("0, 0.1, 8/255");
    assertEquals("", model.epsMessageProperty().get());
    assertTrue(model.canRun().get());
  }

  @Test
  void aBadAttackListNamesTheFieldAndDisablesRun() {
    model.attacks.set("fgsm,nosuch");
    assertTrue(model.attacksMessageProperty().get().startsWith("Attacks:"), model.attacksMessageProperty().get());
    assertTrue(model.attacksMessageProperty().get().contains("nosuch"), model.attacksMessageProperty().get());
    assertFalse(model.canRun().get());
    model.attacks.set("pgd[steps=ten]");
    assertTrue(model.attacksMessageProperty().get().startsWith("Attacks:"), model.attacksMessageProperty().get());
    model.attacks.set("fgsm,fgsm");
    assertTrue(model.attacksMessageProperty().get().contains("twice"), model.attacksMessageProperty().get());
    model.attacks.set("pgd[eps=0.1]");
    assertTrue(model.attacksMessageProperty().get().contains("ε list"), model.attacksMessageProperty().get());
    model.attacks.set("");
    assertTrue(model.attacksMessageProperty().get().startsWith("Attacks:"), model.attacksMessageProperty().get());
    assertFalse(model.canRun().get());
    model.attacks.set("fgsm,pgd[steps=10,grad=exact]");
    assertEquals("", model.validationProperty().get());
  }

  @Test
  void imagesAndModelsAreCheckedToo() {
    model.images.set("lots");
    assertTrue(model.imagesMessageProperty().get().startsWith("Images:"));
    model.images.set("1001");
    assertTrue(model.imagesMessageProperty().get().contains("1,000"), model.imagesMessageProperty().get());
    model.images.set("50");
    assertEquals("", model.imagesMessageProperty().get());
    model.models().forEach(c -> c.selectedProperty().set(false));
    assertEquals("Models: tick at least one model", model.modelsMessageProperty().get());
    assertFalse(model.canRun().get());
    model.models().get(0).selectedProperty().set(true);
    state.datasetProperty().set(null);
    assertTrue(model.validationProperty().get().contains("Data step"));
    assertEquals(model.validationProperty().get(), model.formMessageProperty().get(), "no field to show it at");
  }

  @Test
  void aTransferMatrixNeedsTwoModelsAndTakesTheFirstAttackAtTheLargestEps() {
    assertThrows(UserException.class, model::transferConfig);
    assertFalse(model.canTransfer().get());
    model.models().forEach(c -> c.selectedProperty().set(true));
    assertTrue(model.canTransfer().get());
    var t = model.transferConfig();
    assertEquals("fgsm", t.attack().name());
    assertEquals(0.3, t.eps(), 1e-12);
    assertEquals(2, t.models().size());
  }

  @Test
  void theSameFormWritesToTheSameSweepFileSoARerunResumes() {
    Path first = model.sweepFileFor(model.config(), sample);
    assertEquals(first, model.sweepFileFor(model.config(), sample));
    assertTrue(first.startsWith(home.resolve("workspace").resolve("sweeps")));
    model.eps.set("0,0.1");
    assertFalse(first.equals(model.sweepFileFor(model.config(), sample)));
  }

  @Test
  void cellsStreamedFromTheEngineReachTableAndChartInOneBatchPerPulse() {
    List<Runnable> pulses = new java.util.ArrayList<>();
    Workbench wb = ViewModelFixtures.inline(new AppPaths(home, home.resolve("workspace"), home, home));
    RobustnessViewModel streaming = new RobustnessViewModel(wb, state, pulses::add);
    var listener = streaming.listener(0);
    for (double e : new double[] {0, 0.1, 0.2}) {
      listener.cellFinished(cell(e, e == 0 ? 45 : e < 0.15 ? 20 : 5));
    }
    assertEquals(1, pulses.size(), "three cells, one trip to the FX thread");
    assertTrue(streaming.rows().isEmpty(), "nothing shown before the pulse runs");
    pulses.get(0).run();
    assertEquals(3, streaming.rows().size());
    assertEquals(3, streaming.cells().size());
    var chart = streaming.chartProperty().get();
    assertEquals(1, chart.series().size());
    assertArrayEquals(new double[] {90, 40, 10}, chart.series().get(0).y(), 1e-9);
    listener.cellFinished(cell(0.2, 5));
    pulses.get(1).run();
    assertEquals(3, streaming.rows().size(), "a cell that is already shown is not added twice");
  }

  /** A finished FGSM cell on 50 images of which 48 are clean-correct. */
  private static SweepCell cell(double eps, int robust) {
    return new SweepCell(0, "m", "cnn/relu", 0, "fgsm", "fgsm eps=" + eps, Norm.LINF, Attack.Access.WHITE_BOX, true,
        eps, 50, 48, robust, 0.96, robust / 50.0, 1 - robust / 48.0, 48, null, null, null, null, null, 0.1);
  }

  @Test
  void parserProblemsCarryTheirOptionAndExportsGetTheirExtension() {
    UserException notANumber = assertThrows(UserException.class, () -> dqa.eval.EpsList.parse("0,x"));
    assertEquals("eps", notANumber.option(), "the error says which setting it concerns");
    assertEquals("--eps: 'x' is not a number", notANumber.getMessage(), "the command line's words");
    assertEquals("ε list: 'x' is not a number", SweepForm.field("ε list", notANumber), "the form's words");
    assertEquals("Attacks: attack 'p[': oops", SweepForm.field("Attacks", new UserException("attack 'p[': oops")));
    assertEquals(Path.of("/tmp/chart.png"), ExportJob.withExtension(Path.of("/tmp/chart"), "png"));
    assertEquals(Path.of("/tmp/c.PNG"), ExportJob.withExtension(Path.of("/tmp/c.PNG"), "png"));
  }
}
