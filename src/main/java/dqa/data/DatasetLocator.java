package dqa.data;

import dqa.run.AppPaths;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Finds complete copies of a data set in the places the product looks, in a fixed order: the user's
 * data folders, the user cache, system folders, then the bundled sample.
 *
 * <p>Folder rule. In every search root, a copy may sit in a sub-folder named by the data set's key
 * ({@code mnist/}, {@code fashion-mnist/}, {@code cifar10/}); CIFAR-10 may also sit in {@code
 * cifar-10-batches-bin/}, directly or inside {@code cifar10/}. The cache and the bundled sample use
 * only these sub-folders. A data folder or system folder may also hold the files directly. For
 * CIFAR-10 that is unambiguous; MNIST and Fashion-MNIST share their four file names, so a folder
 * holding IDX files directly counts for the data set its own name stands for ({@code .../mnist},
 * {@code .../Fashion_MNIST}; case and punctuation ignored), and a data folder whose name stands for
 * no data set counts for whichever IDX data set is asked for, since the user pointed at it for that
 * data set. Should the files then be the other data set's published ones, {@link DatasetLoader}
 * refuses them. The locator checks only that the files exist; the loader validates them.
 */
public final class DatasetLocator {

  /** System-wide folders where distribution packages install data sets. */
  public static final List<Path> SYSTEM_DIRS = List.of(Path.of("/usr/share/datasets"));

  /** The environment variable holding extra data folders, separated like {@code PATH}. */
  public static final String DATA_DIR_ENV = "DQA_DATA_DIR";

  private static final String CIFAR_FOLDER = "cifar-10-batches-bin";

  /** One place searched, and the source a copy found there is reported as. */
  public record SearchRoot(DataSource source, Path folder) {
    public SearchRoot {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(folder, "folder");
    }
  }

  private final List<SearchRoot> roots;

  /**
   * Creates a locator over the given places; {@code userCache} and {@code bundledSample} may be
   * null when there is none.
   */
  public DatasetLocator(
      List<Path> dataDirs, Path userCache, List<Path> systemDirs, Path bundledSample) {
    List<SearchRoot> r = new ArrayList<>();
    dataDirs.forEach(d -> r.add(new SearchRoot(DataSource.DATA_DIR, d)));
    if (userCache != null) {
      r.add(new SearchRoot(DataSource.USER_CACHE, userCache));
    }
    systemDirs.forEach(d -> r.add(new SearchRoot(DataSource.SYSTEM, d)));
    if (bundledSample != null) {
      r.add(new SearchRoot(DataSource.BUNDLED_SAMPLE, bundledSample));
    }
    this.roots = List.copyOf(r);
  }

  /**
   * The product's locator: {@code dataDirs} (from {@code --data-dir}), then the folders in {@code
   * DQA_DATA_DIR}, the user cache, {@link #SYSTEM_DIRS}, and the bundled sample.
   */
  public static DatasetLocator standard(AppPaths paths, List<Path> dataDirs) {
    return standard(paths, dataDirs, System.getenv());
  }

  /** As {@link #standard(AppPaths, List)}, reading {@code DQA_DATA_DIR} from {@code env}. */
  public static DatasetLocator standard(
      AppPaths paths, List<Path> dataDirs, Map<String, String> env) {
    List<Path> dirs = new ArrayList<>(dataDirs);
    String extra = env.get(DATA_DIR_ENV);
    if (extra != null) {
      for (String part : extra.split(java.util.regex.Pattern.quote(File.pathSeparator))) {
        if (!part.isBlank()) {
          dirs.add(Path.of(part.strip()));
        }
      }
    }
    return new DatasetLocator(dirs, paths.datasetCache(), SYSTEM_DIRS, paths.bundledSample());
  }

  /** The places searched, in order. */
  public List<SearchRoot> roots() {
    return roots;
  }

  /** Every place that holds a complete copy of {@code id}, in search order, each folder once. */
  public List<DatasetLocation> locateAll(DatasetId id) {
    List<DatasetLocation> found = new ArrayList<>();
    Set<Path> seen = new LinkedHashSet<>();
    for (SearchRoot root : roots) {
      for (Path candidate : candidates(root, id)) {
        Path key = candidate.toAbsolutePath().normalize();
        if (DataFiles.holdsCopy(candidate, id) && seen.add(key)) {
          found.add(new DatasetLocation(id, root.source(), candidate));
        }
      }
    }
    return found;
  }

  /** A folder that holds some of a data set's files but not all of them. */
  public record PartialCopy(Path folder, List<String> missing) {}

  /** The first folder, in search order, holding part of {@code id} but not all of it. */
  public Optional<PartialCopy> findPartialCopy(DatasetId id) {
    for (SearchRoot root : roots) {
      for (Path candidate : candidates(root, id)) {
        if (!java.nio.file.Files.isDirectory(candidate)) {
          continue;
        }
        List<String> missing = DataFiles.missing(candidate, id);
        if (!missing.isEmpty() && missing.size() < id.fileNames().size()) {
          return Optional.of(new PartialCopy(candidate, missing));
        }
      }
    }
    return Optional.empty();
  }

  /** The first place holding a complete copy of {@code id}. */
  public Optional<DatasetLocation> locate(DatasetId id) {
    return locateAll(id).stream().findFirst();
  }

  /** The folders of one root that may hold {@code id}, in the order they are tried. */
  static List<Path> candidates(SearchRoot root, DatasetId id) {
    Path dir = root.folder();
    List<Path> c = new ArrayList<>();
    c.add(dir.resolve(id.key()));
    if (id == DatasetId.CIFAR10) {
      c.add(dir.resolve(id.key()).resolve(CIFAR_FOLDER));
      c.add(dir.resolve(CIFAR_FOLDER));
    }
    boolean direct = root.source() == DataSource.DATA_DIR || root.source() == DataSource.SYSTEM;
    if (direct && directFilesCount(root, id)) {
      c.add(dir);
    }
    return c;
  }

  private static boolean directFilesCount(SearchRoot root, DatasetId id) {
    if (!id.isIdx()) {
      return true;
    }
    Path name = root.folder().toAbsolutePath().normalize().getFileName();
    DatasetId named = name == null ? null : DatasetId.fromFolderName(name.toString());
    return named == id || (named == null && root.source() == DataSource.DATA_DIR);
  }
}
