package dqa.eval;

import dqa.run.UserException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Parses a list of budgets as people write them on a command line or in a form.
 *
 * <ul>
 *   <li>a comma list: {@code 0,0.05,0.1,0.3}; an item may be a fraction such as {@code 8/255};
 *   <li>a range {@code start:stop:step}, both ends included: {@code 0:0.3:0.05} is 0, 0.05, …, 0.3;
 *   <li>both mixed: {@code 0:0.1:0.02,0.2,0.3}.
 * </ul>
 *
 * <p>The result is sorted ascending without repeats; values are rounded to 10 decimals so that a
 * range gives 0.15, not 0.15000000000000002.
 */
public final class EpsList {
  /** A range may expand to at most this many values. */
  public static final int MAX_VALUES = 1000;

  private EpsList() {}

  /**
   * The budgets {@code text} lists.
   *
   * @throws UserException naming the item that is not a number, a negative value or a bad range
   */
  public static List<Double> parse(String text) {
    if (text == null || text.isBlank()) {
      throw UserException.about("eps", "give a comma list (0,0.1,0.3) or a range start:stop:step (0:0.3:0.05)");
    }
    TreeSet<Double> values = new TreeSet<>();
    for (String item : text.split(",")) {
      String t = item.trim();
      if (t.isEmpty()) {
        throw UserException.about("eps", "'" + text + "': empty item");
      }
      if (t.contains(":")) {
        values.addAll(range(t));
      } else {
        values.add(check(number(t), t));
      }
    }
    return List.copyOf(values);
  }

  /** The list as it would be typed back: {@code 0, 0.05, 0.1}. */
  public static String format(List<Double> eps) {
    List<String> parts = new ArrayList<>();
    for (double e : eps) {
      parts.add(format(e));
    }
    return String.join(", ", parts);
  }

  /** A budget as people write it: 0.3, 0.03137, 1e-05. */
  public static String format(double v) {
    return dqa.attack.Attacks.format(v);
  }

  private static List<Double> range(String t) {
    String[] p = t.split(":", -1);
    if (p.length != 3) {
      throw UserException.about("eps", "range '" + t + "' must be start:stop:step, e.g. 0:0.3:0.05");
    }
    double start = check(number(p[0].trim()), t);
    double stop = check(number(p[1].trim()), t);
    double step = number(p[2].trim());
    if (!(step > 0) || stop < start) {
      throw UserException.about("eps", "range '" + t + "': need start <= stop and a positive step");
    }
    double count = Math.floor((stop - start) / step + 1e-9);
    if (count + 1 > MAX_VALUES) {
      throw UserException.about("eps", "range '" + t + "' has more than " + MAX_VALUES + " values");
    }
    List<Double> out = new ArrayList<>();
    for (int i = 0; i <= (int) count; i++) {
      out.add(round(start + i * step));
    }
    return out;
  }

  private static double number(String t) {
    try {
      int slash = t.indexOf('/');
      if (slash > 0) {
        return round(Double.parseDouble(t.substring(0, slash)) / Double.parseDouble(t.substring(slash + 1)));
      }
      return round(Double.parseDouble(t));
    } catch (NumberFormatException e) {
      throw UserException.about("eps", "'" + t + "' is not a number");
    }
  }

  private static double check(double v, String item) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw UserException.about("eps", "'" + item + "' must be a finite number >= 0");
    }
    return v;
  }

  private static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1e10) / 1e10 : v;
  }
}
