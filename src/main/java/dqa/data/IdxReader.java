package dqa.data;

import dqa.run.CancellationToken;
import dqa.run.Sha256;
import dqa.run.UserException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;

/**
 * Reads IDX image and label files (the MNIST format), raw or gzip-compressed, into uint8 arrays.
 *
 * <p>Everything the header claims is checked before it is trusted: the magic number, the image
 * size, and the count against the file's length (raw) or against the data that actually arrives
 * (gzip, whose uncompressed length is unknown up front). A gzip stream must end exactly where the
 * data ends: no premature end, no trailing garbage. Each failure is a {@link UserException} of the
 * form {@code "<file>: <problem>"}. The SHA-256 of the uncompressed bytes is computed on the way.
 */
public final class IdxReader {
  private IdxReader() {}

  /** Magic number of an IDX file of unsigned bytes with three dimensions (images). */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of an IDX file of unsigned bytes with one dimension (labels). */
  public static final int LABELS_MAGIC = 0x00000801;

  private static final int IMAGES_HEADER = 16;
  private static final int LABELS_HEADER = 8;

  /** The images of one IDX file; {@code sha256} is over the file's uncompressed bytes. */
  public record Images(int count, int height, int width, byte[] pixels, String sha256) {
    public Images {
      if ((long) count * height * width != pixels.length) {
        throw new IllegalArgumentException(
            "pixels do not match " + count + "x" + height + "x" + width);
      }
    }
  }

  /** The labels of one IDX file; {@code sha256} is over the file's uncompressed bytes. */
  public record Labels(int count, byte[] labels, String sha256) {
    public Labels {
      if (labels.length != count) {
        throw new IllegalArgumentException("labels do not match count " + count);
      }
    }
  }

  /** Reads an image file whose images must be {@code height x width}. */
  public static Images readImages(Path file, int height, int width) {
    return readImages(file, height, width, CancellationToken.none());
  }

  /** Reads an image file whose images must be {@code height x width}, checking for cancel. */
  public static Images readImages(Path file, int height, int width, CancellationToken cancel) {
    MessageDigest md = Sha256.newDigest();
    try {
      long fileSize = Files.size(file);
      boolean gz = DataFiles.isGzip(file);
      try (InputStream in = new DigestInputStream(DataFiles.open(file), md)) {
        checkMagic(file, DataFiles.readInt(in, file), IMAGES_MAGIC);
        int count = DataFiles.readInt(in, file);
        int rows = DataFiles.readInt(in, file);
        int cols = DataFiles.readInt(in, file);
        if (rows != height || cols != width) {
          throw DataFiles.problem(
              file,
              "images are "
                  + Integer.toUnsignedString(rows)
                  + "x"
                  + Integer.toUnsignedString(cols)
                  + ", expected "
                  + height
                  + "x"
                  + width);
        }
        long imageSize = (long) height * width;
        long payload = checkCount(file, count, imageSize, "images", gz, fileSize, IMAGES_HEADER);
        byte[] pixels = readPayload(file, in, payload, imageSize, count, "images", gz, cancel);
        requireEnd(file, in, count, "images");
        return new Images(count, height, width, pixels, Sha256.hex(md.digest()));
      }
    } catch (IOException e) {
      throw DataFiles.unreadable(file, e);
    }
  }

  /** Reads a label file whose labels must lie in {@code 0..numClasses-1}. */
  public static Labels readLabels(Path file, int numClasses) {
    return readLabels(file, numClasses, CancellationToken.none());
  }

