package dqa.data;

import static dqa.data.ImageFolderFixtures.chw;
import static dqa.data.ImageFolderFixtures.distinct;
import static dqa.data.ImageFolderFixtures.encode;
import static dqa.data.ImageFolderFixtures.flat;
import static dqa.data.ImageFolderFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.run.CancellationToken;
import dqa.run.CancelledException;
import dqa.run.ProgressListener;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderImporterTest {
  @TempDir Path dir;

  static final List<String> CLASSES = List.of("cat", "ant", "bee"); // sorted: ant, bee, cat
  static final int SIZE = 8;
  static final int TRAIN_PER_CLASS = 4;
  static final int TEST_PER_CLASS = 2;

  /** Expected CHW bytes (hex) of every PNG written, with its class name. */
  private final Map<String, String> classOfPixels = new HashMap<>();

  /** 3 classes x (4 train + 2 test) distinct 8x8 RGB PNGs. */
  private Path pngFolder() {
    Path root = dir.resolve("src");
    int id = 0;
    for (String c : CLASSES) {
      for (String split : List.of("train", "test")) {
        int n = split.equals("train") ? TRAIN_PER_CLASS : TEST_PER_CLASS;
        for (int i = 0; i < n; i++) {
          BufferedImage image = distinct(id++, SIZE);
          write(root.resolve(split).resolve(c).resolve(i + ".png"), encode(image, "png"));
          classOfPixels.put(HexFormat.of().formatHex(chw(image)), c);
        }
      }
    }
    return root;
  }

  private ImageFolderManifest importFrom(Path source, Path target, long seed) {
    return ImageFolderImporter.importImages(
        source, target, seed, ProgressListener.NONE, CancellationToken.none());
  }

  private ImageFolderCache.Loaded load(Path target) {
    return ImageFolderCache.load(target, CancellationToken.none());
  }

  private static BufferedImage classImage(int c) {
    return flat((c & 0xff) << 16 | (c >> 8) << 8, 2);
  }

  /** More classes than a byte holds keep their labels; more than the limit allows are refused. */
  @Test
  void manyClassesKeepTheirLabelsAndTooManyAreRefused() {
    Path root = dir.resolve("many");
    int classes = 300;
    for (int c = 0; c < classes; c++) {
      String name = String.format(java.util.Locale.ROOT, "c%03d", c);
      for (String split : List.of("train", "test")) {
        write(root.resolve(split).resolve(name).resolve("0.png"), encode(classImage(c), "png"));
      }
    }
    ImageFolderManifest m = importFrom(root, dir.resolve("cache"), 1);
    assertEquals(classes, m.classNames().size());
    ImageFolderCache.Loaded loaded = load(dir.resolve("cache"));
    int[] counts = loaded.test().classCounts(classes);
    for (int c = 0; c < classes; c++) {
      assertEquals(1, counts[c], "class " + m.classNames().get(c));
    }
    for (int i = 0; i < loaded.test().count(); i++) {
      // Each image spells its class in red (low byte) and green (high byte): a label cut to a byte shows.
      int label = loaded.test().label(i);
      assertEquals(
          HexFormat.of().formatHex(chw(classImage(label))), HexFormat.of().formatHex(loaded.test().image(i)),
          "image " + i + " carries label " + label);
    }

    var limits = new ImageFolderImporter.Limits(299, ImageFolderImporter.Limits.DEFAULT.archive());
    var e =
        assertThrows(
            dqa.run.UserException.class,
            () -> ImageFolderImporter.importImages(
                root, dir.resolve("cache2"), 1, limits, ProgressListener.NONE, CancellationToken.none()));
    assertTrue(e.getMessage().contains("300 class folders, more than the limit of 299"), e.getMessage());
  }

  @Test
  void importsAFolderOfPngsExactlyWithSortedClassNames() {
    Path target = dir.resolve("cache");
    ImageFolderManifest m = importFrom(pngFolder(), target, 7);
    assertEquals(List.of("ant", "bee", "cat"), m.classNames());
    assertFalse(m.cifar10Order());
    assertEquals(3, m.channels());
    assertEquals(SIZE, m.height());
    assertEquals(List.of(4, 4, 4), m.train().classCounts());
    assertEquals(List.of(2, 2, 2), m.test().classCounts());
    assertEquals("src", m.source());
    assertEquals(7, m.seed());

    ImageFolderCache.Loaded loaded = load(target);
    assertEquals(12, loaded.train().count());
    assertEquals(6, loaded.test().count());
    List<String> seen = new ArrayList<>();
    for (LabeledImages part : List.of(loaded.train(), loaded.test())) {
      for (int i = 0; i < part.count(); i++) {
        String pixels = HexFormat.of().formatHex(part.image(i));
        String className = classOfPixels.get(pixels);
        assertTrue(className != null, "image " + i + " matches no source PNG exactly");
        assertEquals(className, m.classNames().get(part.label(i)), "label of image " + i);
        seen.add(pixels);
      }
    }
    assertEquals(18, seen.stream().distinct().count(), "every source image exactly once");
  }

  @Test
  void archivesGiveTheSameCacheAsTheFolder() throws IOException {
    Path folder = pngFolder();
    String fromFolder = importFrom(folder, dir.resolve("a"), 3).sha256();
    Path tgz = ImageFolderFixtures.tarGz(folder, "x/", dir.resolve("x.tar.gz"));
    Path zip = ImageFolderFixtures.zip(folder, "", dir.resolve("x.zip"));
    Path tgzBare = ImageFolderFixtures.tarGz(folder, "", dir.resolve("bare.tgz"));
    assertEquals(fromFolder, importFrom(tgz, dir.resolve("b"), 3).sha256());
    assertEquals(fromFolder, importFrom(zip, dir.resolve("c"), 3).sha256());
    assertEquals(fromFolder, importFrom(tgzBare, dir.resolve("d"), 3).sha256());
    assertEquals(load(dir.resolve("a")).train(), load(dir.resolve("c")).train());
    assertEquals("x.tar.gz", ImageFolderCache.readManifest(dir.resolve("b")).source());
  }

  @Test
  void zipWithAWrappingFolderImports() throws IOException {
    Path zip = ImageFolderFixtures.zip(pngFolder(), "data/", dir.resolve("d.zip"));
    ImageFolderManifest m = importFrom(zip, dir.resolve("cache"), 1);
    assertEquals(12, m.train().count());
    assertEquals(6, m.test().count());
  }

  @Test
  void jpegsDecodeCloseToTheirColours() {
    Path root = dir.resolve("jpg");
    int[] colours = {0xff0000, 0x00ff00, 0x2040c0};
    for (String split : List.of("train", "test")) {
      for (int c = 0; c < 3; c++) {
        write(
            root.resolve(split).resolve("k" + c).resolve("a.jpg"),
            encode(flat(colours[c], SIZE), "jpg"));
      }
    }
    importFrom(root, dir.resolve("cache"), 0);
    LabeledImages train = load(dir.resolve("cache")).train();
    assertEquals(3, train.count());
    for (int i = 0; i < train.count(); i++) {
      int rgb = colours[train.label(i)];
      byte[] px = train.image(i);
      int[] want = {rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff};
      for (int ch = 0; ch < 3; ch++) {
        int got = px[ch * SIZE * SIZE + 3 * SIZE + 3] & 0xff;
        assertTrue(
            Math.abs(got - want[ch]) <= 8,
            "image " + i + " channel " + ch + ": " + got + " vs " + want[ch]);
      }
    }
  }

  @Test
  void greyscalePngsGiveOneChannelWithExactValues() {
    Path root = dir.resolve("grey");
    for (String split : List.of("train", "test")) {
      for (int c = 0; c < 2; c++) {
        BufferedImage g = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int p = 0; p < 16; p++) {
          g.getRaster().setSample(p % 4, p / 4, 0, 10 + p + 100 * c);
        }
        write(root.resolve(split).resolve("c" + c).resolve("g.png"), encode(g, "png"));
      }
    }
    ImageFolderManifest m = importFrom(root, dir.resolve("cache"), 0);
    assertEquals(1, m.channels());
    LabeledImages test = load(dir.resolve("cache")).test();
    for (int i = 0; i < test.count(); i++) {
      assertEquals(10 + 5 + 100 * test.label(i), test.image(i)[5] & 0xff);
    }
  }

  @Test
  void cifar10NamesKeepCifar10sLabelOrder() {
    Path root = dir.resolve("cifar");
    List<String> cifar = DatasetId.CIFAR10.classNames();
    for (String split : List.of("train", "test")) {
      for (int c = 0; c < cifar.size(); c++) {
        write(
            root.resolve(split).resolve(cifar.get(cifar.size() - 1 - c)).resolve("0.png"),
            encode(flat(c * 20, 4), "png"));
      }
    }
    ImageFolderManifest m = importFrom(root, dir.resolve("cache"), 0);
    assertTrue(m.cifar10Order());
    assertEquals(cifar, m.classNames());
    assertEquals(0, m.classNames().indexOf("airplane"));
    assertEquals(9, m.classNames().indexOf("truck"));
  }

  @Test
  void almostCifar10NamesAreSortedAndNotTakenForCifar10() {
    Path root = dir.resolve("nearly");
    List<String> names = new ArrayList<>(DatasetId.CIFAR10.classNames());
    names.set(0, "plane");
    for (String split : List.of("train", "test")) {
      for (String n : names) {
        write(root.resolve(split).resolve(n).resolve("0.png"), encode(flat(0x101010, 4), "png"));
      }
    }
    ImageFolderManifest m = importFrom(root, dir.resolve("cache"), 0);
    assertFalse(m.cifar10Order());
    assertEquals(names.stream().sorted().toList(), m.classNames());
  }

  @Test
  void theShuffleIsSeededAndReproducible() {
    Path folder = pngFolder();
    importFrom(folder, dir.resolve("s1"), 42);
    importFrom(folder, dir.resolve("s1again"), 42);
    importFrom(folder, dir.resolve("s2"), 43);
    LabeledImages a = load(dir.resolve("s1")).train();
    LabeledImages again = load(dir.resolve("s1again")).train();
    LabeledImages b = load(dir.resolve("s2")).train();
    assertEquals(a, again);
    assertNotEquals(a, b);
    assertEquals(a.pixels().length, b.pixels().length, "same images, only their order differs");
    // Mixed: the labels of the shuffled split are not grouped by class.
    boolean sorted = true;
    for (int i = 1; i < a.count(); i++) {
      sorted &= a.label(i - 1) <= a.label(i);
    }
    assertFalse(sorted, "labels in class order: the split was not shuffled");
  }

  @Test
  void aSecondLoadReadsTheCacheEvenWithoutTheSource() throws IOException {
    Path tgz = ImageFolderFixtures.tarGz(pngFolder(), "x/", dir.resolve("x.tgz"));
    Path target = dir.resolve("cache");
    ImageFolderCache.Loaded first =
        ImageFolderImporter.loadOrImport(
            tgz, target, 5, ProgressListener.NONE, CancellationToken.none());
    Files.delete(tgz);
    ImageFolderCache.Loaded second =
        ImageFolderImporter.loadOrImport(
            tgz, target, 5, ProgressListener.NONE, CancellationToken.none());
    assertEquals(first.train(), second.train());
    assertEquals(first.test(), second.test());
    assertEquals(first.manifest(), second.manifest());
  }

  @Test
  void anotherSeedImportsAgain() throws IOException {
    Path folder = pngFolder();
    Path target = dir.resolve("cache");
    ImageFolderImporter.loadOrImport(
        folder, target, 5, ProgressListener.NONE, CancellationToken.none());
    ImageFolderCache.Loaded other =
        ImageFolderImporter.loadOrImport(
            folder, target, 6, ProgressListener.NONE, CancellationToken.none());
    assertEquals(6, other.manifest().seed());
  }

  @Test
  void aDamagedCacheIsRefusedNamingTheFile() throws IOException {
    Path target = dir.resolve("cache");
    importFrom(pngFolder(), target, 1);
    Path train = target.resolve(ImageFolderCache.TRAIN_FILE);
    byte[] bytes = Files.readAllBytes(train);
    bytes[bytes.length - 1] ^= 1;
    Files.write(train, bytes);
    var e = assertThrows(dqa.run.UserException.class, () -> load(target));
    assertTrue(e.getMessage().startsWith(train.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
  }

  @Test
  void progressIsReportedAndCancelLeavesNothing() {
    Path folder = pngFolder();
    Path target = dir.resolve("cache");
    List<String> messages = new ArrayList<>();
    CancellationToken cancel = new CancellationToken();
    assertThrows(
        CancelledException.class,
        () ->
            ImageFolderImporter.importImages(
                folder,
                target,
                1,
                (done, total, message) -> {
                  messages.add(message);
                  if (message.startsWith("writing")) {
                    cancel.cancel();
                  }
                },
                cancel));
    assertFalse(messages.isEmpty());
    assertFalse(Files.exists(target));
    assertNoLeftovers(dir);
  }

  @Test
  void progressOnlyMovesForwardAndEndsComplete() throws IOException {
    Path tgz = ImageFolderFixtures.tarGz(pngFolder(), "x/", dir.resolve("x.tgz"));
    for (Path source : List.of(tgz, dir.resolve("src"))) {
      List<long[]> reports = new ArrayList<>();
      ImageFolderImporter.importImages(
          source,
          dir.resolve("cache"),
          1,
          (done, total, message) -> reports.add(new long[] {done, total}),
          CancellationToken.none());
      assertTrue(reports.size() >= 3, "reports from " + source + ": " + reports.size());
      for (int i = 1; i < reports.size(); i++) {
        long[] before = reports.get(i - 1);
        long[] now = reports.get(i);
        assertEquals(before[1], now[1], "one scale for the whole import");
        assertTrue(before[0] <= now[0], "progress went back at report " + i);
      }
      long[] last = reports.get(reports.size() - 1);
      assertEquals(last[1], last[0], "the last report is complete");
    }
  }

  static void assertNoLeftovers(Path parent) {
    try (var list = Files.list(parent)) {
      List<String> leftovers =
          list.map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith(".tmp-") || n.startsWith(".old-"))
              .toList();
      assertEquals(List.of(), leftovers, "staging folders left in " + parent);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aFailedReimportKeepsThePreviousCache() {
    Path folder = pngFolder();
    Path target = dir.resolve("cache");
    String before = importFrom(folder, target, 1).sha256();
    write(folder.resolve("test/ant/broken.png"), "not a png".getBytes());
    assertThrows(dqa.run.UserException.class, () -> importFrom(folder, target, 2));
    assertEquals(before, ImageFolderCache.readManifest(target).sha256());
    assertEquals(
        before,
        ImageFolderCache.combined(
            load(target).manifest().train().sha256(), load(target).manifest().test().sha256()));
    assertNoLeftovers(dir);
  }
}
