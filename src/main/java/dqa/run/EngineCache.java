package dqa.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where DJL unpacks libtorch from the bundled native jar (once, about 430 MB): {@code
 * ENGINE_CACHE_DIR} or {@code DJL_CACHE_DIR} (environment or system property), else {@code
 * ~/.djl.ai}. The window shows the first start's progress from it and names it when it cannot be
 * written.
 */
public final class EngineCache {
  /** The system property DJL reads for the engine cache; the workbench sets it from its settings. */
  public static final String PROPERTY = "ENGINE_CACHE_DIR";

  private EngineCache() {}

  /** The PyTorch folder inside the engine cache. */
  public static Path folder() {
    return ai.djl.util.Utils.getEngineCacheDir("pytorch");
  }

  /** Whether libtorch still has to be unpacked (no shared library in the cache yet). */
  public static boolean firstStart() {
    Path f = folder();
    if (!Files.isDirectory(f)) {
      return true;
    }
    try (Stream<Path> s = Files.walk(f)) {
      return s.noneMatch(p -> p.getFileName().toString().startsWith("libtorch"));
    } catch (IOException | java.io.UncheckedIOException e) {
      return true;
    }
  }

  /** Bytes unpacked so far (0 when the folder does not exist yet). */
  public static long unpackedBytes() {
    Path f = folder();
    if (!Files.isDirectory(f)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(f)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0;
    }
  }

  /**
   * Throws a {@link UserException} naming the cache folder when it cannot be created or written,
   * before DJL fails on it with a less helpful message.
   */
  public static void checkWritable() {
    Path f = folder();
    try {
      Files.createDirectories(f);
      Path probe = Files.createTempFile(f, ".write-test", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new UserException("the engine cache folder " + f + " cannot be written (" + e.getMessage()
          + "); choose another folder, or set " + PROPERTY + " to one");
    }
  }
}
