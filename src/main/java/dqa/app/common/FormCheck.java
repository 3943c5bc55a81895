package dqa.app.common;

import dqa.run.InvalidSettingsException;
import dqa.run.UserException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Checks every field of a form in one pass and keeps one message per field, so the form marks all
 * bad fields together instead of the first one only. Knows nothing of JavaFX: a view-model fills it
 * from its text properties and the view marks the controls by key.
 */
public final class FormCheck {
  private final Map<String, String> byField = new LinkedHashMap<>();

  /** Parses one field; on a user error records its message and returns {@code fallback}. */
  public <T> T parse(String field, Supplier<T> parser, T fallback) {
    try {
      return parser.get();
    } catch (UserException e) {
      problem(field, e.getMessage());
      return fallback;
    }
  }

  public double number(String field, String label, String text, double fallback) {
    return parse(field, () -> {
      try {
        return Double.parseDouble(text.trim());
      } catch (NumberFormatException | NullPointerException e) {
        throw new UserException(label + ": '" + text + "' is not a number");
      }
    }, fallback);
  }

  public int whole(String field, String label, String text, int fallback) {
    return parse(field, () -> {
      try {
        return Integer.parseInt(text.trim());
      } catch (NumberFormatException | NullPointerException e) {
        throw new UserException(label + ": '" + text + "' is not a whole number");
      }
    }, fallback);
  }

  /** Records a problem unless {@code ok}. */
  public void require(boolean ok, String field, String message) {
    if (!ok) {
      problem(field, message);
    }
  }

  /**
   * Builds a record from the parsed values and takes over the rules it breaks, each on the form
   * field that {@code fieldOf} maps the record's setting to. A field that did not even parse keeps
   * its parse message: the record only saw a stand-in value there. Returns null when anything failed.
   */
  public <T> T build(Supplier<T> constructor, Function<String, String> fieldOf) {
    try {
      T value = constructor.get();
      return byField.isEmpty() ? value : null;
    } catch (InvalidSettingsException e) {
      for (InvalidSettingsException.Problem p : e.problems()) {
        problem(fieldOf.apply(p.field()), capitalized(p.message()));
      }
      return null;
    } catch (UserException | IllegalArgumentException e) {
      problem("", capitalized(e.getMessage()));
      return null;
    }
  }

  private void problem(String field, String message) {
    byField.putIfAbsent(field, message);
  }

  public boolean ok() {
    return byField.isEmpty();
  }

  /** Field key → message, in the order the form checked them; key "" for a problem of no one field. */
  public Map<String, String> problems() {
    return Collections.unmodifiableMap(byField);
  }

  /** Every message, one per line. */
  public String summary() {
    return String.join("\n", byField.values());
  }

  /** Throws the problems as one user error (for a caller that needs the value, not the marks). */
  public void throwIfAny() {
    if (!byField.isEmpty()) {
      throw new UserException(String.join("; ", byField.values()));
    }
  }

  private static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
