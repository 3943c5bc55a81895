package dqa.attack;

import java.util.Locale;

/** Small helpers shared by attack descriptions. */
public final class Attacks {
  private Attacks() {}

  /** A budget or step as people write it: 0.3, 0.0314, 1e-4. */
  public static String format(double v) {
    if (Double.isInfinite(v)) {
      return "inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e6) {
      return Long.toString((long) v);
    }
    String s = String.format(Locale.ROOT, "%.4g", v);
    return s.contains("e") ? s : s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
