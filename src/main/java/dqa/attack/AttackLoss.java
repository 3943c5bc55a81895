package dqa.attack;

import dqa.run.UserException;
import java.util.Locale;

/** The objective a gradient attack ascends: cross-entropy, or the Carlini–Wagner logit margin. */
public enum AttackLoss {
  CE,
  MARGIN;

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
