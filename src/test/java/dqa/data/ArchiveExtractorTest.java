package dqa.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.data.SyntheticData.Entry;
import dqa.run.CancellationToken;
import dqa.run.CancelledException;
import dqa.run.UserException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveExtractorTest {
  @TempDir Path dir;

  private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

  private Path archive(Entry... entries) throws IOException {
    return Files.write(dir.resolve("a.tgz"), SyntheticData.tarGz(entries));
  }

  private UserException refused(Path archive) {
    return assertThrows(
        UserException.class,
        () ->
            ArchiveExtractor.extract(
                archive, dir.resolve("out"), n -> true, CancellationToken.none()));
  }

  @Test
  void extractsOnlyWantedFiles() throws IOException {
    Path a = archive(Entry.file("pkg/data/x.bin", HELLO), Entry.file("pkg/readme", HELLO));
    List<Path> written =
        ArchiveExtractor.extract(
            a, dir.resolve("out"), n -> n.endsWith(".bin"), CancellationToken.none());
    assertEquals(List.of(dir.resolve("out/pkg/data/x.bin")), written);
    assertEquals("hello", Files.readString(written.get(0)));
    assertFalse(Files.exists(dir.resolve("out/pkg/readme")));
  }

  @Test
  void refusesClimbingOutAbsolutePathsAndLinks() throws IOException {
    UserException e = refused(archive(Entry.file("ok", HELLO), Entry.file("a/../../evil", HELLO)));
    assertTrue(
        e.getMessage().contains("a.tgz: entry 'a/../../evil' would be written outside"),
        e.getMessage());
    assertFalse(Files.exists(dir.resolve("evil")));

    e = refused(archive(Entry.file("/tmp/evil", HELLO)));
    assertTrue(e.getMessage().contains("entry '/tmp/evil' is an absolute path"), e.getMessage());

    e = refused(archive(Entry.symlink("data", "/etc"), Entry.file("data/passwd", HELLO)));
    assertTrue(
        e.getMessage().contains("entry 'data' is a symbolic link to '/etc'"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("out/data")));
  }

  @Test
  void refusesWhatIsNotATar() throws IOException {
    Path notTar = Files.write(dir.resolve("x.tar.gz"), SyntheticData.gzip(new byte[2048]));
    assertTrue(refused(notTar).getMessage().contains("x.tar.gz: not a tar archive"));
    Path tiny = Files.write(dir.resolve("tiny.tar"), HELLO);
    assertTrue(refused(tiny).getMessage().contains("tiny.tar: not a tar archive"));
  }

  @Test
  void stopsWhenCancelled() throws IOException {
    Path a = archive(Entry.file("x", HELLO));
    CancellationToken token = new CancellationToken();
    token.cancel();
    assertThrows(
        CancelledException.class,
        () -> ArchiveExtractor.extract(a, dir.resolve("out"), n -> true, token));
  }

  private static final ArchiveExtractor.SizeLimits GENEROUS =
      new ArchiveExtractor.SizeLimits(1 << 20, 1 << 24);

  private List<ArchiveExtractor.Entry> entries(Path archive) {
    List<ArchiveExtractor.Entry> seen = new java.util.ArrayList<>();
    ArchiveExtractor.forEachEntry(
        archive, GENEROUS, seen::add, (done, total) -> {}, CancellationToken.none());
    return seen;
  }

  /** A zip written with commons-compress; {@code mode} sets Unix permissions (0 for default). */
  private Path zip(String name, String entry, int mode) throws IOException {
    Path file = dir.resolve(name);
    try (var zip =
        new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(file.toFile())) {
      var e = new org.apache.commons.compress.archivers.zip.ZipArchiveEntry(entry);
      if (mode != 0) {
        e.setUnixMode(mode);
      }
      zip.putArchiveEntry(e);
      zip.write(HELLO);
      zip.closeArchiveEntry();
    }
    return file;
  }

  private UserException refusedEntries(Path archive) {
    return assertThrows(UserException.class, () -> entries(archive));
  }

  @Test
  void visitsTarAndZipEntriesInMemory() throws IOException {
    List<ArchiveExtractor.Entry> tar = entries(archive(Entry.file("pkg/x.bin", HELLO)));
    assertEquals(1, tar.size());
    assertEquals("pkg/x.bin", tar.get(0).name());
    assertEquals("hello", new String(tar.get(0).content(), StandardCharsets.UTF_8));
    List<ArchiveExtractor.Entry> zip = entries(zip("a.zip", "pkg/y.bin", 0));
    assertEquals("pkg/y.bin", zip.get(0).name());
    assertEquals("hello", new String(zip.get(0).content(), StandardCharsets.UTF_8));
  }

  @Test
  void refusesZipEntriesClimbingOutAbsoluteOrLinks() throws IOException {
    assertTrue(
        refusedEntries(zip("up.zip", "a/../../evil", 0))
            .getMessage()
            .contains("up.zip: entry 'a/../../evil' would be written outside"));
    assertTrue(
        refusedEntries(zip("abs.zip", "/etc/evil", 0))
            .getMessage()
            .contains("entry '/etc/evil' is an absolute path"));
    assertTrue(
        refusedEntries(zip("link.zip", "data", 0120777))
            .getMessage()
            .contains("link.zip: entry 'data' is a symbolic link"));
  }

  @Test
  void refusesTarEntriesClimbingOutWhenVisiting() throws IOException {
    UserException e = refusedEntries(archive(Entry.symlink("data", "/etc")));
    assertTrue(
        e.getMessage().contains("entry 'data' is a symbolic link to '/etc'"), e.getMessage());
  }
}
