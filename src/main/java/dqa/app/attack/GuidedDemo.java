package dqa.app.attack;

import dqa.app.common.Job;
import dqa.attack.AttackResult;
import dqa.data.DatasetId;
import dqa.train.ModelCatalog;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The guided demo for teaching: a fixed sequence of attacks on the shipped models, each with one
 * sentence saying what to look at. Each step fills the Attack form and runs it, so the gallery,
 * heatmaps and summary are the ordinary ones.
 *
 * <p>It is built to be presented: while a step runs, Next, Back and Again do nothing (the view
 * disables them), so quick clicks cannot skip a step or leave one step's banner over another's
 * gallery; a step clears the previous gallery before it runs; each sentence comes with what the step
 * expects (the model falls or holds), and when the result says otherwise the banner says so instead
 * of narrating the expected story. The results of the steps are kept for a summary, and the form is
 * put back as it was when the demo ends.
 */
public final class GuidedDemo {
  /**
   * One step: what it shows and the attack it runs.
   *
   * @param model the shipped model attacked (its folder name under {@code models/})
   * @param twin the model shown beside it on the same images, or null
   * @param steps iterations, or "" for the attack's default
   */
  public record Step(String title, String explanation, String model, String twin, String attack, String eps,
      String steps, String gradient, Expect expect) {}

  /** What a step's sentence says will happen to the attacked model. */
  public enum Expect {
    /** Most of its correctly classified images become adversarial. */
    FALLS,
    /** Most of them stay correct. */
    HOLDS;

    /** Whether the share of correctly classified images that stayed correct agrees. */
    boolean agrees(int kept, int correct) {
      boolean held = correct > 0 && 2 * kept >= correct;
      return this == HOLDS ? held : !held;
    }
  }

  /** One finished step: what it expected and what the attacked model and its twin kept. */
  public record StepResult(int step, String title, Expect expect, String model, int kept, int correct, String twin,
      int twinKept, int twinCorrect, boolean agrees) {
    /** "lenet-relu: 0 of 15 still correct" (and the twin's), counting the images classified correctly before. */
    public String describe() {
      String main = String.format(Locale.ROOT, "%s: %d of %d still correct", model, kept, correct);
      return twin == null ? main
          : main + String.format(Locale.ROOT, "; twin %s: %d of %d", twin, twinKept, twinCorrect);
    }
  }

  /** The story: a full-precision net falls, a 1-bit net only seems not to, until the attack sees through it. */
  public static final List<Step> STEPS =
      List.of(
          new Step("FGSM on a full-precision network",
              "One gradient-sign step of ε = 0.2 per pixel turns most digits of the ordinary ReLU network into other "
                  + "classes. The heatmaps show the change: faint to a person, decisive for the network.",
              "lenet-relu", null, "fgsm", "0.2", "", "ste", Expect.FALLS),
          new Step("The same attack on a 1-bit network",
              "The network beside it replaces every ReLU by sign(x), 1 bit per activation. Attacked with its exact "
                  + "gradient, it barely moves: it looks robust.",
              "lenet-fixed1", "lenet-relu", "fgsm", "0.2", "", "exact", Expect.HOLDS),
          new Step("Forty steps, still blind",
              "Even 40 steps of PGD fail with exact gradients, while the same attack breaks the ReLU network beside "
                  + "it. The gradient of a staircase is zero almost everywhere, so the attack has nothing to follow: "
                  + "this is gradient masking, not robustness.",
              "lenet-fixed1", "lenet-relu", "pgd", "0.3", "40", "exact", Expect.HOLDS),
          new Step("See through the quantizer",
              "Now PGD uses a straight-through gradient (pretend sign(x) had slope 1). The 1-bit network falls like "
                  + "the ReLU one: quantization hid the gradient, it did not remove the weakness.",
              "lenet-fixed1", "lenet-relu", "pgd", "0.3", "40", "ste", Expect.FALLS),
          new Step("What real robustness looks like",
              "This network was trained on PGD examples. Under the very same attack it keeps most digits: robustness "
                  + "that survives an attack which can see its gradients.",
              "lenet-relu-pgd", "lenet-relu", "pgd", "0.3", "40", "ste", Expect.HOLDS));

