package dqa.app.common;

import com.fasterxml.jackson.core.type.TypeReference;
import dqa.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Values remembered between starts (last data set, form fields, theme), kept as a small JSON map in
 * the user's home folder; a damaged file is set aside, never fatal.
 */
public final class Settings {
  private final Path file;
  private final Map<String, String> values = new TreeMap<>();

  public Settings(Path file) {
    this.file = file;
    if (file != null && Files.isRegularFile(file)) {
      try {
        values.putAll(Json.mapper().readValue(file.toFile(), new TypeReference<Map<String, String>>() {}));
      } catch (IOException e) {
        try {
          Files.move(file, file.resolveSibling(file.getFileName() + ".damaged"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException ignored) {
          // Starting with defaults is all that matters.
        }
      }
    }
  }

  /** Settings kept only in memory (tests). */
  public static Settings inMemory() {
    return new Settings(null);
  }

  public String get(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  public void put(String key, String value) {
    if (value == null) {
      values.remove(key);
    } else {
      values.put(key, value);
    }
    save();
  }

  private void save() {
    if (file != null) {
      try {
        Json.writeFile(file, values);
      } catch (RuntimeException e) {
        // An unwritable home loses the remembered values, nothing else.
      }
    }
  }
}
