package dqa.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * Writes files and folders so that a reader sees either the old or the complete new content.
 *
 * <p>Everything is written to a temporary sibling first and then moved into place; a crash or a
 * cancel in between leaves the previous version intact and at most a {@code .tmp-*} sibling behind.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Something that writes a whole file's content to a stream. */
  @FunctionalInterface
  public interface StreamWriter {
    void write(OutputStream out) throws IOException;
  }

  /** Something that fills a fresh, empty directory. */
  @FunctionalInterface
  public interface DirectoryWriter {
    void write(Path directory) throws IOException;
  }

  public static void writeString(Path target, String content) {
    write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
  }

  public static void writeBytes(Path target, byte[] content) {
    write(target, out -> out.write(content));
  }

  /** Writes a file atomically: temp sibling, flush to disk, then move over the target. */
  public static void write(Path target, StreamWriter writer) {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = dir.resolve(".tmp-" + target.getFileName() + "-" + UUID.randomUUID());
    try {
      Files.createDirectories(dir);
      try (var channel =
              java.nio.channels.FileChannel.open(
                  tmp,
                  java.nio.file.StandardOpenOption.CREATE_NEW,
                  java.nio.file.StandardOpenOption.WRITE);
          OutputStream out =
              new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel))) {
        writer.write(out);
        out.flush();
        channel.force(true);
      }
      move(tmp, target);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  /**
   * Fills a fresh directory and then puts it in place of {@code target}, replacing any earlier
   * directory there only once the new one is complete.
   */
  public static void writeDirectory(Path target, DirectoryWriter writer) {
    Path abs = target.toAbsolutePath();
    Path parent = abs.getParent();
    String token = UUID.randomUUID().toString();
    Path staging = parent.resolve(".tmp-" + abs.getFileName() + "-" + token);
    Path old = parent.resolve(".old-" + abs.getFileName() + "-" + token);
    try {
      Files.createDirectories(staging);
      writer.write(staging);
      if (Files.exists(abs)) {
        move(abs, old);
      }
      move(staging, abs);
      deleteRecursively(old);
    } catch (IOException e) {
      deleteRecursively(staging);
      if (!Files.exists(abs) && Files.exists(old)) {
        try {
          move(old, abs);
        } catch (IOException restore) {
          e.addSuppressed(restore);
        }
      }
      throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteRecursively(staging);
      throw e;
    }
  }

  /** Moves atomically where the file system allows it, else replaces. */
  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Deletes a file or a directory tree; missing is fine; failures are ignored. */
  public static void deleteRecursively(Path path) {
    if (path == null || !Files.exists(path)) {
      return;
    }
    try {
      Files.walkFileTree(
          path,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException ignored) {
      // Best effort: a leftover temp folder is harmless and removed by the next cleanup.
    }
  }

  /** Removes {@code .tmp-*} leftovers of interrupted writes in a folder. */
  public static void cleanLeftovers(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".tmp-*")) {
      for (Path p : entries) {
        deleteRecursively(p);
      }
    } catch (IOException ignored) {
      // Leftovers are harmless.
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // The temp file is named so that cleanLeftovers finds it later.
    }
  }
}
