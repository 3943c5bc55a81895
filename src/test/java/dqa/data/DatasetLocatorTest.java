package dqa.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dqa.run.AppPaths;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocatorTest {
  @TempDir Path dir;

  private static List<String> describe(List<DatasetLocation> found, Path base) {
    return found.stream()
        .map(l -> l.source() + " " + base.relativize(l.folder()).toString().replace('\\', '/'))
        .toList();
  }

  @Test
  void searchesDataDirsCacheSystemThenSample() {
    Path data = dir.resolve("data");
    Path cache = dir.resolve("cache");
    Path system = dir.resolve("system");
    Path sample = dir.resolve("sample");
    SyntheticData.writeIdx(data.resolve("mnist"), true, 0);
    SyntheticData.writeIdx(cache.resolve("mnist"), false, 0);
    SyntheticData.writeIdx(system.resolve("mnist"), true, 0);
    SyntheticData.writeIdx(sample.resolve("mnist"), true, 0);
    var locator = new DatasetLocator(List.of(data), cache, List.of(system), sample);
    assertEquals(
        List.of(
            "DATA_DIR data/mnist",
            "USER_CACHE cache/mnist",
            "SYSTEM system/mnist",
            "BUNDLED_SAMPLE sample/mnist"),
        describe(locator.locateAll(DatasetId.MNIST), dir));
    assertEquals(DataSource.DATA_DIR, locator.locate(DatasetId.MNIST).orElseThrow().source());
    assertTrue(locator.locate(DatasetId.FASHION_MNIST).isEmpty());
    assertTrue(locator.locate(DatasetId.CIFAR10).isEmpty());
  }

  @Test
  void skipsIncompleteCopies() throws IOException {
    Path cache = dir.resolve("cache");
    SyntheticData.writeIdx(cache.resolve("mnist"), true, 0);
    Files.delete(cache.resolve("mnist/t10k-labels-idx1-ubyte.gz"));
    Path sample = SyntheticData.writeIdx(dir.resolve("sample/mnist"), true, 0).getParent();
    var locator = new DatasetLocator(List.of(), cache, List.of(), sample);
    assertEquals(
        List.of("BUNDLED_SAMPLE sample/mnist"), describe(locator.locateAll(DatasetId.MNIST), dir));
  }

  @Test
  void directlyHeldIdxFilesFollowTheFolderName() {
    // A data folder named for nothing: the user pointed at it, so it counts for either IDX set.
    Path plain = SyntheticData.writeIdx(dir.resolve("downloads"), true, 0);
    // A folder named after a data set counts only for that one.
    Path named = SyntheticData.writeIdx(dir.resolve("Fashion_MNIST"), true, 0);
    var locator = new DatasetLocator(List.of(plain, named), null, List.of(), null);
    assertEquals(List.of("DATA_DIR downloads"), describe(locator.locateAll(DatasetId.MNIST), dir));
    assertEquals(
        List.of("DATA_DIR downloads", "DATA_DIR Fashion_MNIST"),
        describe(locator.locateAll(DatasetId.FASHION_MNIST), dir));

    // The cache and the sample never count files held directly, whatever the folder is called.
    Path cache = SyntheticData.writeIdx(dir.resolve("cache"), true, 0);
    var cacheOnly = new DatasetLocator(List.of(), cache, List.of(), cache);
    assertTrue(cacheOnly.locateAll(DatasetId.MNIST).isEmpty());
    // A system folder counts only when named after the data set.
    var system = new DatasetLocator(List.of(), null, List.of(plain, named), null);
    assertTrue(system.locateAll(DatasetId.MNIST).isEmpty());
    assertEquals(1, system.locateAll(DatasetId.FASHION_MNIST).size());
  }

  @Test
  void findsCifarInItsFolders() {
    SyntheticData.writeCifar(dir.resolve("a/cifar10"), 1);
    SyntheticData.writeCifar(dir.resolve("b/cifar10/cifar-10-batches-bin"), 1);
    SyntheticData.writeCifar(dir.resolve("c/cifar-10-batches-bin"), 1);
    SyntheticData.writeCifar(dir.resolve("d"), 1);
    var locator =
        new DatasetLocator(
            List.of(dir.resolve("a"), dir.resolve("b"), dir.resolve("c"), dir.resolve("d")),
            null,
            List.of(),
            null);
    assertEquals(
        List.of(
            "DATA_DIR a/cifar10",
            "DATA_DIR b/cifar10/cifar-10-batches-bin",
            "DATA_DIR c/cifar-10-batches-bin",
            "DATA_DIR d"),
        describe(locator.locateAll(DatasetId.CIFAR10), dir));
  }

  @Test
  void listsEachFolderOnce() {
    Path data = dir.resolve("data");
    SyntheticData.writeIdx(data.resolve("mnist"), true, 0);
    var locator = new DatasetLocator(List.of(data, data.resolve("mnist")), null, List.of(), null);
    assertEquals(List.of("DATA_DIR data/mnist"), describe(locator.locateAll(DatasetId.MNIST), dir));
  }

  @Test
  void standardOrderWithEnvironment() {
    Path home = dir.resolve("home");
    Path assets = dir.resolve("assets");
    SyntheticData.writeIdx(home.resolve("datasets/mnist"), true, 0);
    SyntheticData.writeIdx(assets.resolve("sample/mnist"), true, 0);
    Path fromEnv = SyntheticData.writeIdx(dir.resolve("env/mnist"), true, 0).getParent();
    Path fromOption = dir.resolve("option");
    AppPaths paths = new AppPaths(home, dir.resolve("ws"), assets, dir.resolve("models"));
    var locator =
        DatasetLocator.standard(
            paths,
            List.of(fromOption),
            Map.of(DatasetLocator.DATA_DIR_ENV, File.pathSeparator + fromEnv + File.pathSeparator));
    List<DatasetLocator.SearchRoot> roots = locator.roots();
    assertEquals(fromOption, roots.get(0).folder());
    assertEquals(fromEnv, roots.get(1).folder());
    assertEquals(DataSource.USER_CACHE, roots.get(2).source());
    assertEquals(DatasetLocation.class, locator.locate(DatasetId.MNIST).orElseThrow().getClass());
    assertEquals(
        List.of("DATA_DIR env/mnist", "USER_CACHE home/datasets/mnist"),
        describe(locator.locateAll(DatasetId.MNIST), dir).subList(0, 2));
    List<DatasetLocation> all = locator.locateAll(DatasetId.MNIST);
    DatasetLocation last = all.get(all.size() - 1);
    assertEquals(DataSource.BUNDLED_SAMPLE, last.source());
    assertEquals("bundled sample (" + assets.resolve("sample/mnist") + ")", last.describe());
  }

  @Test
  void sharedDatasetsFolderHoldsBothIdxSets() {
    Path shared = DatasetLoaderTest.shared();
    assumeTrue(Files.isDirectory(shared), "shared data sets not available");
    var locator = new DatasetLocator(List.of(shared), null, List.of(), null);
    assertEquals(shared.resolve("mnist"), locator.locate(DatasetId.MNIST).orElseThrow().folder());
    assertEquals(
        shared.resolve("fashion-mnist"),
        locator.locate(DatasetId.FASHION_MNIST).orElseThrow().folder());
  }
}
