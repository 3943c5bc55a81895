package dqa.app.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.attack.AttackLoss;
import dqa.attack.AttackResult;
import dqa.attack.AttackSettings;
import dqa.attack.Fgsm;
import dqa.data.DatasetId;
import dqa.data.DatasetLoader;
import dqa.data.LabeledImages;
import dqa.eval.EpsFrames;
import dqa.eval.Showcase;
import dqa.nn.GradientMode;
import dqa.run.CancellationToken;
import dqa.run.ProgressListener;
import dqa.train.ModelCatalog;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The ε slider without a window: a frame is the attack at the slider's ε on both models, moves made
 * while a frame is computed collapse to the latest, a frame of a run that is gone is dropped, and a
 * prepared slider snaps to the budgets it computed.
 */
@Tag("engine")
class LiveEpsTest {
  static final Path MODEL = Path.of("models", "lenet-relu");
  static final Path TWIN = Path.of("models", "lenet-fixed1");
  final Fgsm fgsm = new Fgsm(0.3, AttackLoss.CE, GradientMode.ste());
  final ArrayDeque<Runnable> engine = new ArrayDeque<>();
  final List<AttackViewModel.Outcome> shown = new ArrayList<>();
  final LiveEps live = new LiveEps(engine::add, Runnable::run, shown::add);
  Showcase showcase;
  LabeledImages images;

  @BeforeEach
  void load() {
    showcase = new Showcase();
    images = DatasetLoader.load(DatasetId.MNIST, Path.of(System.getProperty("dqa.assets", "assets"), "sample", "mnist"))
        .test().head(8);
  }

  @AfterEach
  void close() {
    showcase.close();
  }

  private AttackViewModel.Outcome base(AttackResult primary, AttackResult twin) {
    float[] clean = new float[images.count() * images.imageSize()];
    for (int i = 0; i < clean.length; i++) {
      clean[i] = (images.pixels()[i] & 0xff) / 255f;
    }
    return new AttackViewModel.Outcome(new AttackViewModel.Run(entry("lenet-relu"), primary),
        new AttackViewModel.Run(entry("lenet-fixed1"), twin), clean, 1, 28, 28, DatasetId.MNIST.classNames(), 0);
  }

  private static ModelCatalog.Entry entry(String name) {
    return ModelCatalog.list(Path.of("models"), Path.of("no-runs")).stream().filter(e -> e.name().equals(name))
        .findFirst().orElseThrow();
  }

  private AttackResult attack(Path model, dqa.attack.Attack a) {
    return showcase.attack(model, a, images, AttackViewModel.ATTACK_SEED, ProgressListener.NONE, CancellationToken.none());
  }

  private void offerFgsm() {
    EpsFrames p = EpsFrames.fgsm(showcase, MODEL, images, fgsm, AttackViewModel.sliderMax(fgsm.eps()));
    EpsFrames t = EpsFrames.fgsm(showcase, TWIN, images, fgsm, AttackViewModel.sliderMax(fgsm.eps()));
    live.offer(base(attack(MODEL, fgsm), attack(TWIN, fgsm)), p, t, 0.3, LiveEps.curveOf(p, t));
  }

