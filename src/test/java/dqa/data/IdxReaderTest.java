package dqa.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.run.Sha256;
import dqa.run.UserException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path dir;

  private static final byte[] PIXELS = SyntheticData.pixels(3, 784, 0);
  private static final byte[] IMAGES = SyntheticData.idxImages(3, 28, 28, PIXELS);
  private static final byte[] LABELS = SyntheticData.idxLabels(3, new byte[] {7, 0, 9});

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  /** Asserts the reader refuses the file with a message naming it and containing {@code detail}. */
  private static void assertRefused(Path file, String detail, Runnable read) {
    UserException e = assertThrows(UserException.class, read::run);
    assertTrue(
        e.getMessage().contains(file.getFileName().toString()),
        "message names the file: " + e.getMessage());
    assertTrue(e.getMessage().contains(detail), "message says '" + detail + "': " + e.getMessage());
  }

  @Test
  void readsRawAndGzipAlike() throws IOException {
    Path raw = write("imgs", IMAGES);
    Path gz = write("imgs.gz", SyntheticData.gzip(IMAGES));
    IdxReader.Images a = IdxReader.readImages(raw, 28, 28);
    IdxReader.Images b = IdxReader.readImages(gz, 28, 28);
    assertEquals(3, a.count());
    assertArrayEquals(PIXELS, a.pixels());
    assertArrayEquals(PIXELS, b.pixels());
    assertEquals(Sha256.of(IMAGES), a.sha256(), "digest covers the uncompressed file");
    assertEquals(a.sha256(), b.sha256());

    IdxReader.Labels l = IdxReader.readLabels(write("labels.gz", SyntheticData.gzip(LABELS)), 10);
    assertArrayEquals(new byte[] {7, 0, 9}, l.labels());
  }

  @Test
  void concatenatedGzipMembersAreOneStream() throws IOException {
    byte[] first = SyntheticData.gzip(Arrays.copyOf(IMAGES, 100));
    byte[] second = SyntheticData.gzip(Arrays.copyOfRange(IMAGES, 100, IMAGES.length));
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    assertArrayEquals(PIXELS, IdxReader.readImages(write("two.gz", both), 28, 28).pixels());
  }

  @Test
  void refusesWrongMagic() throws IOException {
    byte[] bad = IMAGES.clone();
    bad[3] = 0x04;
    Path f = write("wrong-magic", bad);
    assertRefused(f, "magic number is 0x00000804", () -> IdxReader.readImages(f, 28, 28));
    Path labelsAsImages = write("labels-as-images", LABELS);
    assertRefused(
        labelsAsImages, "is a label file", () -> IdxReader.readImages(labelsAsImages, 28, 28));
  }

  @Test
  void refusesWrongImageSize() throws IOException {
    Path f = write("small", SyntheticData.idxImages(1, 8, 8, new byte[64]));
    assertRefused(f, "images are 8x8, expected 28x28", () -> IdxReader.readImages(f, 28, 28));
  }

  @Test
  void refusesTruncatedRawAndGzip() throws IOException {
    byte[] cut = Arrays.copyOf(IMAGES, IMAGES.length - 100);
    Path raw = write("cut-raw", cut);
    assertRefused(raw, "truncated", () -> IdxReader.readImages(raw, 28, 28));
    // A complete gzip stream of too little data: the images end early.
    Path gzShort = write("cut-content.gz", SyntheticData.gzip(cut));
    assertRefused(
        gzShort, "data ends after 2 of the 3 images", () -> IdxReader.readImages(gzShort, 28, 28));
    // A gzip stream cut in the middle: the decompressor hits the end of the file.
    byte[] gz = SyntheticData.gzip(IMAGES);
    Path gzCut = write("cut-stream.gz", Arrays.copyOf(gz, gz.length / 2));
    assertRefused(gzCut, "prematurely", () -> IdxReader.readImages(gzCut, 28, 28));
    Path header = write("only-header", Arrays.copyOf(IMAGES, 6));
    assertRefused(header, "too short for its header", () -> IdxReader.readImages(header, 28, 28));
  }

  @Test
  void refusesExtraData() throws IOException {
    byte[] longer = Arrays.copyOf(IMAGES, IMAGES.length + 784);
    Path raw = write("longer", longer);
    assertRefused(raw, "but the file has", () -> IdxReader.readImages(raw, 28, 28));
    Path gz = write("longer.gz", SyntheticData.gzip(longer));
    assertRefused(gz, "more data than the 3 images", () -> IdxReader.readImages(gz, 28, 28));
  }

  @Test
  void refusesAbsurdCountsWithoutAllocatingThem() throws IOException {
    for (int count : new int[] {Integer.MAX_VALUE, -1, 2_000_000}) {
      byte[] bad = IMAGES.clone();
      ByteBuffer.wrap(bad).putInt(4, count);
      Path raw = write("absurd-raw", bad);
      Path gz = write("absurd.gz", SyntheticData.gzip(bad));
      // 2,000,000 images fit one array (1.5 GB); the reader must not allocate them for 3 images.
      assertTimeoutPreemptively(
          Duration.ofSeconds(5),
          () -> {
            assertRefused(raw, "header claims", () -> IdxReader.readImages(raw, 28, 28));
            UserException e =
                assertThrows(UserException.class, () -> IdxReader.readImages(gz, 28, 28));
            assertTrue(e.getMessage().contains("absurd.gz"), e.getMessage());
          });
    }
    byte[] labels = LABELS.clone();
    ByteBuffer.wrap(labels).putInt(4, 1_000_000_000);
    Path l = write("absurd-labels.gz", SyntheticData.gzip(labels));
    assertRefused(
        l, "data ends after 3 of the 1000000000 labels", () -> IdxReader.readLabels(l, 10));
  }

  @Test
  void refusesBadGzip() throws IOException {
    byte[] gz = SyntheticData.gzip(IMAGES);
    byte[] corrupt = gz.clone();
    for (int i = 20; i < 40; i++) {
      corrupt[i] ^= 0x5a;
    }
    Path f = write("corrupt.gz", corrupt);
    assertRefused(f, "not valid gzip data", () -> IdxReader.readImages(f, 28, 28));

    byte[] crc = gz.clone();
    crc[crc.length - 6] ^= 1; // the CRC32 in the trailer
    Path c = write("bad-crc.gz", crc);
    assertRefused(c, "CRC", () -> IdxReader.readImages(c, 28, 28));

    byte[] garbage = Arrays.copyOf(gz, gz.length + 5);
    Arrays.fill(garbage, gz.length, garbage.length, (byte) 'x');
    Path g = write("garbage.gz", garbage);
    assertRefused(g, "Garbage after a valid .gz stream", () -> IdxReader.readImages(g, 28, 28));
  }

  @Test
  void refusesLabelsOutOfRangeAndEmptyFiles() throws IOException {
    Path f = write("labels", SyntheticData.idxLabels(3, new byte[] {1, 10, 2}));
    assertRefused(f, "label 10 at index 1 is outside 0..9", () -> IdxReader.readLabels(f, 10));
    Path e = write("empty-labels", SyntheticData.idxLabels(0, new byte[0]));
    assertRefused(e, "holds no labels", () -> IdxReader.readLabels(e, 10));
    Path missing = dir.resolve("missing");
    assertRefused(missing, "file not found", () -> IdxReader.readLabels(missing, 10));
  }
}
