package dqa.run;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Settings that break more than one rule at once, each problem tied to the setting it concerns.
 *
 * <p>A record's compact constructor checks every rule before it throws, so a form can mark every bad
 * field together and the command line names every bad option in one message. It stays an
 * {@link IllegalArgumentException}: code that builds a record from values it trusts need not catch it.
 */
public final class InvalidSettingsException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * One broken rule.
   *
   * @param field the setting's name as the record spells its component ({@code epochs}, {@code
   *     adversarial.eps}), so a caller maps it to its own field or option
   * @param message a sentence that names the setting and the problem
   */
  public record Problem(String field, String message) {}

  private final transient List<Problem> problems;

  private InvalidSettingsException(List<Problem> problems) {
    super(problems.stream().map(Problem::message).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  /** Collects the broken rules of one set of settings; {@link #throwIfAny} ends the check. */
  public static final class Check {
    private final List<Problem> problems = new ArrayList<>();

    /** Records a problem with {@code field} unless {@code ok}. */
    public Check require(boolean ok, String field, String message) {
      if (!ok) {
        problems.add(new Problem(field, message));
      }
      return this;
    }

    public void throwIfAny() {
      if (!problems.isEmpty()) {
        throw new InvalidSettingsException(problems);
      }
    }
  }
}