  @Test
  void aFrameIsFgsmAtTheSlidersEpsOnTheModelAndItsTwin() {
    offerFgsm();
    assertTrue(engine.isEmpty(), "showing the run's own ε computes nothing");
    assertEquals(0.6, live.maxProperty().get(), 1e-12, "twice the budget");
    live.epsProperty().set(0.12);
    assertEquals(1, engine.size());
    engine.poll().run();
    assertEquals(1, shown.size());
    AttackViewModel.Outcome frame = shown.get(0);
    Fgsm at = new Fgsm(0.12, AttackLoss.CE, GradientMode.ste());
    assertArrayEquals(attack(MODEL, at).adversarial(), frame.primary().result().adversarial());
    assertArrayEquals(attack(TWIN, at).adversarialPredictions(), frame.twin().result().adversarialPredictions());
    assertEquals("lenet-fixed1", frame.twin().model().name());
    assertEquals(0.12, live.shownEpsProperty().get(), 1e-12);
    assertTrue(live.frameMillisProperty().get() >= 0);

    LiveEps.Curve curve = live.curveProperty().get();
    assertEquals(LiveEps.CURVE_POINTS, curve.eps().length);
    assertEquals(0, curve.eps()[0]);
    assertEquals(0.6, curve.eps()[curve.eps().length - 1], 1e-12);
    AttackResult clean = attack(MODEL, new Fgsm(0, AttackLoss.CE, GradientMode.ste()));
    assertEquals((double) clean.cleanCorrect() / clean.n(), curve.primary()[0], 1e-12, "ε 0 is the clean accuracy");
    assertTrue(curve.primary()[curve.primary().length - 1] < curve.primary()[0], "FGSM at ε 0.6 fools lenet-relu");
  }

  @Test
  void movesWhileAFrameIsComputedCollapseToTheLatest() {
    offerFgsm();
    live.epsProperty().set(0.05);
    live.epsProperty().set(0.1);
    live.epsProperty().set(0.2);
    live.epsProperty().set(0.25);
    assertEquals(1, engine.size(), "one frame at a time");
    engine.poll().run();
    assertEquals(0.05, live.shownEpsProperty().get(), 1e-12);
    assertEquals(1, engine.size(), "then the latest move, not the ones in between");
    engine.poll().run();
    assertEquals(0.25, live.shownEpsProperty().get(), 1e-12);
    assertTrue(engine.isEmpty());
    assertEquals(2, shown.size());
  }

  @Test
  void aFrameOfARunThatIsGoneIsDropped() {
    offerFgsm();
    live.epsProperty().set(0.1);
    live.reset();
    engine.poll().run();
    assertTrue(shown.isEmpty(), "a new run started: its gallery is not overwritten by the old run's frame");
    live.epsProperty().set(0.2);
    assertTrue(engine.isEmpty(), "no frames without a run");
  }

  @Test
  void aPreparedSliderSnapsToTheBudgetsItComputed() {
    AttackSettings pgd = new AttackSettings("pgd", 0.2, null, 10, null, null, AttackLoss.CE, GradientMode.ste(), null);
    AttackResult atEps = attack(MODEL, pgd.create("mnist"));
    double[] stops = {0, 0.1, 0.2};
    int[] runs = {0};
    EpsFrames p = EpsFrames.precomputed(showcase, MODEL, images, e -> {
      runs[0]++;
      return pgd.withEps(e).create("mnist");
    }, stops, Map.of(0.2, atEps), AttackViewModel.ATTACK_SEED, ProgressListener.NONE, CancellationToken.none());
    assertEquals(1, runs[0], "ε 0 is the clean images and ε 0.2 was given: only ε 0.1 is attacked");
    live.offer(base(atEps, null), p, null, 0.2, LiveEps.curveOf(p, null));
    live.epsProperty().set(0.13);
    assertTrue(engine.isEmpty(), "precomputed frames need no engine");
    assertEquals(0.1, live.shownEpsProperty().get(), 1e-12);
    assertArrayEquals(attack(MODEL, pgd.withEps(0.1).create("mnist")).adversarial(),
        shown.get(0).primary().result().adversarial(), "the stop is PGD at ε 0.1 with its own scaled step");
    assertNull(shown.get(0).twin());
    live.epsProperty().set(0.19);
    assertSame(atEps, shown.get(1).primary().result());
    live.epsProperty().set(0.02);
    AttackResult clean = shown.get(2).primary().result();
    assertArrayEquals(clean.cleanPredictions(), clean.adversarialPredictions(), "ε 0 changes nothing");
    assertArrayEquals(new double[] {0, 0.1, 0.2}, live.curveProperty().get().eps());
  }
}
