package dqa.run;

/**
 * A problem caused by the user's input (a file, a field, an option) rather than by a bug.
 *
 * <p>The message is shown to the user as it is, on one line, and must name the file or field and
 * the problem. The command line exits with code 2 on it; the window shows it in a dialog.
 */
public class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
