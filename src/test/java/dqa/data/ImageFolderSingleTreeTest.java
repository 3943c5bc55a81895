package dqa.data;

import static dqa.data.ImageFolderFixtures.chw;
import static dqa.data.ImageFolderFixtures.distinct;
import static dqa.data.ImageFolderFixtures.encode;
import static dqa.data.ImageFolderFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.data.ImageFolderImporter.Limits;
import dqa.data.ImageFolderImporter.Settings;
import dqa.run.CancellationToken;
import dqa.run.ProgressListener;
import dqa.run.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One {@code <root>/<class>/<image>} tree split into train and test by a stated fraction. */
class ImageFolderSingleTreeTest {
  @TempDir Path dir;

  private final Set<String> allImages = new HashSet<>();

  /** 3 classes x 5 distinct 8x8 PNGs, plus a README beside the class folders. */
  private Path tree() {
    Path root = dir.resolve("tree");
    int id = 0;
    for (String c : List.of("cat", "ant", "bee")) {
      for (int i = 0; i < 5; i++) {
        var image = distinct(id++, 8);
        write(root.resolve(c).resolve(i + ".png"), encode(image, "png"));
        allImages.add(HexFormat.of().formatHex(chw(image)));
      }
    }
    write(root.resolve("README.md"), "five images per class".getBytes());
    return root;
  }

  private ImageFolderManifest importTree(Path source, Path target, long seed, double fraction) {
    return ImageFolderImporter.importImages(
        source,
        target,
        new Settings(seed, fraction, Limits.DEFAULT),
        ProgressListener.NONE,
        CancellationToken.none());
  }

  private static Set<String> images(LabeledImages part) {
    Set<String> out = new HashSet<>();
    for (int i = 0; i < part.count(); i++) {
      out.add(HexFormat.of().formatHex(part.image(i)));
    }
    return out;
  }

  @Test
  void eachClassIsSplitInTheStatedProportion() {
    Path target = dir.resolve("cache");
    ImageFolderManifest m = importTree(tree(), target, 1, 0.4);
    assertEquals(List.of("ant", "bee", "cat"), m.classNames());
    assertEquals(List.of(3, 3, 3), m.train().classCounts());
    assertEquals(List.of(2, 2, 2), m.test().classCounts());
    assertEquals(0.4, m.testFraction());
    ImageFolderCache.Loaded loaded = ImageFolderCache.load(target, CancellationToken.none());
    Set<String> train = images(loaded.train());
    Set<String> test = images(loaded.test());
    assertEquals(9, train.size());
    assertEquals(6, test.size());
    Set<String> union = new HashSet<>(train);
    union.addAll(test);
    assertEquals(allImages, union, "every image in exactly one split");
  }

  @Test
  void theSplitIsSeeded() {
    Path source = tree();
    importTree(source, dir.resolve("a"), 11, 0.4);
    importTree(source, dir.resolve("b"), 11, 0.4);
    importTree(source, dir.resolve("c"), 12, 0.4);
    var a = ImageFolderCache.load(dir.resolve("a"), CancellationToken.none()).test();
    var b = ImageFolderCache.load(dir.resolve("b"), CancellationToken.none()).test();
    var c = ImageFolderCache.load(dir.resolve("c"), CancellationToken.none()).test();
    assertEquals(a, b);
    assertNotEquals(images(a), images(c), "another seed picks other test images");
  }

  @Test
  void aWrappedArchiveGivesTheSameCacheAsTheFolder() throws IOException {
    Path source = tree();
    String fromFolder = importTree(source, dir.resolve("a"), 3, 0.4).sha256();
    Path tgz = ImageFolderFixtures.tarGz(source, "tree/", dir.resolve("tree.tgz"));
    Path zip = ImageFolderFixtures.zip(source, "", dir.resolve("tree.zip"));
    assertEquals(fromFolder, importTree(tgz, dir.resolve("b"), 3, 0.4).sha256());
    assertEquals(fromFolder, importTree(zip, dir.resolve("c"), 3, 0.4).sha256());
  }

  @Test
  void withoutAFractionATreeIsRefusedWithAHint() {
    Path source = tree();
    UserException e =
        assertThrows(
            UserException.class,
            () ->
                ImageFolderImporter.importImages(
                    source,
                    dir.resolve("cache"),
                    1,
                    ProgressListener.NONE,
                    CancellationToken.none()));
    assertTrue(e.getMessage().contains("no train/ folder"), e.getMessage());
    assertTrue(e.getMessage().contains("state a test fraction"), e.getMessage());
  }

  @Test
  void aClassTooSmallToSplitIsRefused() {
    Path source = tree();
    write(source.resolve("dog/0.png"), encode(distinct(99, 8), "png"));
    UserException e =
        assertThrows(UserException.class, () -> importTree(source, dir.resolve("cache"), 1, 0.4));
    assertTrue(e.getMessage().startsWith(source.resolve("dog").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("too few"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("cache")));
    ImageFolderImporterTest.assertNoLeftovers(dir);
  }

  @Test
  void anImageNestedDeeperIsRefused() {
    Path source = tree();
    write(source.resolve("ant/more/9.png"), encode(distinct(98, 8), "png"));
    UserException e =
        assertThrows(UserException.class, () -> importTree(source, dir.resolve("cache"), 1, 0.4));
    assertTrue(e.getMessage().contains("ant/more"), e.getMessage());
    assertTrue(e.getMessage().contains("nested"), e.getMessage());
  }

  @Test
  void aFractionIsIgnoredWhenTheSourceHasItsOwnSplits() {
    Path root = dir.resolve("split");
    for (String split : List.of("train", "test")) {
      write(root.resolve(split).resolve("a/0.png"), encode(distinct(1, 8), "png"));
      write(root.resolve(split).resolve("b/0.png"), encode(distinct(2, 8), "png"));
    }
    ImageFolderManifest m = importTree(root, dir.resolve("cache"), 1, 0.5);
    assertNull(m.testFraction(), "the source's own split is used and no fraction recorded");
    assertEquals(2, m.test().count());
  }

  @Test
  void loadOrImportImportsAgainForAnotherFraction() {
    Path source = tree();
    Path target = dir.resolve("cache");
    ImageFolderImporter.loadOrImport(
        source,
        target,
        new Settings(1, 0.4, Limits.DEFAULT),
        ProgressListener.NONE,
        CancellationToken.none());
    var again =
        ImageFolderImporter.loadOrImport(
            source,
            target,
            new Settings(1, 0.2, Limits.DEFAULT),
            ProgressListener.NONE,
            CancellationToken.none());
    assertEquals(0.2, again.manifest().testFraction());
    assertEquals(3, again.test().count());
  }

  @Test
  void aFractionOutsideZeroToOneIsRefused() {
    assertThrows(UserException.class, () -> new Settings(1, 1.0, Limits.DEFAULT));
    assertThrows(UserException.class, () -> new Settings(1, 0.0, Limits.DEFAULT));
  }
}
