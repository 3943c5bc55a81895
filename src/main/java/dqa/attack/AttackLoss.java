package dqa.attack;

import ai.djl.ndarray.NDArray;
import dqa.nn.Losses;
import dqa.run.UserException;
import java.util.Locale;

/** The objective a gradient attack ascends: cross-entropy, or the Carlini–Wagner logit margin. */
public enum AttackLoss {
  CE,
  MARGIN;

  /** Per-example loss, shape N; larger means closer to (or further into) misclassification. */
  NDArray perExample(NDArray logits, NDArray labels) {
    return this == CE
        ? Losses.crossEntropyPerExample(logits, labels)
        : Losses.marginPerExample(logits, labels);
  }

  public static AttackLoss parse(String text) {
    return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
      case "ce" -> CE;
      case "margin", "cw" -> MARGIN;
      default -> throw new UserException("--loss '" + text + "' is not one of ce, margin");
    };
  }

  @Override
  public String toString() {
    return this == CE ? "ce" : "margin";
  }
}
