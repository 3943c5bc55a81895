package dqa.data;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A loaded data set: its train and test images, where they came from, and their fingerprint.
 *
 * <p>{@code sha256} identifies the content: the SHA-256 (lower-case hex) of the UTF-8 text formed
 * by concatenating the lower-case hex SHA-256 digests of the data set's files, each over its
 * <em>uncompressed</em> bytes, in the order of {@link DatasetId#fileNames()} (IDX: train images,
 * train labels, test images, test labels; CIFAR-10: data batches 1 to 5, test batch, meta file). So
 * a gzipped and a raw copy of the same files have the same fingerprint. {@code verified} is true
 * when every file's digest equals the published one ({@link PublishedHashes}); it is never true for
 * the bundled sample or for CIFAR-10, whose unpacked files have no published digests.
 *
 * <p>A data set imported from an image folder (CIFAR-10 as JPEG files) has the fingerprint of its
 * cache ({@link ImageFolderManifest#sha256()}) and names what it is in {@code copy}, e.g. {@code "JPEG
 * copy"}: its pixels are not the official ones, and every result on it must say so. {@code copy} is
 * null for the data set's own files.
 */
public record Dataset(
    DatasetId id,
    DatasetLocation location,
    LabeledImages train,
    LabeledImages test,
    String sha256,
    boolean verified,
    String copy) {

  /** The data set's own files (not a re-encoded copy). */
  public Dataset(
      DatasetId id, DatasetLocation location, LabeledImages train, LabeledImages test, String sha256, boolean verified) {
    this(id, location, train, test, sha256, verified, null);
  }

  /** The name to show people: "MNIST", or "CIFAR-10 (JPEG copy)" for a re-encoded copy. */
  public String displayName() {
    return displayName(id, copy);
  }

  /** As {@link #displayName()}, for a data set not loaded yet. */
  public static String displayName(DatasetId id, String copy) {
    return copy == null ? id.displayName() : id.displayName() + " (" + copy + ")";
  }

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public Dataset {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    if (location.id() != id) {
      throw new IllegalArgumentException("location is for " + location.id() + ", not " + id);
    }
    for (LabeledImages part : new LabeledImages[] {train, test}) {
      if (part.channels() != id.channels()
          || part.height() != id.height()
          || part.width() != id.width()) {
        throw new IllegalArgumentException(
            id.displayName()
                + " images must be "
                + id.channels()
                + "x"
                + id.height()
                + "x"
                + id.width()
                + ", not "
                + part.channels()
                + "x"
                + part.height()
                + "x"
                + part.width());
      }
    }
    if (sha256 == null || !HEX64.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits: " + sha256);
    }
  }

  @Override
  public String toString() {
    return "Dataset["
        + id.key()
        + ", "
        + location.describe()
        + ", train="
        + train.count()
        + ", test="
        + test.count()
        + ", sha256="
        + sha256.substring(0, 12)
        + "..., verified="
        + verified
        + "]";
  }
}
