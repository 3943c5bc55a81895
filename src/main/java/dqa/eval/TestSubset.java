package dqa.eval;

import dqa.train.Batches;
import java.util.Arrays;
import java.util.Locale;

/**
 * Which test images an evaluation uses: the first N, or N drawn at random without replacement with
 * a seed; recorded in every result so that it can be re-run on exactly the same images.
 *
 * @param size how many images (0 = all of the test set)
 * @param seed the draw's seed ({@link Kind#RANDOM} only; 0 otherwise)
 */
public record TestSubset(Kind kind, int size, long seed) {

  /** How the images are chosen. */
  public enum Kind {
    /** Test images 0..N−1. */
    FIRST,
    /** N images of a seeded Fisher–Yates shuffle of the whole test set, sorted by index. */
    RANDOM
  }

  public TestSubset {
    kind = kind == null ? Kind.FIRST : kind;
    if (size < 0) {
      throw new IllegalArgumentException("subset size must be 0 (all) or positive, got " + size);
    }
    if (kind == Kind.FIRST) {
      seed = 0;
    }
  }

  /** The first {@code n} test images (0 = all). */
  public static TestSubset first(int n) {
    return new TestSubset(Kind.FIRST, n, 0);
  }

  /** {@code n} test images drawn at random with {@code seed} (0 = all, in order). */
  public static TestSubset random(int n, long seed) {
    return new TestSubset(Kind.RANDOM, n, seed);
  }

  /** The chosen indices into a test set of {@code available} images, ascending. */
  public int[] indices(int available) {
    int n = size == 0 ? available : Math.min(size, available);
    if (kind == Kind.FIRST || n == available) {
      int[] all = new int[n];
      Arrays.setAll(all, i -> i);
      return all;
    }
    int[] drawn = Arrays.copyOf(Batches.shuffled(available, seed), n);
    Arrays.sort(drawn);
    return drawn;
  }

  /** The rule in words, e.g. "the first 64 of 1000 test images". */
  public String describe(int available) {
    int n = size == 0 ? available : Math.min(size, available);
    if (n == available) {
      return "all " + available + " test images";
    }
    return kind == Kind.FIRST
        ? String.format(Locale.ROOT, "the first %d of %d test images", n, available)
        : String.format(
            Locale.ROOT,
            "%d of %d test images drawn without replacement (seed %d: first %d of a Fisher-Yates shuffle, sorted)",
            n, available, seed, n);
  }
}
