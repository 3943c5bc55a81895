package dqa.data;

import static dqa.data.ImageFolderFixtures.distinct;
import static dqa.data.ImageFolderFixtures.encode;
import static dqa.data.ImageFolderFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.run.CancellationToken;
import dqa.run.ProgressListener;
import dqa.run.UserException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each malformed source gets a one-line error naming the file, and leaves nothing behind. */
class ImageFolderBadInputTest {
  @TempDir Path dir;

  private Path target() {
    return dir.resolve("out").resolve("cache");
  }

  private static final byte[] PNG = encode(distinct(1, 8), "png");

  /** A valid folder of 2 classes x 2 images in each split, for the cases to spoil. */
  private Path goodFolder() {
    Path root = dir.resolve("src");
    for (String split : List.of("train", "test")) {
      for (String c : List.of("ant", "bee")) {
        for (int i = 0; i < 2; i++) {
          write(root.resolve(split).resolve(c).resolve(i + ".png"), PNG);
        }
      }
    }
    return root;
  }

  private String refused(Path source) {
    return refused(source, ImageFolderImporter.Limits.DEFAULT);
  }

  /** The message of the refusal, after checking it is one line and nothing was left. */
  private String refused(Path source, ImageFolderImporter.Limits limits) {
    UserException e =
        assertThrows(
            UserException.class,
            () ->
                ImageFolderImporter.importImages(
                    source, target(), 1, limits, ProgressListener.NONE, CancellationToken.none()));
    String message = e.getMessage();
    assertFalse(message.contains("\n"), "one line: " + message);
    assertFalse(Files.exists(target()), "target exists after a refusal");
    if (Files.exists(target().getParent())) {
      ImageFolderImporterTest.assertNoLeftovers(target().getParent());
    }
    return message;
  }

