package dqa.nn;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dqa.run.UserException;

/**
 * How gradients pass backwards through a quantizer; the forward value is always the exact staircase.
 *
 * <ul>
 *   <li>{@code ste}: straight-through (Bengio et al. 2013), gradient 1 inside the clip window [−1, 1]
 *       and 0 outside; the training default.
 *   <li>{@code surrogate:τ}: gradient of the sigmoid-smoothed staircase; τ is the sharpness in
 *       units of one bin width (larger is closer to the staircase), so the slope at a threshold is
 *       τ/4 — a BPDA-style adaptive attack (Athalye et al. 2018).
 *   <li>{@code exact}: the true gradient, zero almost everywhere; attacking with it exposes gradient
 *       masking.
 * </ul>
 */
public record GradientMode(Kind kind, double sharpness) {
  public static final double DEFAULT_SHARPNESS = 4.0;

  /** The three backward rules. */
  public enum Kind {
    STE,
    SURROGATE,
    EXACT
  }

  public GradientMode {
    if (kind == null) {
      throw new IllegalArgumentException("gradient mode is missing");
    }
    if (kind == Kind.SURROGATE && !(sharpness > 0 && Double.isFinite(sharpness))) {
      throw new IllegalArgumentException("surrogate sharpness must be a positive number, got " + sharpness);
    }
    if (kind != Kind.SURROGATE) {
      sharpness = 0;
    }
  }

  public static GradientMode ste() {
    return new GradientMode(Kind.STE, 0);
  }

  public static GradientMode exact() {
    return new GradientMode(Kind.EXACT, 0);
  }

  public static GradientMode surrogate(double sharpness) {
    return new GradientMode(Kind.SURROGATE, sharpness);
  }

  /** Parses {@code ste}, {@code exact}, {@code surrogate} or {@code surrogate:τ}. */
  @JsonCreator
  public static GradientMode parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("ste")) {
      return ste();
    }
    if (t.equals("exact")) {
      return exact();
    }
    if (t.equals("surrogate")) {
      return surrogate(DEFAULT_SHARPNESS);
    }
    if (t.startsWith("surrogate:")) {
      try {
        return surrogate(Double.parseDouble(t.substring("surrogate:".length())));
      } catch (IllegalArgumentException e) {
        throw new UserException("gradient mode '" + text + "': τ must be a positive number");
      }
    }
    throw new UserException("gradient mode '" + text + "' is not one of ste, exact, surrogate:τ");
  }

  @JsonValue
  @Override
  public String toString() {
    return switch (kind) {
      case STE -> "ste";
      case EXACT -> "exact";
      case SURROGATE -> "surrogate:" + trim(sharpness);
    };
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
