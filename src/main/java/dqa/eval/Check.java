package dqa.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one sanity check of an evaluation: its name, pass or warn, the evidence in words,
 * and the numbers behind it.
 */
public record Check(String name, Verdict verdict, String evidence, Map<String, Double> numbers) {

  /**
   * PASS: nothing suspicious found; WARN: the evaluation may overstate robustness; NOT_APPLICABLE: the
   * sweep holds nothing this check can look at (no black-box attack to compare, no PGD to rerun), which
   * is neither reassurance nor a warning.
   */
  public enum Verdict {
    PASS,
    WARN,
    NOT_APPLICABLE;

    /** How a person reads it: "PASS", "WARN", "N/A". */
    public String label() {
      return this == NOT_APPLICABLE ? "N/A" : name();
    }
  }

  public Check {
    if (name == null || verdict == null || evidence == null) {
      throw new IllegalArgumentException("a check needs a name, a verdict and evidence");
    }
    numbers = numbers == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
  }

  public boolean passed() {
    return verdict == Verdict.PASS;
  }

  /** True when the check found something that may overstate robustness. */
  public boolean warns() {
    return verdict == Verdict.WARN;
  }

  /** A check that had nothing to look at; {@code evidence} says what was missing. */
  static Check notApplicable(String name, String missing, Map<String, Double> numbers) {
    return new Check(name, Verdict.NOT_APPLICABLE, "not applicable: " + missing, numbers);
  }
}