  private static void assertMentions(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "'" + part + "' missing from: " + message);
    }
  }

  @Test
  void aFileThatIsNotAnImage() {
    Path root = goodFolder();
    write(root.resolve("train/bee/notes.png"), "hello".getBytes(StandardCharsets.UTF_8));
    assertMentions(refused(root), "train/bee/notes.png", "not a PNG or JPEG");
  }

  @Test
  void aTruncatedJpeg() {
    Path root = goodFolder();
    byte[] jpeg = encode(distinct(3, 8), "jpg");
    write(root.resolve("test/ant/cut.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
    assertMentions(refused(root), "test/ant/cut.jpg", "corrupt JPEG");
  }

  @Test
  void aJpegMissingItsLastBytes() {
    // ImageIO decodes this one without an exception, only warning of the missing data, and fills
    // the rest grey: the importer must treat the warning as the error it is.
    Path root = goodFolder();
    byte[] jpeg = encode(distinct(3, 8), "jpg");
    write(root.resolve("test/ant/short.jpg"), Arrays.copyOf(jpeg, jpeg.length - 10));
    assertMentions(refused(root), "test/ant/short.jpg", "corrupt JPEG", "Truncated");
  }

  @Test
  void aPngWithBrokenData() {
    Path root = goodFolder();
    byte[] png = PNG.clone();
    for (int i = 40; i < png.length - 20; i++) {
      png[i] = (byte) 0x5a;
    }
    write(root.resolve("test/bee/bad.png"), png);
    assertMentions(refused(root), "test/bee/bad.png", "corrupt PNG");
  }

  @Test
  void imagesOfDifferentSizes() {
    Path root = goodFolder();
    write(root.resolve("train/bee/z.png"), encode(distinct(2, 9), "png"));
    assertMentions(refused(root), "train/bee/z.png", "9x9", "8x8", "one size");
  }

  @Test
  void anEmptyClassFolder() throws IOException {
    Path root = goodFolder();
    Files.createDirectories(root.resolve("train/cat"));
    Files.createDirectories(root.resolve("test/cat"));
    assertMentions(refused(root), root.resolve("test/cat").toString(), "holds no images");
  }

  @Test
  void aClassInOnlyOneSplit() {
    Path root = goodFolder();
    write(root.resolve("train/cat/0.png"), PNG);
    assertMentions(refused(root), "train/cat", "no folder in test/");
  }

  @Test
  void moreThanAThousandClasses() {
    Path root = dir.resolve("many");
    for (String split : List.of("train", "test")) {
      for (int c = 0; c <= 1000; c++) {
        write(root.resolve(split).resolve(String.format("c%04d", c)).resolve("0.png"), PNG);
      }
    }
    assertMentions(refused(root), root.resolve("train").toString(), "1001 class folders", "1,000");
  }

  @Test
  void noTestFolder() {
    Path root = goodFolder();
    dqa.run.AtomicFiles.deleteRecursively(root.resolve("test"));
    assertMentions(refused(root), root + ": has no test/ folder");
  }

  @Test
  void noSplitFoldersAtAll() {
    Path root = dir.resolve("flat");
    write(root.resolve("ant/0.png"), PNG);
    assertMentions(refused(root), root + ": has no train/ folder");
  }

  @Test
  void anImageNestedBelowAClassFolder() {
    Path root = goodFolder();
    write(root.resolve("train/ant/more/1.png"), PNG);
    // The folder is reported, since it comes first: it is what does not belong.
    assertMentions(refused(root), "train/ant/more", "nested");
  }

  @Test
  void twoDataSetFoldersInOneArchive() throws IOException {
    Path root = goodFolder();
    write(dir.resolve("two/a/train/ant/0.png"), PNG);
    write(dir.resolve("two/b/train/ant/0.png"), PNG);
    Path tgz = ImageFolderFixtures.tarGz(dir.resolve("two"), "", dir.resolve("two.tgz"));
    assertMentions(refused(tgz), tgz.toString(), "b/train", "another data set folder");
    assertTrue(Files.isDirectory(root));
  }

  @Test
  void anArchiveEntryClimbingOut() throws IOException {
    Path tgz =
        Files.write(
            dir.resolve("evil.tgz"),
            SyntheticData.tarGz(SyntheticData.Entry.file("../train/ant/0.png", PNG)));
    assertMentions(refused(tgz), "evil.tgz", "../train/ant/0.png", "outside the target");
  }

  @Test
  void aZipEntryHoldingMoreThanItDeclares() throws IOException {
    Path zip = ImageFolderFixtures.zip(goodFolder(), "", dir.resolve("bomb.zip"));
    byte[] bytes = Files.readAllBytes(zip);
    // Lower the uncompressed size in the central directory entry of the first file: a bomb's
    // trick, so that size checks on the declared size pass while the data inflates to more.
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    String firstName = null;
    for (int i = 0; i + 46 < bytes.length; i++) {
      if (b.getInt(i) == 0x02014b50) {
        b.putInt(i + 24, 10);
        int nameLength = b.getShort(i + 28) & 0xffff;
        firstName = new String(bytes, i + 46, nameLength, StandardCharsets.UTF_8);
        break;
      }
    }
    Files.write(zip, bytes);
    assertMentions(refused(zip), "bomb.zip", firstName, "more than the 10 bytes");
  }

  @Test
  void anArchiveBeyondTheTotalSizeLimit() throws IOException {
    Path tgz = ImageFolderFixtures.tarGz(goodFolder(), "x/", dir.resolve("big.tgz"));
    var limits =
        new ImageFolderImporter.Limits(
            1000, new ArchiveExtractor.SizeLimits(1 << 20, 3L * PNG.length));
    assertMentions(refused(tgz, limits), "big.tgz", "x/", "beyond the limit");
  }

  @Test
  void anArchiveEntryBeyondThePerFileLimit() throws IOException {
    Path tgz = ImageFolderFixtures.tarGz(goodFolder(), "x/", dir.resolve("big.tgz"));
    var limits =
        new ImageFolderImporter.Limits(1000, new ArchiveExtractor.SizeLimits(100, 1L << 30));
    assertMentions(refused(tgz, limits), "big.tgz", "x/test/ant/0.png", "per file");
  }

  @Test
  void somethingThatIsNeitherFolderNorArchive() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.txt"), "hello, this is not an archive");
    assertMentions(refused(text), "notes.txt", "not a tar or zip archive");
  }

  @Test
  void aMissingSource() {
    assertMentions(refused(dir.resolve("nowhere.tgz")), "nowhere.tgz", "no such");
  }

  @Test
  void theGoodFolderItselfImports() {
    // The cases above spoil this folder; unspoilt it must import, or they prove nothing.
    ImageFolderManifest m =
        ImageFolderImporter.importImages(
            goodFolder(), target(), 1, ProgressListener.NONE, CancellationToken.none());
    assertEquals(4, m.train().count());
  }
}
