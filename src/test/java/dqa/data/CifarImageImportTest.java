package dqa.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.run.CancellationToken;
import dqa.run.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fetch cifar10 --from} an image folder: CIFAR-10 as JPEG or PNG files, labelled as a copy. */
class CifarImageImportTest {
  static final List<String> CLASSES = DatasetId.CIFAR10.classNames();

  /** {@code root/train/<class>/} with {@code perClass} images and {@code root/test/<class>/} with one. */
  static Path cifarFolder(Path root, List<String> classes, int size, String format, int perClass) {
    int id = 0;
    for (String c : classes) {
      for (int i = 0; i < perClass; i++) {
        ImageFolderFixtures.write(
            root.resolve("train/" + c + "/" + i + "." + format),
            ImageFolderFixtures.encode(ImageFolderFixtures.distinct(id++, size), format));
      }
      ImageFolderFixtures.write(
          root.resolve("test/" + c + "/0." + format),
          ImageFolderFixtures.encode(ImageFolderFixtures.distinct(id++, size), format));
    }
    return root;
  }

  private static Dataset importFrom(Path cache, Path source) {
    return new DatasetDownloader(cache, Map.of())
        .importFrom(DatasetId.CIFAR10, source, DownloadListener.NONE, CancellationToken.none());
  }

  @Test
  void aJpegArchiveBecomesTheCifar10DataSetLabelledAsACopy(@TempDir Path tmp) throws IOException {
    Path folder = cifarFolder(tmp.resolve("src"), CLASSES, 32, "jpg", 2);
    Path archive = ImageFolderFixtures.tarGz(folder, "cifar10-jpeg/", tmp.resolve("cifar10-jpeg.tar.gz"));
    Path cache = tmp.resolve("cache");
    Dataset d = importFrom(cache, archive);
    assertEquals(20, d.train().count());
    assertEquals(10, d.test().count());
    assertEquals("JPEG copy", d.copy());
    assertEquals("CIFAR-10 (JPEG copy)", d.displayName());
    assertFalse(d.verified(), "no published digest applies to a re-encoded copy");
    assertEquals(cache.resolve("cifar10"), d.location().folder());

    // Found again by the locator and loaded the same, labels in CIFAR-10's order.
    DatasetLocator locator = new DatasetLocator(List.of(), cache, List.of(), tmp.resolve("no-sample"));
    DatasetLocation found = locator.locate(DatasetId.CIFAR10).orElseThrow();
    Dataset again = DatasetLoader.load(found);
    assertEquals(d.sha256(), again.sha256());
    assertEquals("CIFAR-10 (JPEG copy)", again.displayName());
    assertEquals("JPEG copy", DatasetLoader.copyIn(DatasetId.CIFAR10, found.folder()));
    int[] counts = again.test().classCounts(10);
    for (int c = 0; c < 10; c++) {
      assertEquals(1, counts[c], CLASSES.get(c));
    }
  }

  @Test
  void anArchiveWhoseNamesStartWithDotSlashImportsToo(@TempDir Path tmp) throws IOException {
    Path folder = cifarFolder(tmp.resolve("src"), CLASSES, 32, "png", 1);
    Path archive = ImageFolderFixtures.tarGz(folder, "./cifar10-png/", tmp.resolve("dot.tar.gz"));
    assertEquals("CIFAR-10 (PNG copy)", importFrom(tmp.resolve("cache"), archive).displayName());
  }

  @Test
  void aPngFolderKeepsItsPixelsExactly(@TempDir Path tmp) {
    Path folder = cifarFolder(tmp.resolve("src"), CLASSES, 32, "png", 1);
    Dataset d = importFrom(tmp.resolve("cache"), folder);
    assertEquals("CIFAR-10 (PNG copy)", d.displayName());
    // Every test image is one of the fixtures, matched by its label's class folder.
    for (int i = 0; i < d.test().count(); i++) {
      int label = d.test().label(i);
      int fixtureId = 2 * label + 1; // train image, then the test image, per class
      assertArrayEquals(ImageFolderFixtures.chw(ImageFolderFixtures.distinct(fixtureId, 32)), d.test().image(i));
    }
  }

  @Test
  void theOfficialBinaryFilesStillImportAsThemselves(@TempDir Path tmp) throws IOException {
    Path folder = tmp.resolve("bin");
    Files.createDirectories(folder);
    SyntheticData.writeCifar(folder, 2);
    Dataset d = importFrom(tmp.resolve("cache"), folder);
    assertNull(d.copy());
    assertEquals("CIFAR-10", d.displayName());
  }

  @Test
  void otherClassesAreRefusedAndTheInstalledCopyIsKept(@TempDir Path tmp) {
    Path cache = tmp.resolve("cache");
    Dataset good = importFrom(cache, cifarFolder(tmp.resolve("good"), CLASSES, 32, "png", 1));
    List<String> wrong = new java.util.ArrayList<>(CLASSES);
    wrong.set(3, "kitten");
    Path bad = cifarFolder(tmp.resolve("bad"), wrong, 32, "png", 1);
    var e = assertThrows(UserException.class, () -> importFrom(cache, bad));
    assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("class folder 'kitten' that CIFAR-10 does not have"), e.getMessage());
    Path nine = cifarFolder(tmp.resolve("nine"), CLASSES.subList(0, 9), 32, "png", 1);
    var missing = assertThrows(UserException.class, () -> importFrom(cache, nine));
    assertTrue(missing.getMessage().contains("its class folders lack truck"), missing.getMessage());
    assertEquals(good.sha256(), DatasetLoader.load(new DatasetLocation(DatasetId.CIFAR10, DataSource.USER_CACHE,
        cache.resolve("cifar10"))).sha256(), "the copy installed before is untouched");
  }

  @Test
  void imagesOfAnotherSizeAreRefusedNamingOne(@TempDir Path tmp) {
    Path bad = cifarFolder(tmp.resolve("bad"), CLASSES, 28, "png", 1);
    var e = assertThrows(UserException.class, () -> importFrom(tmp.resolve("cache"), bad));
    assertTrue(e.getMessage().contains("28x28 pixels"), e.getMessage());
    assertTrue(e.getMessage().contains("32x32"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("cache/cifar10")), "nothing half-imported");
  }
}
