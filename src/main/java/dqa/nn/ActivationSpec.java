package dqa.nn;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dqa.run.UserException;

/**
 * Which activation a hidden layer uses: {@code relu}, {@code fixed:k} or {@code dqa:k}.
 *
 * <p>{@code fixed:k} clips to [−1, 1] and snaps to L = 2^k evenly spaced levels (k = 1 is sign);
 * {@code dqa:k} has the same levels but learns its L − 1 thresholds (Rakin et al., arXiv
 * 1807.06714, as reconstructed in SPEC.md §2). {@code dqa:k/channel} learns one set per channel.
 */
public record ActivationSpec(Kind kind, int bits, boolean perChannel) {
  public static final int MAX_BITS = 8;

  /** The three families of activation. */
  public enum Kind {
    RELU,
    FIXED,
    DQA
  }

  public ActivationSpec {
    if (kind == null) {
      throw new IllegalArgumentException("activation kind is missing");
    }
    if (kind == Kind.RELU && (bits != 0 || perChannel)) {
      throw new IllegalArgumentException("relu takes no bits");
    }
    if (kind != Kind.RELU && (bits < 1 || bits > MAX_BITS)) {
      throw new IllegalArgumentException(
          "activation bits must be 1.." + MAX_BITS + ", got " + bits);
    }
    if (kind == Kind.FIXED && perChannel) {
      throw new IllegalArgumentException("only dqa has per-channel thresholds");
    }
  }

  public static ActivationSpec relu() {
    return new ActivationSpec(Kind.RELU, 0, false);
  }

  public static ActivationSpec fixed(int bits) {
    return new ActivationSpec(Kind.FIXED, bits, false);
  }

  public static ActivationSpec dqa(int bits) {
    return new ActivationSpec(Kind.DQA, bits, false);
  }

  /** Parses {@code relu}, {@code fixed:k}, {@code dqa:k} or {@code dqa:k/channel}. */
  @JsonCreator
  public static ActivationSpec parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("relu")) {
      return relu();
    }
    String[] parts = t.split(":", 2);
    if (parts.length == 2 && (parts[0].equals("fixed") || parts[0].equals("dqa"))) {
      String arg = parts[1];
      boolean perChannel = false;
      if (arg.endsWith("/channel")) {
        perChannel = true;
        arg = arg.substring(0, arg.length() - "/channel".length());
      }
      int bits;
      try {
        bits = Integer.parseInt(arg);
      } catch (NumberFormatException e) {
        throw new UserException(
            "activation '" + text + "': bits must be a whole number 1.." + MAX_BITS);
      }
      try {
        return new ActivationSpec(
            parts[0].equals("fixed") ? Kind.FIXED : Kind.DQA, bits, perChannel);
      } catch (IllegalArgumentException e) {
        throw new UserException("activation '" + text + "': " + e.getMessage());
      }
    }
    throw new UserException(
        "activation '" + text + "' is not one of relu, fixed:k, dqa:k, dqa:k/channel (k = 1.." + MAX_BITS + ")");
  }

  /** Number of output levels, 2^bits (0 for relu). */
  public int levels() {
    return kind == Kind.RELU ? 0 : 1 << bits;
  }

  public boolean isQuantized() {
    return kind != Kind.RELU;
  }

  @JsonValue
  @Override
  public String toString() {
    return switch (kind) {
      case RELU -> "relu";
      case FIXED -> "fixed:" + bits;
      case DQA -> "dqa:" + bits + (perChannel ? "/channel" : "");
    };
  }
}
