package dqa.eval;

import java.util.List;

/**
 * The per-example outcome of one sweep cell, kept in the sweep file: enough to compute the
 * worst case across attacks, to carry broken examples to a larger ε, and to resume.
 *
 * @param clean base64 bit set (LSB first, one bit per subset image): classified correctly
 * @param robust bit set: classified correctly before and after the attack
 * @param l2 per image, the L2 distance of its adversarial example where the attack broke it, else
 *     −1; for unbounded attacks every break at any distance (so larger ε can be derived)
 * @param linf as {@code l2}, L∞
 * @param queries per image, the model queries spent where the attack counts them, else null
 * @param examples a few newly broken images for the report
 */
public record CellOutcome(
    int modelIndex,
    int attackIndex,
    double eps,
    int n,
    String clean,
    String robust,
    float[] l2,
    float[] linf,
    long[] queries,
    List<Example> examples) {

  public CellOutcome {
    if (l2 == null || linf == null || l2.length != n || linf.length != n || (queries != null && queries.length != n)) {
      throw new IllegalArgumentException("a cell outcome needs one distance (and query count) per image");
    }
    examples = examples == null ? List.of() : List.copyOf(examples);
  }

  static CellOutcome of(
      int model, int attack, double eps, boolean[] clean, boolean[] robust, float[] l2, float[] linf, long[] queries,
      List<Example> examples) {
    return new CellOutcome(
        model, attack, eps, clean.length, Bits.encode(clean), Bits.encode(robust), l2, linf, queries, examples);
  }

  boolean[] cleanFlags() {
    return Bits.decode(clean, n);
  }

  boolean[] robustFlags() {
    return Bits.decode(robust, n);
  }

  boolean at(int model, int attackIndex, double budget) {
    return modelIndex == model && this.attackIndex == attackIndex && eps == budget;
  }
}
