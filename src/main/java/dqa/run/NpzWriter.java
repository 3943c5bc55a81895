package dqa.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes NumPy {@code .npz} archives (a zip of {@code .npy} files, format version 1.0) of float32
 * arrays, readable by {@code numpy.load}.
 */
public final class NpzWriter {
  private NpzWriter() {}

  /** One C-order array with its shape: float32 values, or int32 values when {@code ints} is set. */
  public record Array(long[] shape, float[] values, int[] ints) {
    public Array {
      long size = LongStream.of(shape).reduce(1, (a, b) -> a * b);
      if ((values == null) == (ints == null)) {
        throw new IllegalArgumentException("an array holds either float32 or int32 values");
      }
      int length = values != null ? values.length : ints.length;
      if (size != length) {
        throw new IllegalArgumentException("shape holds " + size + " values, array has " + length);
      }
    }

    /** A float32 array. */
    public Array(long[] shape, float[] values) {
      this(shape, values, null);
    }

    /** An int32 array. */
    public static Array ofInts(long[] shape, int[] values) {
      return new Array(shape, null, values);
    }
  }

  /** Writes arrays (and optional extra text entries such as a JSON description) atomically. */
  public static void write(Path file, Map<String, Array> arrays, Map<String, String> textEntries) {
    AtomicFiles.write(
        file,
        out -> {
          ZipOutputStream zip = new ZipOutputStream(out);
          for (var e : arrays.entrySet()) {
            zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
            writeNpy(zip, e.getValue());
            zip.closeEntry();
          }
          for (var e : textEntries.entrySet()) {
            zip.putNextEntry(new ZipEntry(e.getKey()));
            zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
          }
          zip.finish();
        });
  }

  /** Writes one {@code .npy} (version 1.0, little-endian float32 or int32, C order). */
  public static void writeNpy(OutputStream out, Array array) throws IOException {
    String shape =
        array.shape().length == 1
            ? "(" + array.shape()[0] + ",)"
            : LongStream.of(array.shape()).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    String dict = String.format(Locale.ROOT, "{'descr': '%s', 'fortran_order': False, 'shape': %s, }", array.ints() != null ? "<i4" : "<f4", shape);
    // Magic (6) + version (2) + header length (2) + dict + padding + '\n' must be a multiple of 64.
    int unpadded = 10 + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(padding) + "\n";
    ByteBuffer head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    head.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    head.putShort((short) header.length());
    out.write(head.array());
    out.write(header.getBytes(StandardCharsets.US_ASCII));
    ByteBuffer data;
    if (array.ints() != null) {
      data = ByteBuffer.allocate(array.ints().length * 4).order(ByteOrder.LITTLE_ENDIAN);
      data.asIntBuffer().put(array.ints());
    } else {
      data = ByteBuffer.allocate(array.values().length * 4).order(ByteOrder.LITTLE_ENDIAN);
      data.asFloatBuffer().put(array.values());
    }
    out.write(data.array());
  }
}
