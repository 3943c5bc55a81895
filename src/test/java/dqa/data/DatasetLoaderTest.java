package dqa.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dqa.run.Sha256;
import dqa.run.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {
  @TempDir Path dir;

  static Path assets() {
    return Path.of(System.getProperty("dqa.assets", "assets"));
  }

  static Path shared() {
    return Path.of(System.getProperty("dqa.sharedDatasets", "../shared/datasets"));
  }

  private static Dataset sample(DatasetId id) {
    return DatasetLoader.load(
        new DatasetLocation(
            id, DataSource.BUNDLED_SAMPLE, assets().resolve("sample").resolve(id.key())));
  }

  @Test
  void loadsBundledMnistSample() {
    Dataset d = sample(DatasetId.MNIST);
    assertEquals(5000, d.train().count());
    assertEquals(1000, d.test().count());
    int[] firstTen = new int[10];
    for (int i = 0; i < 10; i++) {
      firstTen[i] = d.train().label(i);
    }
    assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, firstTen);
    assertEquals(5000, sum(d.train().classCounts(10)));
    assertFalse(d.verified(), "the sample is not the published data set");
    assertEquals(
        "2c5754c965b0c5201b5ca5065361b31a22af0748d408e67e456d6755c5bb99d8",
        d.sha256(),
        "the sample's fingerprint changes only when the sample does");
  }

  @Test
  void loadsBundledFashionSample() {
    Dataset d = sample(DatasetId.FASHION_MNIST);
    assertEquals(5000, d.train().count());
    assertEquals(1000, d.test().count());
    assertEquals(1, d.train().channels());
    assertFalse(d.verified());
    assertEquals("f63f6dd1c7b3bb285341e157db0b69e21146ff9c0faa181be9581ea951a53ec5", d.sha256());
  }

  @Test
  void loadsBundledCifarSampleAsTheJpegCopyInAMixedOrder() {
    Dataset d = sample(DatasetId.CIFAR10);
    assertEquals(500, d.train().count());
    assertEquals(1000, d.test().count());
    assertEquals(3, d.test().channels());
    assertEquals("CIFAR-10 (JPEG copy)", d.displayName());
    assertFalse(d.verified());
    assertArrayEquals(new int[] {100, 100, 100, 100, 100, 100, 100, 100, 100, 100}, d.test().classCounts(10));
    // Grouped by class, the first twenty would be one class; the import's seeded shuffle mixes them.
    java.util.Set<Integer> firstTwenty = new java.util.HashSet<>();
    for (int i = 0; i < 20; i++) {
      firstTwenty.add(d.test().label(i));
    }
    assertTrue(firstTwenty.size() >= 6, "the first twenty test images span classes: " + firstTwenty);
    assertEquals("60e0588912e29bf3c1be71a4e8059b32f0bfd59ca988828b143eea8b4435011f", d.sha256());
  }

  @Test
  void loadsFullMnistVerifiedAndQuickly() {
    Path folder = shared().resolve("mnist");
    assumeTrue(Files.isDirectory(folder), "shared data sets not available");
    DatasetLoader.load(DatasetId.MNIST, folder); // warm up class loading and the JIT
    long start = System.nanoTime();
    Dataset d = DatasetLoader.load(DatasetId.MNIST, folder);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(60_000, d.train().count());
    assertEquals(10_000, d.test().count());
    assertArrayEquals(
        new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, d.test().classCounts(10));
    assertTrue(d.verified(), "published digests match");
    assertTrue(seconds < 3, "full MNIST loads in about a second, took " + seconds + " s");

    // The bundled sample is the head of the full set.
    Dataset s = sample(DatasetId.MNIST);
    assertEquals(d.train().head(5000), s.train());
    assertEquals(d.test().head(1000), s.test());
  }

  @Test
  void loadsFullFashionVerifiedAndRefusesItAsMnist() {
    Path folder = shared().resolve("fashion-mnist");
    assumeTrue(Files.isDirectory(folder), "shared data sets not available");
    Dataset d = DatasetLoader.load(DatasetId.FASHION_MNIST, folder);
    assertEquals(60_000, d.train().count());
    assertTrue(d.verified());
    Dataset s = sample(DatasetId.FASHION_MNIST);
    assertEquals(d.train().head(5000), s.train());
    assertEquals(d.test().head(1000), s.test());

    UserException e =
        assertThrows(UserException.class, () -> DatasetLoader.load(DatasetId.MNIST, folder));
    assertTrue(e.getMessage().contains("this is Fashion-MNIST's"), e.getMessage());
  }

  @Test
  void fingerprintIsDocumentedDigestOfUncompressedFiles() throws IOException {
    SyntheticData.writeIdx(dir.resolve("gz"), true, 3);
    SyntheticData.writeIdx(dir.resolve("raw"), false, 3);
    Dataset gz = DatasetLoader.load(DatasetId.MNIST, dir.resolve("gz"));
    Dataset raw = DatasetLoader.load(DatasetId.MNIST, dir.resolve("raw"));
    List<String> digests = new ArrayList<>();
    for (String n : DatasetId.MNIST.fileNames()) {
      digests.add(Sha256.ofFile(dir.resolve("raw").resolve(n)));
    }
    assertEquals(Sha256.of(String.join("", digests)), raw.sha256());
    assertEquals(raw.sha256(), gz.sha256(), "compression does not change the fingerprint");
    assertEquals(raw.train(), gz.train());
    assertEquals(DataSource.DATA_DIR, raw.location().source());
  }

  @Test
  void refusesCountMismatchAndMissingFiles() throws IOException {
    Path folder = SyntheticData.writeIdx(dir, false, 0);
    Files.write(
        folder.resolve("t10k-labels-idx1-ubyte"),
        SyntheticData.idxLabels(9, SyntheticData.labels(9, 0)));
    UserException e =
        assertThrows(UserException.class, () -> DatasetLoader.load(DatasetId.MNIST, folder));
    assertTrue(
        e.getMessage().contains("t10k-labels-idx1-ubyte: holds 9 labels but"), e.getMessage());
    assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte holds 10 images"), e.getMessage());

    Files.delete(folder.resolve("train-images-idx3-ubyte"));
    e = assertThrows(UserException.class, () -> DatasetLoader.load(DatasetId.MNIST, folder));
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte: file not found"), e.getMessage());
  }

  private static int sum(int[] a) {
    int s = 0;
    for (int v : a) {
      s += v;
    }
    return s;
  }
}
