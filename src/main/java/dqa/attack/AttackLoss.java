package dqa.attack;

import dqa.run.UserException;
import java.util.Locale;

/**
 * The objective a gradient attack ascends: cross-entropy, the Carlini–Wagner logit margin, or the
 * scale-invariant difference of logits ratio (DLR, Croce &amp; Hein 2020).
 */
public enum AttackLoss {
  CE,
  MARGIN,
  DLR;

  public static AttackLoss parse(String text) {
    return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
      case "ce" -> CE;
      case "margin", "cw" -> MARGIN;
      case "dlr" -> DLR;
      default -> throw UserException.about("loss", "'" + text + "' is not one of ce, margin, dlr");
    };
  }

  @Override
  public String toString() {
    return switch (this) {
      case CE -> "ce";
      case MARGIN -> "margin";
      case DLR -> "dlr";
    };
  }
}
