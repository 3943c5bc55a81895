package dqa.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one sanity check of an evaluation: its name, pass or warn, the evidence in words,
 * and the numbers behind it.
 */
public record Check(String name, Verdict verdict, String evidence, Map<String, Double> numbers) {

  /** PASS: nothing suspicious found; WARN: the evaluation may overstate robustness. */
  public enum Verdict {
    PASS,
    WARN
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
}
