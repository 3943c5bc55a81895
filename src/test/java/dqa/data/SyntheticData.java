package dqa.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Small data files in the real formats, written by tests instead of downloading anything. */
final class SyntheticData {
  private SyntheticData() {}

  static final int TRAIN = 20;
  static final int TEST = 10;

  /** Deterministic pixels: image i, pixel p has value (i * 31 + p * 7 + seed) mod 256. */
  static byte[] pixels(int count, int imageSize, int seed) {
    byte[] p = new byte[count * imageSize];
    for (int i = 0; i < count; i++) {
      for (int k = 0; k < imageSize; k++) {
        p[i * imageSize + k] = (byte) (i * 31 + k * 7 + seed);
      }
    }
    return p;
  }

  /** Labels 0, 1, ..., 9, 0, 1, ... shifted by {@code seed}. */
  static byte[] labels(int count, int seed) {
    byte[] l = new byte[count];
    for (int i = 0; i < count; i++) {
      l[i] = (byte) ((i + seed) % 10);
    }
    return l;
  }

  static byte[] idxImages(int count, int rows, int cols, byte[] pixels) {
    ByteBuffer b = ByteBuffer.allocate(16 + pixels.length);
    b.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols).put(pixels);
    return b.array();
  }

  static byte[] idxLabels(int count, byte[] labels) {
    ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
    b.putInt(IdxReader.LABELS_MAGIC).putInt(count).put(labels);
    return b.array();
  }

  static byte[] gzip(byte[] data) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
        gz.write(data);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The four uncompressed files of a small fake MNIST (20 train, 10 test images). */
  static Map<String, byte[]> idxFiles(int seed) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("train-images-idx3-ubyte", idxImages(TRAIN, 28, 28, pixels(TRAIN, 784, seed)));
    files.put("train-labels-idx1-ubyte", idxLabels(TRAIN, labels(TRAIN, seed)));
    files.put("t10k-images-idx3-ubyte", idxImages(TEST, 28, 28, pixels(TEST, 784, seed + 1)));
    files.put("t10k-labels-idx1-ubyte", idxLabels(TEST, labels(TEST, seed + 1)));
    return files;
  }

  /** Writes a fake IDX data set into {@code folder}, gzipped or raw. */
  static Path writeIdx(Path folder, boolean gz, int seed) {
    try {
      Files.createDirectories(folder);
      for (var e : idxFiles(seed).entrySet()) {
        Files.write(
            folder.resolve(e.getKey() + (gz ? ".gz" : "")), gz ? gzip(e.getValue()) : e.getValue());
      }
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A CIFAR-10 batch of {@code records} records with labels (i + seed) mod 10. */
  static byte[] cifarBatch(int records, int seed) {
    byte[] b = new byte[records * CifarReader.RECORD_BYTES];
    byte[] px = pixels(records, CifarReader.IMAGE_BYTES, seed);
    for (int r = 0; r < records; r++) {
      b[r * CifarReader.RECORD_BYTES] = (byte) ((r + seed) % 10);
      System.arraycopy(
          px,
          r * CifarReader.IMAGE_BYTES,
          b,
          r * CifarReader.RECORD_BYTES + 1,
          CifarReader.IMAGE_BYTES);
    }
    return b;
  }

  static final String CIFAR_META =
      "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n";

  /** Writes a small CIFAR-10 copy ({@code records} per batch) into {@code folder}. */
  static Path writeCifar(Path folder, int records) {
    try {
      Files.createDirectories(folder);
      for (int i = 1; i <= 5; i++) {
        Files.write(folder.resolve("data_batch_" + i + ".bin"), cifarBatch(records, i));
      }
      Files.write(folder.resolve("test_batch.bin"), cifarBatch(records, 0));
      Files.writeString(folder.resolve("batches.meta.txt"), CIFAR_META);
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A tar entry to put in an archive: a file, or a symbolic link when {@code linkTarget} is set.
   */
  record Entry(String name, byte[] content, String linkTarget) {
    static Entry file(String name, byte[] content) {
      return new Entry(name, content, null);
    }

    static Entry symlink(String name, String target) {
      return new Entry(name, new byte[0], target);
    }
  }

  /** A tar.gz holding the entries in order. */
  static byte[] tarGz(Entry... entries) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(bytes);
          TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (Entry e : entries) {
          TarArchiveEntry te;
          if (e.linkTarget() != null) {
            te = new TarArchiveEntry(e.name(), TarArchiveEntry.LF_SYMLINK);
            te.setLinkName(e.linkTarget());
          } else {
            // preserveAbsolutePath: tests need entries such as "/etc/evil" and "../evil" as given.
            te = new TarArchiveEntry(e.name(), true);
            te.setSize(e.content().length);
          }
          tar.putArchiveEntry(te);
          tar.write(e.content());
          tar.closeArchiveEntry();
        }
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fake IDX files as a tar.gz laid out like the npm package: {@code package/data/<name>}. */
  static byte[] npmStyleTarball(int seed) {
    var files = idxFiles(seed);
    Entry[] entries = new Entry[files.size() + 1];
    entries[0] = Entry.file("package/package.json", "{}".getBytes(StandardCharsets.UTF_8));
    int i = 1;
    for (var e : files.entrySet()) {
      entries[i++] = Entry.file("package/data/" + e.getKey(), e.getValue());
    }
    return tarGz(entries);
  }
}
