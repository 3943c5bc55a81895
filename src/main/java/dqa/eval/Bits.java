package dqa.eval;

import java.util.Base64;

/** Packs per-example flags into short strings for result files: base64 of bits, LSB first. */
final class Bits {
  private Bits() {}

  static String encode(boolean[] flags) {
    byte[] packed = new byte[(flags.length + 7) / 8];
    for (int i = 0; i < flags.length; i++) {
      if (flags[i]) {
        packed[i >> 3] |= (byte) (1 << (i & 7));
      }
    }
    return Base64.getEncoder().encodeToString(packed);
  }

  static boolean[] decode(String text, int n) {
    byte[] packed = Base64.getDecoder().decode(text);
    if (packed.length != (n + 7) / 8) {
      throw new IllegalArgumentException(
          "a bit set of " + n + " flags needs " + (n + 7) / 8 + " bytes, got " + packed.length);
    }
    boolean[] flags = new boolean[n];
    for (int i = 0; i < n; i++) {
      flags[i] = (packed[i >> 3] & (1 << (i & 7))) != 0;
    }
    return flags;
  }

  static int count(boolean[] flags) {
    int c = 0;
    for (boolean f : flags) {
      if (f) {
        c++;
      }
    }
    return c;
  }
}
