package dqa.data;

import dqa.run.CancellationToken;
import dqa.run.Sha256;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the binary version of CIFAR-10: batch files of 3073-byte records (one label byte, then the
 * red, green and blue 32x32 planes) and the {@code batches.meta.txt} class names.
 *
 * <p>Record-count rule: the real batches hold exactly 10,000 records each, but this reader accepts
 * any whole number of records of at least one, provided every batch read together holds the same
 * number. Tests can then use small files in the real format, while a file truncated at a record
 * boundary still fails (its count differs from its siblings') instead of loading partially. Files
 * are raw (the archive's batches are not compressed individually); a gzipped batch is refused.
 */
public final class CifarReader {
  private CifarReader() {}

  public static final int IMAGE_BYTES = 3 * 32 * 32;
  public static final int RECORD_BYTES = 1 + IMAGE_BYTES;

  /** Records per batch in the published data set. */
  public static final int RECORDS_PER_BATCH = 10_000;

  private static final int NUM_CLASSES = 10;
  private static final int CHUNK_RECORDS = 1024;
  private static final long MAX_META_BYTES = 64 * 1024;

  /** Images of one or more batch files, with each file's SHA-256 in the order given. */
  public record Batches(LabeledImages images, int recordsPerFile, List<String> sha256) {
    public Batches {
      sha256 = List.copyOf(sha256);
    }
  }

  /** Reads one batch file. */
  public static Batches read(Path file) {
    return read(List.of(file), CancellationToken.none());
  }

  /**
   * Reads batch files into one set of images, in order; all files must hold the same number of
   * records.
   */
  public static Batches read(List<Path> files, CancellationToken cancel) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no batch files given");
    }
    long perFile = -1;
    Path first = null;
    for (Path f : files) {
      long records = records(f);
      if (perFile < 0) {
        perFile = records;
        first = f;
      } else if (records != perFile) {
        throw DataFiles.problem(
            f,
            "holds "
                + records
                + " records but "
                + first.getFileName()
                + " holds "
                + perFile
                + " (the batches of one copy hold the same number; truncated file?)");
      }
    }
    long total = perFile * files.size();
    if (total * IMAGE_BYTES > DataFiles.MAX_ARRAY) {
      throw DataFiles.problem(first, "too many records to load (" + total + ")");
    }
    byte[] pixels = new byte[(int) total * IMAGE_BYTES];
    byte[] labels = new byte[(int) total];
    List<String> hashes = new ArrayList<>();
    int offset = 0;
    for (Path f : files) {
      hashes.add(readInto(f, (int) perFile, pixels, labels, offset, cancel));
      offset += (int) perFile;
    }
    return new Batches(
        new LabeledImages((int) total, 3, 32, 32, pixels, labels), (int) perFile, hashes);
  }

  /** The number of records in a batch file, from its length. */
  static long records(Path file) {
    try {
      if (DataFiles.isGzip(file)) {
        throw DataFiles.problem(
            file, "is gzip-compressed; CIFAR-10 batch files are read uncompressed");
      }
      long size = Files.size(file);
      if (size == 0 || size % RECORD_BYTES != 0) {
        throw DataFiles.problem(
            file,
            "is "
                + size
                + " bytes, not a whole number of "
                + RECORD_BYTES
                + "-byte records (a"
                + " CIFAR-10 batch holds "
                + RECORDS_PER_BATCH
                + " records, "
                + (long) RECORDS_PER_BATCH * RECORD_BYTES
                + " bytes)");
      }
      return size / RECORD_BYTES;
    } catch (IOException e) {
      throw DataFiles.unreadable(file, e);
    }
  }

  private static String readInto(
      Path file, int records, byte[] pixels, byte[] labels, int offset, CancellationToken cancel) {
    MessageDigest md = Sha256.newDigest();
    byte[] chunk = new byte[CHUNK_RECORDS * RECORD_BYTES];
    try (InputStream in =
        new DigestInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), md)) {
      int done = 0;
      while (done < records) {
        cancel.throwIfCancelled();
        int n = Math.min(CHUNK_RECORDS, records - done);
        int got = in.readNBytes(chunk, 0, n * RECORD_BYTES);
        if (got != n * RECORD_BYTES) {
          // The length was checked a moment ago, so this is a file changing under us.
          throw DataFiles.problem(file, "file shrank while being read");
        }
        for (int r = 0; r < n; r++) {
          int base = r * RECORD_BYTES;
          int label = chunk[base] & 0xff;
          int index = offset + done + r;
          if (label >= NUM_CLASSES) {
            throw DataFiles.problem(
                file, "record " + (done + r) + " has label " + label + ", outside 0..9");
          }
          labels[index] = (byte) label;
          System.arraycopy(chunk, base + 1, pixels, index * IMAGE_BYTES, IMAGE_BYTES);
        }
        done += n;
      }
      if (in.read() != -1) {
        throw DataFiles.problem(file, "file grew while being read");
      }
    } catch (IOException e) {
      throw DataFiles.unreadable(file, e);
    }
    return Sha256.hex(md.digest());
  }

  /** The class names and SHA-256 of a {@code batches.meta.txt} file. */
  public record Meta(List<String> classNames, String sha256) {
    public Meta {
      classNames = List.copyOf(classNames);
    }
  }

  /**
   * Reads {@code batches.meta.txt}: one class name per line, blank lines ignored; the first ten
   * must be CIFAR-10's, so that a different data set in the same format is not taken for it.
   */
  public static Meta readMeta(Path file, List<String> expected) {
    try {
      long size = Files.size(file);
      if (size > MAX_META_BYTES) {
        throw DataFiles.problem(file, "is " + size + " bytes, too large for a class-name list");
      }
      byte[] bytes = Files.readAllBytes(file);
      List<String> names =
          new String(bytes, StandardCharsets.UTF_8)
              .lines()
              .map(String::strip)
              .filter(s -> !s.isEmpty())
              .toList();
      if (names.size() < expected.size()) {
        throw DataFiles.problem(
            file, "lists " + names.size() + " class names, expected " + expected.size());
      }
      if (!names.subList(0, expected.size()).equals(expected)) {
        throw DataFiles.problem(
            file,
            "class names "
                + names.subList(0, expected.size())
                + " differ from CIFAR-10's "
                + expected);
      }
      return new Meta(names.subList(0, expected.size()), Sha256.of(bytes));
    } catch (IOException e) {
      throw DataFiles.unreadable(file, e);
    }
  }
}
