package dqa.data;

import dqa.run.CancellationToken;
import dqa.run.UserException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Extracts tar archives (plain or gzipped: {@code .tar}, {@code .tar.gz}, {@code .tgz}) without
 * ever writing outside the target folder, and reads tar or zip archives entry by entry into memory
 * ({@link #forEachEntry}) with limits on entry and total size.
 *
 * <p>An archive with an entry that is an absolute path, climbs out with {@code ..}, is a symbolic
 * or hard link, or is a device or pipe is refused as a whole, before or while extracting: such an
 * archive is broken or hostile, and the data sets' real archives contain none. The caller extracts
 * into a fresh staging folder and deletes it on failure.
 */
public final class ArchiveExtractor {
  private ArchiveExtractor() {}

  private static final int TAR_BLOCK = 512;

  /**
   * Extracts the regular files whose entry name {@code wanted} accepts, checking every entry.
   *
   * @return the extracted files
   * @throws UserException naming the archive and the offending entry or problem
   */
  public static List<Path> extract(
      Path archive, Path target, Predicate<String> wanted, CancellationToken cancel) {
    Path root = target.toAbsolutePath().normalize();
    List<Path> written = new ArrayList<>();
    try (InputStream data = DataFiles.open(archive)) {
      InputStream in = new BufferedInputStream(data, 1 << 16);
      requireTar(archive, in, "not a tar archive (.tar, .tar.gz or .tgz)");
      try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
        byte[] buf = new byte[1 << 16];
        for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
          cancel.throwIfCancelled();
          Path dest = checkEntry(archive, root, e);
          if (dest == null || !e.isFile() || !wanted.test(e.getName())) {
            continue;
          }
          Files.createDirectories(dest.getParent());
          try (OutputStream out =
              Files.newOutputStream(
                  dest, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int r; (r = tar.read(buf)) > 0; ) {
              out.write(buf, 0, r);
              cancel.throwIfCancelled();
            }
          }
          written.add(dest);
        }
      }
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw DataFiles.problem(archive, "holds " + e.getFile() + " twice");
    } catch (IOException e) {
      throw DataFiles.unreadable(archive, e);
    }
    return written;
  }

  /**
   * Where an entry would be written, or null for an entry that writes nothing (the archive root).
   */
  private static Path checkEntry(Path archive, Path root, TarArchiveEntry e) {
    String name = e.getName();
    if (e.isSymbolicLink() || e.isLink()) {
      throw refuse(
          archive,
          name,
          "is a "
              + (e.isSymbolicLink() ? "symbolic" : "hard")
              + " link to '"
              + e.getLinkName()
              + "'; archives with links are not extracted");
    }
    if (!e.isFile() && !e.isDirectory()) {
      throw refuse(archive, name, "is a device, pipe or other special file");
    }
    return checkName(archive, root, name);
  }

  /**
   * Where an entry called {@code name} would be written below {@code root}, or null for the root
   * itself; refuses absolute names and names that climb out.
   */
  private static Path checkName(Path archive, Path root, String name) {
    if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
      throw refuse(archive, name, "is an absolute path");
    }
    for (String part : name.split("[/\\\\]")) {
      if (part.equals("..")) {
        throw refuse(archive, name, "would be written outside the target folder");
      }
    }
    Path dest = root.resolve(name).normalize();
    if (!dest.startsWith(root)) {
      throw refuse(archive, name, "would be written outside the target folder");
    }
    return dest.equals(root) ? null : dest;
  }

  private static UserException refuse(Path archive, String entry, String why) {
    return DataFiles.problem(archive, "entry '" + entry + "' " + why + "; refusing the archive");
  }

  /** Fails with a clear message when the (decompressed) content does not start like a tar. */
  private static void requireTar(Path archive, InputStream in, String refusal) throws IOException {
    in.mark(TAR_BLOCK);
    byte[] head = in.readNBytes(TAR_BLOCK);
    in.reset();
    if (head.length < TAR_BLOCK || !TarArchiveInputStream.matches(head, head.length)) {
      throw DataFiles.problem(archive, refusal);
    }
  }

  /**
   * Whether a tar archive (plain or gzipped) holds a file entry whose name {@code wanted} accepts;
   * reads entry headers only, and stops at the first match. A zip archive answers false.
   */
  public static boolean hasTarEntry(Path archive, Predicate<String> wanted, CancellationToken cancel) {
    try {
      if (isZip(archive)) {
        return false;
      }
      try (InputStream data = DataFiles.open(archive)) {
        InputStream in = new BufferedInputStream(data, 1 << 16);
        requireTar(archive, in, "not a tar or zip archive (.tar, .tar.gz, .tgz or .zip)");
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
          for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
            cancel.throwIfCancelled();
            if (e.isFile() && wanted.test(e.getName())) {
              return true;
            }
          }
        }
      }
    } catch (IOException e) {
      throw DataFiles.unreadable(archive, e);
    }
    return false;
  }

  /** One archive entry read into memory; {@code content} is null for a directory. */
  public record Entry(String name, boolean directory, byte[] content) {}

  /** Receives the entries of {@link #forEachEntry} in the archive's order. */
  @FunctionalInterface
  public interface EntryVisitor {
    void visit(Entry entry);
  }

  /**
   * Limits that stop an archive bomb before it fills memory: a file entry may hold at most {@code
   * maxEntryBytes} and all file entries together at most {@code maxTotalBytes} (uncompressed).
   */
  public record SizeLimits(long maxEntryBytes, long maxTotalBytes) {
    public SizeLimits {
      if (maxEntryBytes < 1 || maxEntryBytes > DataFiles.MAX_ARRAY || maxTotalBytes < 1) {
        throw new IllegalArgumentException(
            "limits must be positive (entry at most one array): "
                + maxEntryBytes
                + ", "
                + maxTotalBytes);
      }
    }
  }

  /** The fraction of an archive's (compressed) bytes read so far; for progress reports. */
  @FunctionalInterface
  public interface ReadProgress {
    void read(long compressedBytesRead, long compressedBytesTotal);
  }

  /**
   * Reads every entry of a tar (plain or gzipped) or zip archive into memory and hands it to {@code
   * visitor}, applying the same refusals as {@link #extract} (links, special files, absolute names,
   * names climbing out) to every entry, so what is safe to extract is what is visited.
   *
   * <p>Size checks, because decompression can turn a small archive into a huge stream: an entry
   * larger than its limit is refused before it is read when its header says so, and while it is
   * read otherwise; a zip entry that holds more bytes than its directory declares is refused (its
   * declared size is what size checks and the user trust); the total of all entries is bounded.
   *
   * @throws UserException naming the archive and the offending entry or problem
   */
  public static void forEachEntry(
      Path archive,
      SizeLimits limits,
      EntryVisitor visitor,
      ReadProgress progress,
      CancellationToken cancel) {
    Path root = Path.of("/archive-root").toAbsolutePath().normalize();
    long[] total = {0};
    try {
      long compressedSize = Files.size(archive);
      if (isZip(archive)) {
        forEachZipEntry(archive, root, limits, visitor, total, cancel, progress, compressedSize);
        return;
      }
      try (CountingInputStream counted = new CountingInputStream(Files.newInputStream(archive));
          InputStream data = DataFiles.openStream(counted, archive)) {
        InputStream in = new BufferedInputStream(data, 1 << 16);
        requireTar(archive, in, "not a tar or zip archive (.tar, .tar.gz, .tgz or .zip)");
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
          for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
            cancel.throwIfCancelled();
            Path dest = checkEntry(archive, root, e);
            if (dest == null) {
              continue;
            }
            String name = e.getName();
            if (e.isDirectory()) {
              visitor.visit(new Entry(name, true, null));
              continue;
            }
            byte[] content = readBounded(archive, name, tar, e.getSize(), false, limits, total);
            visitor.visit(new Entry(name, false, content));
            progress.read(counted.count(), compressedSize);
          }
        }
      }
    } catch (IOException e) {
      throw DataFiles.unreadable(archive, e);
    }
  }

  private static void forEachZipEntry(
      Path archive,
      Path root,
      SizeLimits limits,
      EntryVisitor visitor,
      long[] total,
      CancellationToken cancel,
      ReadProgress progress,
      long compressedSize)
      throws IOException {
    try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
      for (Enumeration<ZipArchiveEntry> en = zip.getEntriesInPhysicalOrder();
          en.hasMoreElements(); ) {
        cancel.throwIfCancelled();
        ZipArchiveEntry e = en.nextElement();
        String name = e.getName();
        if (e.isUnixSymlink()) {
          throw refuse(archive, name, "is a symbolic link; archives with links are not extracted");
        }
        if (checkName(archive, root, name) == null) {
          continue;
        }
        if (e.isDirectory()) {
          visitor.visit(new Entry(name, true, null));
          continue;
        }
        if (!zip.canReadEntryData(e)) {
          throw refuse(archive, name, "uses a compression method or encryption this reader lacks");
        }
        byte[] content;
        try (InputStream in = zip.getInputStream(e)) {
          content = readBounded(archive, name, in, e.getSize(), true, limits, total);
        }
        visitor.visit(new Entry(name, false, content));
        long offset = e.getDataOffset() + e.getCompressedSize();
        progress.read(Math.min(offset, compressedSize), compressedSize);
      }
    }
  }

  /**
   * Reads one entry, refusing it when it exceeds the entry limit, the total limit, or (for a zip,
   * whose directory states each size independently of the compressed data) its declared size.
   */
  private static byte[] readBounded(
      Path archive,
      String name,
      InputStream in,
      long declared,
      boolean declaredIsIndependent,
      SizeLimits limits,
      long[] total)
      throws IOException {
    if (declared > limits.maxEntryBytes()) {
      throw refuse(
          archive,
          name,
          "declares "
              + DataFiles.bytes(declared)
              + ", more than the limit of "
              + DataFiles.bytes(limits.maxEntryBytes())
              + " per file");
    }
    long cap = declared >= 0 ? declared : limits.maxEntryBytes();
    // One byte more than allowed tells "exactly at the limit" from "beyond it".
    byte[] content = in.readNBytes((int) Math.min(cap + 1, limits.maxEntryBytes() + 1));
    if (declared >= 0 && content.length > declared) {
      throw refuse(
          archive,
          name,
          "holds more than the "
              + DataFiles.bytes(declared)
              + " its header declares (an archive bomb or a corrupt archive)");
    }
    if (content.length > limits.maxEntryBytes()) {
      throw refuse(
          archive,
          name,
          "unpacks to more than the limit of " + DataFiles.bytes(limits.maxEntryBytes()));
    }
    if (declaredIsIndependent && declared >= 0 && content.length < declared) {
      throw refuse(
          archive,
          name,
          "holds "
              + content.length
              + " bytes but its header declares "
              + declared
              + " (corrupt archive)");
    }
    total[0] += content.length;
    if (total[0] > limits.maxTotalBytes()) {
      throw refuse(
          archive,
          name,
          "brings the unpacked total beyond the limit of "
              + DataFiles.bytes(limits.maxTotalBytes())
              + " (an archive bomb?)");
    }
    return content;
  }

  /** True when the file starts like a zip archive (a local file header or an empty archive). */
  static boolean isZip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(4);
      return head.length == 4
          && head[0] == 'P'
          && head[1] == 'K'
          && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
    }
  }

  /** Counts the bytes read from the (compressed) file, for progress. */
  private static final class CountingInputStream extends java.io.FilterInputStream {
    private long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    long count() {
      return count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int r = super.read(b, off, len);
      if (r > 0) {
        count += r;
      }
      return r;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(n);
      count += s;
      return s;
    }
  }
}
