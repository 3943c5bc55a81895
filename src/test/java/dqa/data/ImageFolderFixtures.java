package dqa.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Tiny image folders and archives of them, written with ImageIO for the image-folder tests. */
final class ImageFolderFixtures {
  private ImageFolderFixtures() {}

  /**
   * An RGB image whose every pixel differs from every other image's: R encodes the image id, G the
   * row, B the column, so a loaded image can be matched to its source exactly.
   */
  static BufferedImage distinct(int id, int size) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        image.setRGB(x, y, ((id * 17 + 3) & 0xff) << 16 | (y * 29 & 0xff) << 8 | (x * 31 & 0xff));
      }
    }
    return image;
  }

  /** One flat colour (JPEG keeps those almost exactly). */
  static BufferedImage flat(int rgb, int size) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  static byte[] encode(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The image's expected CHW bytes (R plane, G plane, B plane). */
  static byte[] chw(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] out = new byte[3 * w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = image.getRGB(x, y);
        int i = y * w + x;
        out[i] = (byte) (p >> 16);
        out[w * h + i] = (byte) (p >> 8);
        out[2 * w * h + i] = (byte) p;
      }
    }
    return out;
  }

  static Path write(Path file, byte[] content) {
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The folder's files and folders as archive names below {@code prefix}, sorted. */
  private static List<Path> tree(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(p -> !p.equals(folder)).sorted().toList();
    }
  }

  private static String name(Path folder, Path p, String prefix) {
    return prefix + folder.relativize(p).toString().replace('\\', '/');
  }

  /** A .tar.gz of the folder's content, each name prefixed with {@code prefix} (e.g. "x/"). */
  static Path tarGz(Path folder, String prefix, Path archive) throws IOException {
    try (OutputStream file = Files.newOutputStream(archive);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(file))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      if (!prefix.isEmpty()) {
        tar.putArchiveEntry(new TarArchiveEntry(prefix));
        tar.closeArchiveEntry();
      }
      for (Path p : tree(folder)) {
        boolean dir = Files.isDirectory(p);
        TarArchiveEntry e = new TarArchiveEntry(name(folder, p, prefix) + (dir ? "/" : ""));
        if (!dir) {
          e.setSize(Files.size(p));
        }
        tar.putArchiveEntry(e);
        if (!dir) {
          tar.write(Files.readAllBytes(p));
        }
        tar.closeArchiveEntry();
      }
    }
    return archive;
  }

  /** A .zip of the folder's files (no directory entries, as many zip tools write them). */
  static Path zip(Path folder, String prefix, Path archive) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
      // Reverse order, so that tests see the import does not depend on the entries' order.
      List<Path> entries = new java.util.ArrayList<>(tree(folder));
      java.util.Collections.reverse(entries);
      for (Path p : entries) {
        if (Files.isDirectory(p)) {
          continue;
        }
        zip.putNextEntry(new ZipEntry(name(folder, p, prefix)));
        zip.write(Files.readAllBytes(p));
        zip.closeEntry();
      }
    }
    return archive;
  }
}
