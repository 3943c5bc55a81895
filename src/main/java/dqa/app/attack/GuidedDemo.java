package dqa.app.attack;

import dqa.train.ModelCatalog;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The guided demo for teaching: a fixed sequence of attacks on the shipped models, each with one
 * sentence saying what to look at. Each step fills the Attack form and runs it, so the gallery,
 * heatmaps and summary are the ordinary ones.
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
      String steps, String gradient) {}

  /** The story: a full-precision net falls, a 1-bit net only seems not to, until the attack sees through it. */
  public static final List<Step> STEPS =
      List.of(
          new Step("FGSM on a full-precision network",
              "One gradient-sign step of ε = 0.2 per pixel turns most digits of the ordinary ReLU network into other "
                  + "classes. The heatmaps show the change: faint to a person, decisive for the network.",
              "lenet-relu", null, "fgsm", "0.2", "", "ste"),
          new Step("The same attack on a 1-bit network",
              "The network beside it replaces every ReLU by sign(x), 1 bit per activation. Attacked with its exact "
                  + "gradient, it barely moves: it looks robust.",
              "lenet-fixed1", "lenet-relu", "fgsm", "0.2", "", "exact"),
          new Step("Forty steps, still blind",
              "Even 40 steps of PGD fail with exact gradients. The gradient of a staircase is zero almost everywhere, "
                  + "so the attack has nothing to follow: this is gradient masking, not robustness.",
              "lenet-fixed1", null, "pgd", "0.3", "40", "exact"),
          new Step("See through the quantizer",
              "Now PGD uses a straight-through gradient (pretend sign(x) had slope 1). The 1-bit network falls like "
                  + "the ReLU one: quantization hid the gradient, it did not remove the weakness.",
              "lenet-fixed1", "lenet-relu", "pgd", "0.3", "40", "ste"),
          new Step("What real robustness looks like",
              "This network was trained on PGD examples. Under the very same attack it keeps most digits: robustness "
                  + "that survives an attack which can see its gradients.",
              "lenet-relu-pgd", "lenet-relu", "pgd", "0.3", "40", "ste"));

  private final AttackViewModel attack;
  private final List<Step> steps;
  private final ReadOnlyIntegerWrapper index = new ReadOnlyIntegerWrapper(-1);
  private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper(false);
  private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper explanation = new ReadOnlyStringWrapper("");

  public GuidedDemo(AttackViewModel attack) {
    this(attack, STEPS);
  }

  GuidedDemo(AttackViewModel attack, List<Step> steps) {
    this.attack = attack;
    this.steps = List.copyOf(steps);
  }

  /** Starts at the first step and runs it. */
  public void start() {
    active.set(true);
    go(0);
  }

  /** Runs the next step; ends the demo after the last one. */
  public void next() {
    if (index.get() + 1 >= steps.size()) {
      stop();
    } else {
      go(index.get() + 1);
    }
  }

  public void stop() {
    active.set(false);
    index.set(-1);
    title.set("");
    explanation.set("");
  }

  private void go(int i) {
    Step step = steps.get(i);
    index.set(i);
    title.set(String.format("Step %d of %d — %s", i + 1, steps.size(), step.title()));
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
    attack.gradient.set(step.gradient());
    if (attack.validationProperty().get().isEmpty()) {
      attack.run();
    } else {
      explanation.set(step.explanation() + "\n(Cannot run yet: " + attack.validationProperty().get() + ")");
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

  public ReadOnlyStringProperty titleProperty() {
    return title.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty explanationProperty() {
    return explanation.getReadOnlyProperty();
  }
}