  private final AttackViewModel attack;
  private final List<Step> steps;
  private final ReadOnlyIntegerWrapper index = new ReadOnlyIntegerWrapper(-1);
  private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper explanation = new ReadOnlyStringWrapper("");
  private final ObservableList<StepResult> results = FXCollections.observableArrayList();
  private final ReadOnlyBooleanWrapper finished = new ReadOnlyBooleanWrapper(false);
  private Form before;
  private Job<AttackViewModel.Outcome> current;

  public GuidedDemo(AttackViewModel attack) {
    this(attack, STEPS);
  }

  GuidedDemo(AttackViewModel attack, List<Step> steps) {
    this.attack = attack;
    this.steps = List.copyOf(steps);
  }

  /** Images each step attacks: a 4×4 gallery, quick enough to wait for in class. */
  static final String IMAGES = "16";

  /**
   * Remembers the form, sets what the demo needs (16 images from the first, MNIST loaded: every step's
   * model is an MNIST model), then starts at the first step and runs it.
   */
  public void start() {
    if (running.get()) {
      return;
    }
    if (!active.get()) {
      before = Form.of(attack);
    }
    results.clear();
    finished.set(false);
    active.set(true);
    attack.images.set(IMAGES);
    attack.firstImage.set("0");
    if (attack.dataset() == null || !attack.dataset().id().equals(DatasetId.MNIST)) {
      index.set(0);
      title.set(String.format(Locale.ROOT, "Step 1 of %d — %s", steps.size(), steps.get(0).title()));
      explanation.set("Loading MNIST: the demo's models were trained on it"
          + (attack.dataset() == null ? "." : " (" + attack.dataset().id().displayName() + " stays cached)."));
      running.set(true);
      attack.load(DatasetId.MNIST)
          .onSucceeded(mnist -> {
            running.set(false);
            attack.use(mnist);
            if (active.get()) {
              go(0);
            }
          })
          .onFailed(t -> couldNotLoad())
          .onCancelled(this::couldNotLoad);
      return;
    }
    go(0);
  }

  private void couldNotLoad() {
    running.set(false);
    explanation.set("MNIST could not be loaded, and every step of the demo needs it: load it in the Data step.");
  }

  /** Runs the next step; after the last one shows the summary, and a further call ends the demo. */
  public void next() {
    if (running.get() || !active.get()) {
      return;
    }
    if (finished.get()) {
      stop();
    } else if (index.get() + 1 >= steps.size()) {
      finished.set(true);
      title.set("Summary — what the five steps showed");
      explanation.set(summarySentence());
    } else {
      go(index.get() + 1);
    }
  }

  /** Runs the previous step again (the first stays the first). */
  public void back() {
    if (running.get() || !active.get()) {
      return;
    }
    boolean fromSummary = finished.get();
    finished.set(false);
    go(fromSummary ? index.get() : Math.max(0, index.get() - 1));
  }

  /** Runs the current step again, e.g. with another image count. */
  public void again() {
    if (running.get() || !active.get() || index.get() < 0) {
      return;
    }
    finished.set(false);
    go(index.get());
  }

  /** Ends the demo and puts the form back as it was before it started. */
  public void stop() {
    if (current != null && running.get()) {
      current.cancel();
    }
    active.set(false);
    finished.set(false);
    index.set(-1);
    title.set("");
    explanation.set("");
    if (before != null) {
      before.restore(attack);
      before = null;
    }
  }

  private void go(int i) {
    Step step = steps.get(i);
    index.set(i);
    title.set(String.format(Locale.ROOT, "Step %d of %d — %s", i + 1, steps.size(), step.title()));
    attack.clearOutcome();
    Optional<ModelCatalog.Entry> model = shipped(step.model());
    if (model.isEmpty()) {
      explanation.set("This step needs the shipped model '" + step.model() + "' (models/" + step.model()
          + "), which is not installed. Retrain it with models/retrain.sh " + step.model() + ", or press Next.");
      return;
    }
    explanation.set(step.explanation());
    attack.model.set(model.get());
    attack.twin.set(step.twin() == null ? null : shipped(step.twin()).orElse(null));
    attack.attack.set(step.attack());
    attack.eps.set(step.eps());
    attack.steps.set(step.steps());
    attack.stepSize.set("");
    attack.restarts.set("");
    attack.loss.set(dqa.attack.AttackLoss.CE);
    attack.queries.set("");
    attack.gradient.set(step.gradient());
    if (!attack.validationProperty().get().isEmpty()) {
      explanation.set(step.explanation() + "\n(Cannot run yet: " + attack.validationProperty().get() + ")");
      return;
    }
    running.set(true);
    current = attack.run()
        .onDone(() -> running.set(false))
        .onSucceeded(o -> record(i, step, o));
  }

