package dqa.data;

import dqa.run.AppPaths;
import dqa.run.AtomicFiles;
import dqa.run.CancellationToken;
import dqa.run.CancelledException;
import dqa.run.ProgressListener;
import dqa.run.Sha256;
import dqa.run.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Downloads or imports a data set into the user cache, so that {@code <cache>/<key>/} either does
 * not exist or holds a complete, validated copy.
 *
 * <p>A download tries the data set's mirrors in order. Files are fetched into {@code
 * <cache>/.downloads/<key>/<mirror>/} (resumable, see {@link HttpFetcher}); then, in a staging
 * folder next to the target, archives are extracted (refusing unsafe entries, see {@link
 * ArchiveExtractor}), files are stored uncompressed and their SHA-256 compared with the expected
 * digests, and the copy is loaded with {@link DatasetLoader}. Only when all of that succeeds is the
 * staging folder moved to {@code <cache>/<key>/} ({@link AtomicFiles#writeDirectory}). A mirror
 * whose content is bad (digest mismatch, invalid file, unsafe archive) has its downloads deleted
 * and the next mirror is tried; if the bad content came from resuming a partial download, the
 * mirror is first tried once more from scratch. Network failures keep partial downloads for a later
 * resume. Cancel stops within one chunk, installs nothing and keeps partial downloads. The
 * installed files are uncompressed: they load fastest and are exactly the bytes whose digests were
 * checked.
 */
public final class DatasetDownloader {

  private static final String DOWNLOADS = ".downloads";
  private static final String UNPACK = ".unpack";

  /**
   * The seed of the shuffle that fixes the order of imported images (an image folder has no order of
   * its own; grouped by class, "the first N test images" would be one class). Recorded in the cache's
   * manifest.
   */
  public static final long IMAGE_ORDER_SEED = 1;

  private final Path cache;
  private final Map<DatasetId, DatasetMirrors> mirrors;
  private final HttpFetcher fetcher;

  /**
   * Creates a downloader installing into {@code cache}.
   *
   * @param mirrors per data set its mirrors and expected digests; data sets missing here cannot be
   *     downloaded (but can be imported)
   */
  public DatasetDownloader(
      Path cache, Map<DatasetId, DatasetMirrors> mirrors, DownloadSettings settings) {
    this.cache = Objects.requireNonNull(cache, "cache").toAbsolutePath().normalize();
    this.mirrors = Map.copyOf(mirrors);
    this.fetcher = new HttpFetcher(Objects.requireNonNull(settings, "settings"));
    this.mirrors.forEach(
        (id, m) -> {
          if (m.id() != id) {
            throw new IllegalArgumentException("mirrors for " + m.id() + " listed under " + id);
          }
        });
  }

  /** A downloader with {@link DownloadSettings#defaults()}. */
  public DatasetDownloader(Path cache, Map<DatasetId, DatasetMirrors> mirrors) {
    this(cache, mirrors, DownloadSettings.defaults());
  }

  /** The product's downloader: the user cache of {@code paths} and the standard mirrors. */
  public static DatasetDownloader standard(AppPaths paths) {
    return new DatasetDownloader(paths.datasetCache(), DatasetMirrors.standardTable());
  }

  /** The cache folder data sets are installed into. */
  public Path cache() {
    return cache;
  }

  /** Where {@code id} is installed: {@code <cache>/<key>}. */
  public Path installFolder(DatasetId id) {
    return cache.resolve(id.key());
  }

  /** Where partial downloads are kept between attempts: {@code <cache>/.downloads}. */
  public Path downloadsFolder() {
    return cache.resolve(DOWNLOADS);
  }

  /** The mirrors tried for {@code id}, in order (empty when none are configured). */
  public List<Mirror> mirrors(DatasetId id) {
    DatasetMirrors m = mirrors.get(id);
    return m == null ? List.of() : m.mirrors();
  }

  /** Removes partial downloads of {@code id}, e.g. when the user wants a clean start. */
  public void discardPartialDownloads(DatasetId id) {
    AtomicFiles.deleteRecursively(downloadsFolder().resolve(id.key()));
  }

  /**
   * Downloads {@code id} from the first mirror that delivers valid files and installs it.
   *
   * @return the installed data set, loaded (source {@link DataSource#USER_CACHE})
   * @throws UserException when every mirror failed, naming each mirror and why
   * @throws CancelledException when cancelled; nothing is installed then
   */
  public Dataset download(DatasetId id, DownloadListener listener, CancellationToken cancel) {
    DatasetMirrors table = mirrors.get(id);
    if (table == null || table.mirrors().isEmpty()) {
      throw new UserException("no download address is known for " + id.displayName());
    }
    Lock lock = lock(id);
    try {
      List<String> failures = new ArrayList<>();
      for (Mirror mirror : table.mirrors()) {
        cancel.throwIfCancelled();
        listener.status("downloading " + id.displayName() + " from " + mirror.describe());
        try {
          return fromMirror(id, mirror, table.expectedSha256(), false, listener, cancel);
        } catch (UserException | IOException | UncheckedIOException e) {
          String why =
              e instanceof IOException io
                  ? HttpFetcher.describe(io)
                  : String.valueOf(e.getMessage());
          failures.add(mirror.describe() + ": " + why);
          listener.status(mirror.name() + " failed: " + why);
        }
      }
      throw new UserException(
          "could not download "
              + id.displayName()
              + ": "
              + (failures.size() == 1 ? "" : "all " + failures.size() + " mirrors failed: ")
              + String.join("; ", failures));
    } finally {
      lock.close();
    }
  }

  /**
   * {@link #download(DatasetId, DownloadListener, CancellationToken)} reporting to a plain
   * listener.
   */
  public Dataset download(DatasetId id, ProgressListener progress, CancellationToken cancel) {
    return download(id, DownloadListener.of(progress), cancel);
  }

  /**
   * Installs {@code id} from a local folder or a {@code .tar.gz}/{@code .tgz}/{@code .tar} archive.
   *
   * <p>The copy is found in the folder (or the archive) itself or a sub-folder up to three levels
   * down, preferring one named after the data set. It is validated like a download but, being the
   * user's own copy, not required to match the published digests: {@link Dataset#verified()} tells
   * whether it does.
   *
   * @throws UserException naming the folder, archive or file and the problem
   */
  public Dataset importFrom(
      DatasetId id, Path fileOrFolder, DownloadListener listener, CancellationToken cancel) {
    if (!Files.exists(fileOrFolder)) {
      throw new UserException(fileOrFolder + ": not found");
    }
    Lock lock = lock(id);
    try {
      if (!id.isIdx() && !holdsOfficialFiles(fileOrFolder, id, cancel)) {
        if (!looksLikeImageFolder(fileOrFolder, cancel)) {
          throw new UserException(
              fileOrFolder + ": no complete " + id.displayName() + " copy: neither its own files ("
                  + String.join(", ", id.fileNames()) + ") nor an image folder (train/<class>/<image> and"
                  + " test/<class>/<image>)");
        }
        return importImages(id, fileOrFolder, listener, cancel);
      }
      listener.status("importing " + id.displayName() + " from " + fileOrFolder);
      if (Files.isDirectory(fileOrFolder)) {
        Path source =
            findCopy(fileOrFolder, id)
                .orElseThrow(() -> missingCopy(fileOrFolder, id, "this folder or its sub-folders"));
        return install(id, staging -> source, Map.of(), listener, cancel);
      }
      return install(
          id, staging -> unpack(fileOrFolder, staging, id, cancel), Map.of(), listener, cancel);
    } finally {
      lock.close();
    }
  }

  /** Whether a folder or archive holds the data set's own files (not images to import). */
  private static boolean holdsOfficialFiles(Path fileOrFolder, DatasetId id, CancellationToken cancel) {
    if (Files.isDirectory(fileOrFolder)) {
      return findCopy(fileOrFolder, id).isPresent();
    }
    Set<String> names = Set.copyOf(id.fileNames());
    return ArchiveExtractor.hasTarEntry(fileOrFolder, entry -> names.contains(baseName(entry)), cancel);
  }

  /** Whether a folder or archive has a {@code train/} folder at its top or one level below. */
  private static boolean looksLikeImageFolder(Path fileOrFolder, CancellationToken cancel) {
    if (Files.isDirectory(fileOrFolder)) {
      if (Files.isDirectory(fileOrFolder.resolve("train"))) {
        return true;
      }
      try (Stream<Path> children = Files.list(fileOrFolder)) {
        return children.anyMatch(c -> Files.isDirectory(c.resolve("train")));
      } catch (IOException e) {
        throw DataFiles.unreadable(fileOrFolder, e);
      }
    }
    try {
      if (ArchiveExtractor.isZip(fileOrFolder)) {
        return true; // the importer reads zips whole and says what is wrong with the layout
      }
    } catch (IOException e) {
      throw DataFiles.unreadable(fileOrFolder, e);
    }
    return ArchiveExtractor.hasTarEntry(
        fileOrFolder,
        entry -> {
          // "./root/train/…" as tar writes it with a leading "./" is as good as "root/train/…".
          List<String> parts =
              Stream.of(entry.replace('\\', '/').split("/")).filter(p -> !p.isEmpty() && !p.equals(".")).toList();
          return parts.indexOf("train") == 0 || parts.indexOf("train") == 1;
        },
        cancel);
  }

  /**
   * Imports an image folder (a folder or an archive of {@code train/<class>/} and {@code
   * test/<class>/}) as the data set: decoded once into the product's cache, shuffled with {@link
   * #IMAGE_ORDER_SEED}. It must have the data set's classes and image size, checked before anything
   * is written, so a wrong folder never replaces an installed copy.
   */
  private Dataset importImages(DatasetId id, Path source, DownloadListener listener, CancellationToken cancel) {
    cleanLeftovers(id);
    Path target = installFolder(id);
    listener.status("importing " + id.displayName() + " from the images in " + source);
    ImageFolderImporter.importImages(
        source,
        target,
        new ImageFolderImporter.Settings(IMAGE_ORDER_SEED, null, ImageFolderImporter.Limits.DEFAULT, id),
        listener::work,
        cancel);
    Dataset d = DatasetLoader.load(new DatasetLocation(id, DataSource.USER_CACHE, target), ProgressListener.NONE, cancel);
    listener.status("installed " + d.displayName() + " in " + target);
    return d;
  }

  private Dataset fromMirror(
      DatasetId id,
      Mirror mirror,
      Map<String, String> expected,
      boolean fresh,
      DownloadListener listener,
      CancellationToken cancel)
      throws IOException {
    Path dir = downloadsFolder().resolve(id.key()).resolve(mirror.slug());
    if (fresh) {
      AtomicFiles.deleteRecursively(dir);
    }
    boolean resumed = false;
    Source source;
    if (mirror.kind() == Mirror.Kind.TAR_GZ) {
      Path archive = dir.resolve(mirror.archiveName());
      resumed =
          fetcher.fetch(
              mirror.uri(), archive, label(mirror, mirror.archiveName(), 0, 0), listener, cancel);
      source = staging -> unpack(archive, staging, id, cancel);
    } else {
      List<String> names = id.fileNames();
      for (int i = 0; i < names.size(); i++) {
        String file = mirror.downloadName(names.get(i));
        resumed |=
            fetcher.fetch(
                mirror.fileUri(names.get(i)),
                dir.resolve(file),
                label(mirror, file, i + 1, names.size()),
                listener,
                cancel);
      }
      source = staging -> dir;
    }
    try {
      Dataset d = install(id, source, expected, listener, cancel);
      AtomicFiles.deleteRecursively(dir);
      return d;
    } catch (UserException e) {
      // Bad content: never resume from these bytes again.
      AtomicFiles.deleteRecursively(dir);
      if (resumed && !fresh) {
        listener.status(
            mirror.name()
                + ": the resumed download is invalid ("
                + e.getMessage()
                + "); downloading it again from the start");
        return fromMirror(id, mirror, expected, true, listener, cancel);
      }
      throw e;
    }
  }

  private static String label(Mirror mirror, String file, int index, int count) {
    return file + " from " + mirror.name() + (count > 0 ? " (" + index + " of " + count + ")" : "");
  }

  /** Supplies, inside a fresh staging folder, the folder holding the data set's files. */
  @FunctionalInterface
  private interface Source {
    Path folderIn(Path staging) throws IOException;
  }

  /**
   * Fills a staging folder with the uncompressed files, checks digests, loads the copy, and only
   * then moves it to {@code <cache>/<key>}.
   */
  private Dataset install(
      DatasetId id,
      Source source,
      Map<String, String> expected,
      DownloadListener listener,
      CancellationToken cancel) {
    cleanLeftovers(id);
    Path target = installFolder(id);
    Dataset[] loaded = new Dataset[1];
    AtomicFiles.writeDirectory(
        target,
        staging -> {
          Path from = source.folderIn(staging);
          listener.status("verifying " + id.displayName());
          for (String name : id.fileNames()) {
            Path file =
                DataFiles.find(from, name)
                    .orElseThrow(() -> new UserException(from.resolve(name) + ": file not found"));
            String digest = store(file, staging, staging.resolve(name), cancel);
            String want = expected.get(name);
            if (want != null && !want.equals(digest)) {
              throw new UserException(
                  file.getFileName()
                      + ": SHA-256 of the unpacked file is "
                      + digest
                      + ", expected "
                      + want);
            }
          }
          AtomicFiles.deleteRecursively(staging.resolve(UNPACK));
          loaded[0] =
              DatasetLoader.load(
                  new DatasetLocation(id, DataSource.USER_CACHE, staging),
                  ProgressListener.NONE,
                  cancel);
          cancel.throwIfCancelled();
        });
    Dataset d = loaded[0];
    listener.status("installed " + id.displayName() + " in " + target);
    return new Dataset(
        id,
        new DatasetLocation(id, DataSource.USER_CACHE, target),
        d.train(),
        d.test(),
        d.sha256(),
        d.verified());
  }

  /**
   * Removes staging folders an interrupted install of {@code id} left behind; only this data set's,
   * since another data set may be installing into the same cache right now.
   */
  private void cleanLeftovers(DatasetId id) {
    if (!Files.isDirectory(cache)) {
      return;
    }
    for (String glob : List.of(".tmp-" + id.key() + "-*", ".old-" + id.key() + "-*")) {
      try (var leftovers = Files.newDirectoryStream(cache, glob)) {
        leftovers.forEach(AtomicFiles::deleteRecursively);
      } catch (IOException ignored) {
        // Leftovers are harmless; the next install tries again.
      }
    }
  }

  /** Extracts the data set's files from an archive into {@code staging/.unpack}. */
  private static Path unpack(Path archive, Path staging, DatasetId id, CancellationToken cancel) {
    Path into = staging.resolve(UNPACK);
    Set<String> wanted =
        id.fileNames().stream()
            .flatMap(n -> Stream.of(n, n + ".gz"))
            .collect(Collectors.toUnmodifiableSet());
    ArchiveExtractor.extract(archive, into, entry -> wanted.contains(baseName(entry)), cancel);
    return findCopy(into, id).orElseThrow(() -> missingCopy(archive, id, "this archive"));
  }

  private static String baseName(String entry) {
    String e = entry.replace('\\', '/');
    return e.substring(e.lastIndexOf('/') + 1);
  }

  /**
   * The folder at or below {@code root} (up to three levels) holding the whole data set; one named
   * after the data set wins over others, then the shallowest, then the first by name.
   */
  static java.util.Optional<Path> findCopy(Path root, DatasetId id) {
    Path firstAny = null;
    Deque<Path> level = new ArrayDeque<>(List.of(root));
    for (int depth = 0; depth <= 3 && !level.isEmpty(); depth++) {
      Deque<Path> next = new ArrayDeque<>();
      for (Path dir : level) {
        if (DataFiles.holdsAll(dir, id)) {
          Path name = dir.getFileName();
          if (name != null && DatasetId.fromFolderName(name.toString()) == id) {
            return java.util.Optional.of(dir);
          }
          if (firstAny == null) {
            firstAny = dir;
          }
        }
        try (Stream<Path> children = Files.list(dir)) {
          children.filter(Files::isDirectory).sorted().forEach(next::add);
        } catch (IOException e) {
          // An unreadable sub-folder simply holds no copy.
        }
      }
      level = next;
    }
    return java.util.Optional.ofNullable(firstAny);
  }

  private static UserException missingCopy(Path where, DatasetId id, String place) {
    return new UserException(
        where
            + ": no complete "
            + id.displayName()
            + " copy in "
            + place
            + " (needs "
            + String.join(", ", id.fileNames())
            + (id.isIdx() ? ", each raw or .gz)" : ")"));
  }

  /**
   * Puts a file's uncompressed content at {@code to} and returns its SHA-256; a raw file already
   * inside the staging folder (extracted from an archive) is moved rather than copied, which spares
   * CIFAR-10 writing 180 MB twice.
   */
  private static String store(Path from, Path staging, Path to, CancellationToken cancel) {
    try {
      if (from.toAbsolutePath().startsWith(staging.toAbsolutePath()) && !DataFiles.isGzip(from)) {
        Files.move(from, to);
        cancel.throwIfCancelled();
        return Sha256.ofFile(to);
      }
    } catch (IOException e) {
      throw DataFiles.unreadable(from, e);
    }
    return copyUncompressed(from, to, cancel);
  }

  /** Copies a file, decompressing gzip, and returns the SHA-256 of the uncompressed bytes. */
  private static String copyUncompressed(Path from, Path to, CancellationToken cancel) {
    MessageDigest md = Sha256.newDigest();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = DataFiles.open(from);
        OutputStream out =
            Files.newOutputStream(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int r; (r = in.read(buf)) > 0; ) {
        cancel.throwIfCancelled();
        md.update(buf, 0, r);
        out.write(buf, 0, r);
      }
    } catch (IOException e) {
      throw DataFiles.unreadable(from, e);
    }
    return Sha256.hex(md.digest());
  }

  /** A per-data-set lock so two downloads or imports (this process or another) do not collide. */
  private Lock lock(DatasetId id) {
    Path file = downloadsFolder().resolve(id.key() + ".lock");
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new UserException(
            "another download or import of "
                + id.displayName()
                + " is running (lock "
                + file
                + ")");
      }
      return new Lock(channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("could not lock " + file + ": " + e.getMessage(), e);
    }
  }

  private record Lock(FileChannel channel, FileLock lock) implements AutoCloseable {
    @Override
    public void close() {
      try {
        lock.release();
        channel.close();
      } catch (IOException ignored) {
        // Closing the channel releases the lock in any case.
      }
    }
  }
}
