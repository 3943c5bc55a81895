package dqa.run;

/**
 * A problem caused by the user's input (a file, a field, an option) rather than by a bug.
 *
 * <p>The message is shown to the user as it is, on one line, and must name the file or field and
 * the problem. The command line exits with code 2 on it; the window shows it in a dialog.
 */
public class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The setting the problem concerns (an option's name without dashes, e.g. {@code eps}); null when none. */
  private final String option;
  /** The problem without the setting's name, for a form that names its field itself. */
  private final String problem;

  public UserException(String message) {
    this(message, (Throwable) null);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
    this.option = null;
    this.problem = message;
  }

  private UserException(String option, String problem, Throwable cause) {
    super("--" + option + ": " + problem, cause);
    this.option = option;
    this.problem = problem;
  }

  /**
   * A problem with one setting: the command line reads {@code --eps: <problem>}, a form shows the
   * problem beside its own field's name (no parsing of the message needed).
   */
  public static UserException about(String option, String problem) {
    return new UserException(option, problem, null);
  }

  /** The setting's name ({@code eps}, {@code attacks}), or null when the problem concerns no single one. */
  public String option() {
    return option;
  }

  /** The problem in words, without the setting's name when there is one. */
  public String problem() {
    return problem;
  }
}
