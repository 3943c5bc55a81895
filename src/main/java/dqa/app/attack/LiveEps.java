package dqa.app.attack;

import dqa.app.attack.AttackViewModel.Outcome;
import dqa.app.attack.AttackViewModel.Run;
import dqa.attack.AttackResult;
import dqa.eval.EpsFrames;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;

/**
 * The Attack step's ε slider: moving it re-renders the gallery (adversarial images, heatmaps,
 * predictions, confidences) for the model and its twin at the slider's ε, and marks that ε on a small
 * accuracy-vs-ε curve of the shown images.
 *
 * <p>After an FGSM run every ε is exact and costs two forward passes per model on the engine thread;
 * after another attack the slider snaps to ε values computed once ({@link EpsFrames#precomputed}) and a
 * frame costs nothing. Frames are computed one at a time and the latest request wins: while one is on
 * the engine thread, further moves only replace the pending ε, so the picture follows the mouse instead
 * of replaying a queue of stale frames. Call everything but the executors' work on the FX thread.
 */
public final class LiveEps {
  /** How many points the small curve has over the slider's range when every ε is exact. */
  static final int CURVE_POINTS = 21;

  /** The curve: ε and the share of the shown images each model still gets right (twin null without one). */
  public record Curve(double[] eps, double[] primary, double[] twin) {}

  private final Executor engine;
  private final Executor fx;
  private final Consumer<Outcome> show;
  private final DoubleProperty eps = new SimpleDoubleProperty(0);
  private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyBooleanWrapper continuous = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyDoubleWrapper max = new ReadOnlyDoubleWrapper(1);
  private final ReadOnlyDoubleWrapper shownEps = new ReadOnlyDoubleWrapper(Double.NaN);
  private final ReadOnlyDoubleWrapper frameMillis = new ReadOnlyDoubleWrapper(Double.NaN);
  private final ReadOnlyObjectWrapper<Curve> curve = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
  private double[] stops = new double[0];

  private Outcome base;
  private EpsFrames primary;
  private EpsFrames twin;
  /** Bumped by every {@link #offer} and {@link #reset}: a frame computed for an older run is dropped. */
  private int generation;
  private boolean computing;
  private Double pending;

  /**
   * @param engine runs frame computations (the engine thread)
   * @param fx runs their results (the FX thread)
   * @param show receives each frame as the gallery's new outcome
   */
  public LiveEps(Executor engine, Executor fx, Consumer<Outcome> show) {
    this.engine = engine;
    this.fx = fx;
    this.show = show;
    eps.addListener((o, was, now) -> request(now.doubleValue()));
  }

  /**
   * Makes the slider drive {@code frames} (of the model and, or null, of the twin) for the run whose
   * gallery is {@code outcome}, at ε {@code at} (the run's own ε, already shown), with its curve.
   */
  public void offer(Outcome outcome, EpsFrames primaryFrames, EpsFrames twinFrames, double at, Curve points) {
    generation++;
    base = outcome;
    primary = primaryFrames;
    twin = twinFrames;
    pending = null;
    continuous.set(primaryFrames.continuous());
    stops = primaryFrames.stops();
    max.set(primaryFrames.max());
    curve.set(points);
    error.set("");
    frameMillis.set(Double.NaN);
    shownEps.set(at);
    computing = false;
    // The slider moves to the ε already shown without computing it again: requests wait for available.
    available.set(false);
    eps.set(at);
    available.set(true);
  }

  /** Forgets the frames (a new run starts, or the gallery is cleared). */
  public void reset() {
    generation++;
    available.set(false);
    base = null;
    primary = null;
    twin = null;
    pending = null;
    computing = false;
    curve.set(null);
    stops = new double[0];
    shownEps.set(Double.NaN);
    frameMillis.set(Double.NaN);
    error.set("");
  }

  private void request(double value) {
    if (!available.get() || base == null) {
      return;
    }
    if (computing) {
      pending = value;
      return;
    }
    computing = true;
    int g = generation;
    EpsFrames p = primary;
    EpsFrames t = twin;
    double e = p.snap(value);
    if (!p.continuous()) {
      // Precomputed stops: no engine work, no queue.
      finish(g, e, p.at(e), t == null ? null : t.at(e), 0, null);
      return;
    }
    engine.execute(() -> {
      long started = System.nanoTime();
      AttackResult a = null;
      AttackResult b = null;
      RuntimeException failure = null;
      try {
        a = p.at(e);
        b = t == null ? null : t.at(e);
      } catch (RuntimeException ex) {
        failure = ex;
      }
      double millis = (System.nanoTime() - started) / 1e6;
      AttackResult pa = a;
      AttackResult tb = b;
      RuntimeException f = failure;
      fx.execute(() -> finish(g, e, pa, tb, millis, f));
    });
  }

  private void finish(int g, double e, AttackResult a, AttackResult b, double millis, RuntimeException failure) {
    if (g != generation) {
      return; // a frame of a run that is gone
    }
    computing = false;
    if (failure != null) {
      error.set("The slider could not compute ε " + dqa.attack.Attacks.format(e) + ": " + failure.getMessage());
      pending = null;
      return;
    }
    error.set("");
    frameMillis.set(millis);
    shownEps.set(e);
    show.accept(new Outcome(new Run(base.primary().model(), a), b == null ? null : new Run(base.twin().model(), b),
        base.clean(), base.channels(), base.height(), base.width(), base.classes(), base.first()));
    if (pending != null) {
      double next = pending;
      pending = null;
      if (primary.snap(next) != e) {
        request(next);
      }
    }
  }

  /** Builds the curve of a run's frames: over the whole range when continuous, at the stops otherwise. */
  static Curve curveOf(EpsFrames primaryFrames, EpsFrames twinFrames) {
    double[] eps;
    if (primaryFrames.continuous()) {
      eps = new double[CURVE_POINTS];
      for (int i = 0; i < eps.length; i++) {
        eps[i] = primaryFrames.max() * i / (CURVE_POINTS - 1);
      }
    } else {
      eps = primaryFrames.stops();
    }
    return new Curve(eps, primaryFrames.accuracy(eps), twinFrames == null ? null : twinFrames.accuracy(eps));
  }

  /** The slider's value; moving it asks for a frame. */
  public DoubleProperty epsProperty() {
    return eps;
  }

  /** Whether the slider has frames to show (after a run with a budget). */
  public ReadOnlyBooleanProperty availableProperty() {
    return available.getReadOnlyProperty();
  }

  /** True after FGSM (every ε exact), false when the slider snaps to precomputed stops. */
  public ReadOnlyBooleanProperty continuousProperty() {
    return continuous.getReadOnlyProperty();
  }

  public ReadOnlyDoubleProperty maxProperty() {
    return max.getReadOnlyProperty();
  }

  /** The ε of the frame in the gallery. */
  public ReadOnlyDoubleProperty shownEpsProperty() {
    return shownEps.getReadOnlyProperty();
  }

  /** Engine time of the last frame (both models), in milliseconds; NaN before the first. */
  public ReadOnlyDoubleProperty frameMillisProperty() {
    return frameMillis.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<Curve> curveProperty() {
    return curve.getReadOnlyProperty();
  }

  /** Why the last frame failed, or empty. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  /** The precomputed stops (empty when continuous). */
  public List<Double> stops() {
    return java.util.Arrays.stream(stops).boxed().toList();
  }
}
