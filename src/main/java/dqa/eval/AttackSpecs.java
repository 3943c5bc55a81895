package dqa.eval;

import dqa.attack.AttackSettings;
import dqa.run.Json;
import dqa.run.UserException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes attack settings as short text: {@code pgd}, {@code pgd[steps=10,grad=exact]}, and
 * comma lists of them ({@code fgsm,pgd[steps=10]}).
 *
 * <p>Keys are the settings of {@link AttackSettings} (whatever settings it has) in any of the
 * spellings {@code random_start}, {@code random-start}, {@code randomStart}; {@code grad} is short
 * for {@code gradient}. A value is converted by the setting type's {@code parse(String)} when it
 * has one (loss, gradient mode), else as a number or boolean; {@code 8/255} is a number.
 */
public final class AttackSpecs {
  private AttackSpecs() {}

  /**
   * Parses a comma list; {@code defaults} (keys as above) apply to every attack that does not set
   * the key itself.
   */
  public static List<AttackSettings> parseList(String text, Map<String, String> defaults) {
    if (text == null || text.isBlank()) {
      throw UserException.about("attacks", "name at least one attack, e.g. fgsm,pgd");
    }
    List<AttackSettings> out = new ArrayList<>();
    for (String item : splitTopLevel(text)) {
      out.add(parse(item, defaults));
    }
    return out;
  }

  /** Parses one attack: {@code name} or {@code name[key=value,...]}. */
  public static AttackSettings parse(String text, Map<String, String> defaults) {
    String t = text.trim();
    String name = t;
    Map<String, String> given = new LinkedHashMap<>();
    int open = t.indexOf('[');
    if (open >= 0) {
      if (!t.endsWith("]")) {
        throw new UserException("attack '" + t + "': settings go in brackets, e.g. pgd[steps=10,grad=exact]");
      }
      name = t.substring(0, open).trim();
      String inner = t.substring(open + 1, t.length() - 1).trim();
      if (!inner.isEmpty()) {
        for (String kv : inner.split("[,;]")) {
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            throw new UserException("attack '" + t + "': '" + kv.trim() + "' is not key=value");
          }
          given.put(component(kv.substring(0, eq).trim(), t).getName(), kv.substring(eq + 1).trim());
        }
      }
    }
    if (name.isEmpty()) {
      throw new UserException("attack '" + t + "': the name is missing");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    if (defaults != null) {
      for (var d : defaults.entrySet()) {
        if (d.getValue() != null) {
          RecordComponent c = component(d.getKey(), t);
          values.put(snake(c.getName()), convert(c, d.getValue(), t));
        }
      }
    }
    for (var g : given.entrySet()) {
      RecordComponent c = component(g.getKey(), t);
      values.put(snake(c.getName()), convert(c, g.getValue(), t));
    }
    values.put("name", name.toLowerCase(Locale.ROOT));
    try {
      return Json.mapper().convertValue(values, AttackSettings.class);
    } catch (IllegalArgumentException e) {
      throw new UserException("attack '" + t + "': " + e.getMessage(), e);
    }
  }

  /** Settings as text that {@link #parse} reads back exactly, e.g. {@code pgd[steps=10,gradient=exact]}. */
  public static String format(AttackSettings settings) {
    List<String> parts = new ArrayList<>();
    for (RecordComponent c : AttackSettings.class.getRecordComponents()) {
      if (c.getName().equals("name")) {
        continue;
      }
      Object v = value(c, settings);
      if (v != null) {
        parts.add(kebab(c.getName()) + "=" + v);
      }
    }
    return settings.name() + (parts.isEmpty() ? "" : "[" + String.join(",", parts) + "]");
  }

  /** Splits at commas outside brackets. */
  static List<String> splitTopLevel(String text) {
    List<String> items = new ArrayList<>();
    int depth = 0;
    StringBuilder cur = new StringBuilder();
    for (char ch : text.toCharArray()) {
      if (ch == '[') {
        depth++;
      } else if (ch == ']') {
        depth--;
      }
      if (ch == ',' && depth == 0) {
        items.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    items.add(cur.toString());
    List<String> out = new ArrayList<>();
    for (String i : items) {
      if (i.isBlank()) {
        throw UserException.about("attacks", "'" + text + "': empty item");
      }
      out.add(i.trim());
    }
    return out;
  }

  private static RecordComponent component(String key, String context) {
    String k = key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    if (k.equals("grad")) {
      k = "gradient";
    }
    List<String> known = new ArrayList<>();
    for (RecordComponent c : AttackSettings.class.getRecordComponents()) {
      if (c.getName().equals("name")) {
        continue;
      }
      known.add(kebab(c.getName()));
      if (c.getName().toLowerCase(Locale.ROOT).equals(k)) {
        return c;
      }
    }
    throw new UserException(
        "attack '" + context + "': unknown setting '" + key + "' (known: " + String.join(", ", known) + ")");
  }

  private static Object convert(RecordComponent c, String text, String context) {
    Class<?> type = c.getType();
    try {
      for (Method m : type.getMethods()) {
        if (m.getName().equals("parse") && Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 1
            && m.getParameterTypes()[0] == String.class && type.isAssignableFrom(m.getReturnType())) {
          return m.invoke(null, text);
        }
      }
      if (type == Double.class || type == double.class) {
        int slash = text.indexOf('/');
        return slash > 0
            ? Double.parseDouble(text.substring(0, slash)) / Double.parseDouble(text.substring(slash + 1))
            : Double.parseDouble(text);
      }
      if (type == Boolean.class || type == boolean.class) {
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
          throw new IllegalArgumentException("not true or false");
        }
        return Boolean.parseBoolean(text);
      }
      return Json.mapper().convertValue(text, type);
    } catch (java.lang.reflect.InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UserException u) {
        throw new UserException("attack '" + context + "': " + u.getMessage(), u);
      }
      throw new UserException(
          "attack '" + context + "': " + kebab(c.getName()) + "=" + text + " (" + cause.getMessage() + ")", cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    } catch (IllegalArgumentException e) {
      throw new UserException("attack '" + context + "': " + kebab(c.getName()) + "=" + text + " is not a valid "
          + type.getSimpleName().toLowerCase(Locale.ROOT), e);
    }
  }

  private static Object value(RecordComponent c, AttackSettings s) {
    try {
      return c.getAccessor().invoke(s);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }
}
