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
import java.util.List;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts tar archives (plain or gzipped: {@code .tar}, {@code .tar.gz}, {@code .tgz}) without
 * ever writing outside the target folder.
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
      requireTar(archive, in);
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
  private static void requireTar(Path archive, InputStream in) throws IOException {
    in.mark(TAR_BLOCK);
    byte[] head = in.readNBytes(TAR_BLOCK);
    in.reset();
    if (head.length < TAR_BLOCK || !TarArchiveInputStream.matches(head, head.length)) {
      throw DataFiles.problem(archive, "not a tar archive (.tar, .tar.gz or .tgz)");
    }
  }
}
