package dqa.eval;

import dqa.data.Dataset;
import dqa.run.Sha256;
import java.nio.ByteBuffer;

/**
 * The images an evaluation ran on: the data set, its content fingerprint, and the exact subset of
 * its test images (rule and indices), so a result names what it measured.
 *
 * @param name the data set's name for people ({@link Dataset#displayName()}), e.g. "CIFAR-10 (JPEG
 *     copy)"; null in results written before it was recorded
 * @param sha256 the data set's fingerprint ({@link Dataset#sha256()})
 * @param testImages size of the whole test set
 * @param subset the subset rule in words
 * @param n images in the subset
 * @param indicesSha256 SHA-256 of the indices as big-endian int32, a short name for the subset
 * @param indices the test-set indices used, ascending
 */
public record DataRecord(
    String dataset,
    String name,
    String source,
    String folder,
    String sha256,
    boolean verified,
    int testImages,
    String subset,
    int n,
    String indicesSha256,
    int[] indices) {

  public DataRecord {
    if (indices == null || indices.length != n) {
      throw new IllegalArgumentException("the subset's indices must list its " + n + " images");
    }
  }

  /** True when both name the same test images of the same data (content and subset, not the folder they came from). */
  public boolean sameImages(DataRecord other) {
    return other != null && sha256.equals(other.sha256) && indicesSha256.equals(other.indicesSha256);
  }

  /** The record of {@code subset} of {@code data}'s test set. */
  public static DataRecord of(Dataset data, TestSubset subset) {
    int available = data.test().count();
    int[] indices = subset.indices(available);
    return new DataRecord(
        data.id().key(), data.displayName(), data.location().source().toString(), data.location().folder().toString(), data.sha256(),
        data.verified(), available, subset.describe(available), indices.length, hash(indices), indices);
  }

  /** The name to show: {@link #name()}, or the data set's key in older results. */
  public String label() {
    return name != null ? name : dataset;
  }

  static String hash(int[] indices) {
    ByteBuffer b = ByteBuffer.allocate(indices.length * 4);
    for (int i : indices) {
      b.putInt(i);
    }
    return Sha256.of(b.array());
  }
}