  /** Keeps the step's result and, when it contradicts the sentence, says so. */
  private void record(int i, Step step, AttackViewModel.Outcome o) {
    if (index.get() != i || !active.get()) {
      return; // the demo moved on (or ended) while this step ran
    }
    AttackResult main = o.primary().result();
    AttackResult twin = o.twin() == null ? null : o.twin().result();
    StepResult r = new StepResult(i, step.title(), step.expect(), o.primary().model().name(), main.robustCorrect(),
        main.cleanCorrect(), o.twin() == null ? null : o.twin().model().name(), twin == null ? 0 : twin.robustCorrect(),
        twin == null ? 0 : twin.cleanCorrect(), step.expect().agrees(main.robustCorrect(), main.cleanCorrect()));
    results.removeIf(x -> x.step() == i);
    int at = 0;
    while (at < results.size() && results.get(at).step() < i) {
      at++;
    }
    results.add(at, r);
    explanation.set(r.agrees()
        ? step.explanation() + "\nResult — " + r.describe() + " (of the images each classified correctly)."
        : "This time the result is not what the sentence below says — " + r.describe() + ": the model "
            + (step.expect() == Expect.HOLDS ? "fell" : "held") + ". On so few images chance plays a part; try "
            + "more images and press Again.\n" + step.explanation());
  }

  private String summarySentence() {
    StringBuilder b = new StringBuilder();
    for (StepResult r : results) {
      b.append(r.step() + 1).append(". ").append(r.title()).append(": ").append(r.describe())
          .append(r.agrees() ? "" : " (not what the step expected)").append("\n");
    }
    if (results.size() < steps.size()) {
      b.append("(").append(steps.size() - results.size()).append(" step(s) did not run.)\n");
    }
    return b.append("Quantization hid the gradient from the attack; only adversarial training kept the digits.").toString();
  }

  /** The Attack form as the demo found it. */
  private record Form(ModelCatalog.Entry model, ModelCatalog.Entry twin, String attack, String eps, String steps,
      String stepSize, String gradient, String images, String firstImage) {
    static Form of(AttackViewModel a) {
      return new Form(a.model.get(), a.twin.get(), a.attack.get(), a.eps.get(), a.steps.get(), a.stepSize.get(),
          a.gradient.get(), a.images.get(), a.firstImage.get());
    }

    void restore(AttackViewModel a) {
      a.model.set(model);
      a.twin.set(twin);
      a.attack.set(attack);
      a.eps.set(eps);
      a.steps.set(steps);
      a.stepSize.set(stepSize);
      a.gradient.set(gradient);
      a.images.set(images);
      a.firstImage.set(firstImage);
    }
  }

  private Optional<ModelCatalog.Entry> shipped(String name) {
    return attack.models().stream().filter(e -> e.shipped() && e.name().equals(name)).findFirst();
  }

  public List<Step> steps() {
    return steps;
  }

  public ReadOnlyIntegerProperty indexProperty() {
    return index.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty activeProperty() {
    return active.getReadOnlyProperty();
  }

  /** True while a step's attack runs: Next, Back and Again wait for it. */
  public ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  /** True once the last step has been passed and the summary shows. */
  public ReadOnlyBooleanProperty finishedProperty() {
    return finished.getReadOnlyProperty();
  }

  /** The finished steps' results, in step order. */
  public ObservableList<StepResult> results() {
    return FXCollections.unmodifiableObservableList(results);
  }

  public ReadOnlyStringProperty titleProperty() {
    return title.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty explanationProperty() {
    return explanation.getReadOnlyProperty();
  }
}
