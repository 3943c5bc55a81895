package dqa.data;

import dqa.run.CancellationToken;
import dqa.run.UserException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Reading helpers shared by the readers: gzip sniffing, bounded reads and uniform messages. */
final class DataFiles {
  private DataFiles() {}

  /** The largest byte array a JVM reliably allocates. */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 16;

  private static final int BUFFER = 1 << 16;
  private static final int FIRST_CHUNK = 1 << 20;

  /** True when the file starts with the gzip magic bytes 1f 8b (no IDX or CIFAR file does). */
  static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  /**
   * Opens a data file for reading its uncompressed bytes, decompressing when it is gzip.
   *
   * <p>Concatenated gzip members are read as one stream, and anything after the last member that is
   * not another member is an error rather than silently ignored (what {@code java.util.zip} would
   * do).
   */
  static InputStream open(Path file) throws IOException {
    return openStream(Files.newInputStream(file), file);
  }

  /** As {@link #open(Path)}, over a stream of {@code file}'s bytes that the caller opened. */
  static InputStream openStream(InputStream fileBytes, Path file) throws IOException {
    boolean gz = isGzip(file);
    InputStream raw = new BufferedInputStream(fileBytes, BUFFER);
    if (!gz) {
      return raw;
    }
    try {
      return new GzipStream(new GzipCompressorInputStream(raw, true));
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /**
   * The existing file for an uncompressed name in a folder: the raw file if present, else {@code
   * name.gz}.
   */
  static Optional<Path> find(Path folder, String name) {
    Path raw = folder.resolve(name);
    if (Files.isRegularFile(raw)) {
      return Optional.of(raw);
    }
    Path gz = folder.resolve(name + ".gz");
    return Files.isRegularFile(gz) ? Optional.of(gz) : Optional.empty();
  }

  /** The files of {@code id} that {@code folder} lacks (raw or gzipped), in the data set's order. */
  static List<String> missing(Path folder, DatasetId id) {
    return id.fileNames().stream().filter(n -> find(folder, n).isEmpty()).toList();
  }

  /**
   * True when a folder holds a loadable copy of the data set: all its files, or (CIFAR-10) an image
   * folder imported into the product's cache.
   */
  static boolean holdsCopy(Path folder, DatasetId id) {
    return holdsAll(folder, id) || (!id.isIdx() && ImageFolderCache.exists(folder));
  }

  /** True when a folder holds every one of the data set's files (raw or gzipped). */
  static boolean holdsAll(Path folder, DatasetId id) {
    return Files.isDirectory(folder)
        && id.fileNames().stream().allMatch(n -> find(folder, n).isPresent());
  }

  /**
   * Reads exactly {@code expected} bytes.
   *
   * <p>When the length was already checked against the file size ({@code sizeKnown}) the array is
   * allocated at once; otherwise (a gzip stream, whose header count cannot be checked up front) the
   * array grows only as data actually arrives, so a header claiming a huge count costs no more
   * memory than the file really holds.
   *
   * @throws EOFException when the stream ends early; the message says how many bytes came
   */
  static byte[] readExactly(
      InputStream in, long expected, boolean sizeKnown, CancellationToken cancel)
      throws IOException {
    if (expected > MAX_ARRAY) {
      throw new IllegalArgumentException("cannot hold " + expected + " bytes in one array");
    }
    int total = (int) expected;
    byte[] buf = new byte[sizeKnown ? total : Math.min(total, FIRST_CHUNK)];
    int n = 0;
    while (n < total) {
      if (n == buf.length) {
        buf = Arrays.copyOf(buf, (int) Math.min(total, 2L * buf.length));
      }
      int r = in.read(buf, n, Math.min(buf.length - n, 8 * BUFFER));
      if (r < 0) {
        throw new EOFException(Integer.toString(n));
      }
      n += r;
      cancel.throwIfCancelled();
    }
    return buf;
  }

  /** Reads a big-endian 32-bit int, or fails with a message about a too-short header. */
  static int readInt(InputStream in, Path file) throws IOException {
    byte[] b = in.readNBytes(4);
    if (b.length < 4) {
      throw problem(file, "file is too short for its header");
    }
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }

  /** A user-facing refusal naming the file. */
  static UserException problem(Path file, String message) {
    return new UserException(file + ": " + message);
  }

  /** Turns an I/O failure while reading {@code file} into a user-facing message. */
  static UserException unreadable(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new UserException(file + ": file not found", e);
    }
    if (e instanceof BadGzipException) {
      return new UserException(file + ": not valid gzip data (" + e.getMessage() + ")", e);
    }
    if (e instanceof EOFException) {
      return new UserException(file + ": file ends prematurely (truncated download?)", e);
    }
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new UserException(file + ": could not read (" + detail.strip() + ")", e);
  }

  /** Corrupt gzip content, as opposed to a failing disk. */
  static final class BadGzipException extends IOException {
    private static final long serialVersionUID = 1L;

    BadGzipException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Marks the decompressor's format errors so that messages can call them what they are. */
  private static final class GzipStream extends FilterInputStream {
    GzipStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (EOFException e) {
        throw e;
      } catch (IOException e) {
        throw new BadGzipException(e.getMessage(), e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (EOFException e) {
        throw e;
      } catch (IOException e) {
        throw new BadGzipException(e.getMessage(), e);
      }
    }
  }

  /** Human-readable byte count, e.g. "47.0 MB". */
  static String bytes(long n) {
    if (n < 1000) {
      return n + " bytes";
    }
    String[] units = {"kB", "MB", "GB", "TB", "PB", "EB"};
    double v = n;
    int u = -1;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
