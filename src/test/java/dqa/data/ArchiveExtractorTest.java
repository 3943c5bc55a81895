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
}
