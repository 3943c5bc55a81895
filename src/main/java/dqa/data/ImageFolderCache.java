package dqa.data;

import dqa.run.CancellationToken;
import dqa.run.Json;
import dqa.run.Sha256;
import dqa.run.UserException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;

/**
 * The product's cache of an imported image folder: one binary file per split plus the manifest.
 *
 * <p>A split file is, big-endian like IDX: the magic {@code "DQAI"}, then the int32s format
 * version, image count N, channels C, height H, width W and class count K (28 bytes of header);
 * then N uint16 labels; then N images of C x H x W uint8 (each image its C planes, row by row, the
 * layout of {@link LabeledImages}). Loading is therefore one bulk read per array, with the file's
 * SHA-256 computed on the way and compared with the manifest's, as the IDX and CIFAR readers
 * fingerprint their files.
 */
public final class ImageFolderCache {
  private ImageFolderCache() {}

  public static final int FORMAT_VERSION = 1;
  public static final String MANIFEST = "image-folder.json";
  public static final String TRAIN_FILE = "train.dqai";
  public static final String TEST_FILE = "test.dqai";

  private static final int MAGIC = 0x44514149; // "DQAI"
  private static final int HEADER_BYTES = 7 * 4;

  /** A loaded cache: the manifest and both splits. */
  public record Loaded(ImageFolderManifest manifest, LabeledImages train, LabeledImages test) {}

  /** Something that writes the pixels of image {@code i} of a split (C x H x W bytes) to out. */
  @FunctionalInterface
  interface ImageSource {
    void write(int i, OutputStream out) throws IOException;
  }

  /**
   * Writes one split file into {@code file} (a staging folder's; the caller moves the folder into
   * place), forcing it to disk, and returns its SHA-256.
   */
  static String writeSplit(
      Path file,
      int count,
      int channels,
      int height,
      int width,
      int numClasses,
      int[] labels,
      ImageSource images,
      CancellationToken cancel)
      throws IOException {
    MessageDigest md = Sha256.newDigest();
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      DataOutputStream out =
          new DataOutputStream(
              new DigestOutputStream(
                  new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16), md));
      for (int v : new int[] {MAGIC, FORMAT_VERSION, count, channels, height, width, numClasses}) {
        out.writeInt(v);
      }
      for (int i = 0; i < count; i++) {
        out.writeShort(labels[i]);
      }
      for (int i = 0; i < count; i++) {
        if (i % 1024 == 0) {
          cancel.throwIfCancelled();
        }
        images.write(i, out);
      }
      out.flush();
      channel.force(true);
    }
    return Sha256.hex(md.digest());
  }

  /** True when {@code folder} holds a manifest (whether the cache is sound is checked on load). */
  public static boolean exists(Path folder) {
    return Files.isRegularFile(folder.resolve(MANIFEST));
  }

  public static ImageFolderManifest readManifest(Path folder) {
    return Json.readFile(folder.resolve(MANIFEST), ImageFolderManifest.class);
  }

  /**
   * Loads a cache written by {@link ImageFolderImporter}.
   *
   * @throws UserException naming the file when it is missing, damaged or disagrees with the
   *     manifest
   */
  public static Loaded load(Path folder, CancellationToken cancel) {
    ImageFolderManifest m = readManifest(folder);
    if (m.formatVersion() != FORMAT_VERSION) {
      throw DataFiles.problem(
          folder.resolve(MANIFEST),
          "cache format "
              + m.formatVersion()
              + ", this version reads "
              + FORMAT_VERSION
              + "; import the images again");
    }
    if (m.classNames().size() > LabeledImages.MAX_CLASSES) {
      throw DataFiles.problem(
          folder.resolve(MANIFEST),
          m.classNames().size() + " classes, more than the " + LabeledImages.MAX_CLASSES + " the cache format holds");
    }
    LabeledImages train = readSplit(folder.resolve(m.train().file()), m, m.train(), cancel);
    LabeledImages test = readSplit(folder.resolve(m.test().file()), m, m.test(), cancel);
    return new Loaded(m, train, test);
  }

  private static LabeledImages readSplit(
      Path file, ImageFolderManifest m, ImageFolderManifest.Split split, CancellationToken cancel) {
    MessageDigest md = Sha256.newDigest();
    try {
      long imageBytes = (long) m.channels() * m.height() * m.width();
      long expected = HEADER_BYTES + 2L * split.count() + imageBytes * split.count();
      long size = Files.size(file);
      if (size != expected) {
        throw DataFiles.problem(
            file,
            "is "
                + size
                + " bytes, the manifest's "
                + split.count()
                + " images of "
                + m.channels()
                + "x"
                + m.height()
                + "x"
                + m.width()
                + " need "
                + expected
                + " (damaged cache; import the images again)");
      }
      if (imageBytes * split.count() > DataFiles.MAX_ARRAY) {
        throw DataFiles.problem(file, "too many images to hold in memory (" + split.count() + ")");
      }
      short[] labels = new short[split.count()];
      byte[] pixels;
      try (InputStream raw =
          new DigestInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), md)) {
        DataInputStream in = new DataInputStream(raw);
        int[] header = new int[7];
        for (int i = 0; i < header.length; i++) {
          header[i] = in.readInt();
        }
        int[] want = {
          MAGIC,
          FORMAT_VERSION,
          split.count(),
          m.channels(),
          m.height(),
          m.width(),
          m.classNames().size()
        };
        if (!java.util.Arrays.equals(header, want)) {
          throw DataFiles.problem(
              file, "header disagrees with " + MANIFEST + " (damaged cache; import again)");
        }
        byte[] raw16 = DataFiles.readExactly(in, 2L * split.count(), true, cancel);
        for (int i = 0; i < labels.length; i++) {
          int label = ((raw16[2 * i] & 0xff) << 8) | (raw16[2 * i + 1] & 0xff);
          if (label >= m.classNames().size()) {
            throw DataFiles.problem(
                file, "image " + i + " has label " + label + ", outside the manifest's classes");
          }
          labels[i] = (short) label;
        }
        pixels = DataFiles.readExactly(in, imageBytes * split.count(), true, cancel);
      }
      String digest = Sha256.hex(md.digest());
      if (!digest.equals(split.sha256())) {
        throw DataFiles.problem(
            file, "SHA-256 differs from " + MANIFEST + "'s (damaged cache; import again)");
      }
      return new LabeledImages(split.count(), m.channels(), m.height(), m.width(), pixels, labels);
    } catch (IOException e) {
      throw DataFiles.unreadable(file, e);
    }
  }

  /** The combined fingerprint of a cache: SHA-256 of the train digest followed by the test's. */
  static String combined(String trainSha, String testSha) {
    return DatasetLoader.combinedSha256(List.of(trainSha, testSha));
  }
}