  /** Reads a label file whose labels must lie in {@code 0..numClasses-1}, checking for cancel. */
  public static Labels readLabels(Path file, int numClasses, CancellationToken cancel) {
    MessageDigest md = Sha256.newDigest();
    try {
      long fileSize = Files.size(file);
      boolean gz = DataFiles.isGzip(file);
      try (InputStream in = new DigestInputStream(DataFiles.open(file), md)) {
        checkMagic(file, DataFiles.readInt(in, file), LABELS_MAGIC);
        int count = DataFiles.readInt(in, file);
        long payload = checkCount(file, count, 1, "labels", gz, fileSize, LABELS_HEADER);
        byte[] labels = readPayload(file, in, payload, 1, count, "labels", gz, cancel);
        requireEnd(file, in, count, "labels");
        for (int i = 0; i < labels.length; i++) {
          if ((labels[i] & 0xff) >= numClasses) {
            throw DataFiles.problem(
                file,
                "label "
                    + (labels[i] & 0xff)
                    + " at index "
                    + i
                    + " is outside 0.."
                    + (numClasses - 1));
          }
        }
        return new Labels(count, labels, Sha256.hex(md.digest()));
      }
    } catch (IOException e) {
      throw DataFiles.unreadable(file, e);
    }
  }

  private static void checkMagic(Path file, int magic, int expected) {
    if (magic == expected) {
      return;
    }
    String wanted = expected == IMAGES_MAGIC ? "an IDX image file" : "an IDX label file";
    if (magic == IMAGES_MAGIC || magic == LABELS_MAGIC) {
      String actual = magic == IMAGES_MAGIC ? "an image file" : "a label file";
      throw DataFiles.problem(
          file,
          "is "
              + actual
              + String.format(" (magic 0x%08x)", magic)
              + ", expected "
              + wanted
              + String.format(" (magic 0x%08x)", expected));
    }
    throw DataFiles.problem(
        file,
        String.format("not %s: magic number is 0x%08x, expected 0x%08x", wanted, magic, expected));
  }

  /**
   * Checks the header's count and returns the payload length; for a raw file against its size, for
   * both against what one array can hold.
   */
  private static long checkCount(
      Path file, int count, long itemSize, String what, boolean gz, long fileSize, int header) {
    if (count < 0) {
      throw DataFiles.problem(
          file,
          "header claims "
              + Integer.toUnsignedString(count)
              + " "
              + what
              + ", an impossible count (corrupt header?)");
    }
    if (count == 0) {
      throw DataFiles.problem(file, "holds no " + what);
    }
    long payload = count * itemSize;
    if (!gz && header + payload != fileSize) {
      throw DataFiles.problem(
          file,
          "header claims "
              + count
              + " "
              + what
              + " ("
              + (header + payload)
              + " bytes with the header) but the file has "
              + fileSize
              + " bytes"
              + (fileSize < header + payload ? " (truncated?)" : ""));
    }
    if (payload > DataFiles.MAX_ARRAY) {
      throw DataFiles.problem(
          file,
          "header claims "
              + count
              + " "
              + what
              + " ("
              + DataFiles.bytes(payload)
              + "), more than can be loaded (corrupt header?)");
    }
    return payload;
  }

  private static byte[] readPayload(
      Path file,
      InputStream in,
      long payload,
      long itemSize,
      int count,
      String what,
      boolean gz,
      CancellationToken cancel)
      throws IOException {
    try {
      return DataFiles.readExactly(in, payload, !gz, cancel);
    } catch (EOFException e) {
      Long got = parseLong(e.getMessage());
      if (got == null) {
        throw DataFiles.problem(file, "gzip stream ends prematurely (truncated file?)");
      }
      throw DataFiles.problem(
          file,
          "data ends after "
              + (got / itemSize)
              + " of the "
              + count
              + " "
              + what
              + " its header announces (truncated file?)");
    }
  }

  private static void requireEnd(Path file, InputStream in, int count, String what)
      throws IOException {
    // For gzip this read also makes the decompressor check the CRC and reject trailing garbage.
    if (in.read() != -1) {
      throw DataFiles.problem(
          file, "holds more data than the " + count + " " + what + " its header announces");
    }
  }

  private static Long parseLong(String s) {
    try {
      return s == null ? null : Long.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Fails when image and label counts of one split differ. */
  static void requireSameCount(Path images, int imageCount, Path labels, int labelCount) {
    if (imageCount != labelCount) {
      throw new UserException(
          labels
              + ": holds "
              + labelCount
              + " labels but "
              + images.getFileName()
              + " holds "
              + imageCount
              + " images");
    }
  }
}
