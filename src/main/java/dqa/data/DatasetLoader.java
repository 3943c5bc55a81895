package dqa.data;

import dqa.run.CancellationToken;
import dqa.run.ProgressListener;
import dqa.run.Sha256;
import dqa.run.UserException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads a data set's files from a folder into memory, validating every file and computing the data
 * set's fingerprint (see {@link Dataset} for its definition).
 *
 * <p>IDX files may be raw or gzipped ({@code name} is preferred over {@code name.gz} when both
 * exist); CIFAR-10 batches are raw. A folder whose IDX files are byte for byte another data set's
 * published files (MNIST loaded as Fashion-MNIST, or the reverse) is refused, since the two share
 * their file names and a mix-up would otherwise pass every format check.
 */
public final class DatasetLoader {
  private DatasetLoader() {}

  /** Loads a data set found by the locator. */
  public static Dataset load(DatasetLocation location) {
    return load(location, ProgressListener.NONE, CancellationToken.none());
  }

  /** Loads the data set {@code id} from files directly in {@code folder} (source: data folder). */
  public static Dataset load(DatasetId id, Path folder) {
    return load(new DatasetLocation(id, DataSource.DATA_DIR, folder));
  }

  /**
   * Loads a data set, reporting one progress unit per file and checking for cancel.
   *
   * @throws UserException naming the file and the problem when a file is missing or invalid
   */
  public static Dataset load(
      DatasetLocation location, ProgressListener progress, CancellationToken cancel) {
    if (location.id().isIdx()) {
      return loadIdx(location, progress, cancel);
    }
    return ImageFolderCache.exists(location.folder())
        ? loadImageFolder(location, progress, cancel)
        : loadCifar(location, progress, cancel);
  }

  /**
   * What the copy in {@code folder} is ({@link Dataset#copy()}) without loading it: null for the data
   * set's own files, e.g. "JPEG copy" for an imported image folder.
   */
  public static String copyIn(DatasetId id, Path folder) {
    if (id.isIdx() || !ImageFolderCache.exists(folder)) {
      return null;
    }
    try {
      return ImageFolderCache.readManifest(folder).copyKind();
    } catch (RuntimeException e) {
      return "image copy";
    }
  }

  /** A data set imported from images into the product's cache; it must be the data set it claims. */
  private static Dataset loadImageFolder(
      DatasetLocation location, ProgressListener progress, CancellationToken cancel) {
    DatasetId id = location.id();
    Path manifest = location.folder().resolve(ImageFolderCache.MANIFEST);
    progress.progress(0, 1, "reading " + id.displayName() + " images");
    ImageFolderCache.Loaded cache = ImageFolderCache.load(location.folder(), cancel);
    ImageFolderManifest m = cache.manifest();
    if (!m.classNames().equals(id.classNames())) {
      throw DataFiles.problem(
          manifest,
          "holds the classes " + String.join(", ", m.classNames()) + ", not " + id.displayName() + "'s "
              + String.join(", ", id.classNames()));
    }
    progress.progress(1, 1, "read " + Dataset.displayName(id, m.copyKind()));
    // The Dataset record checks the image shape.
    return new Dataset(id, location, cache.train(), cache.test(), m.sha256(), false, m.copyKind());
  }

  /**
   * The data set fingerprint: SHA-256 of the concatenated lower-case hex digests of its files, in
   * the order of {@link DatasetId#fileNames()}.
   */
  public static String combinedSha256(List<String> fileDigests) {
    return Sha256.of(String.join("", fileDigests));
  }

  private static Dataset loadIdx(
      DatasetLocation location, ProgressListener progress, CancellationToken cancel) {
    DatasetId id = location.id();
    List<String> names = id.fileNames();
    Path[] files = new Path[names.size()];
    for (int i = 0; i < files.length; i++) {
      files[i] = require(location.folder(), names.get(i), true);
    }
    int total = files.length;
    progress.progress(0, total, "reading " + files[0].getFileName());
    IdxReader.Images trainImages = IdxReader.readImages(files[0], id.height(), id.width(), cancel);
    progress.progress(1, total, "reading " + files[1].getFileName());
    IdxReader.Labels trainLabels = IdxReader.readLabels(files[1], id.numClasses(), cancel);
    IdxReader.requireSameCount(files[0], trainImages.count(), files[1], trainLabels.count());
    progress.progress(2, total, "reading " + files[2].getFileName());
    IdxReader.Images testImages = IdxReader.readImages(files[2], id.height(), id.width(), cancel);
    progress.progress(3, total, "reading " + files[3].getFileName());
    IdxReader.Labels testLabels = IdxReader.readLabels(files[3], id.numClasses(), cancel);
    IdxReader.requireSameCount(files[2], testImages.count(), files[3], testLabels.count());
    progress.progress(4, total, "read " + id.displayName());

    List<String> digests =
        List.of(
            trainImages.sha256(), trainLabels.sha256(), testImages.sha256(), testLabels.sha256());
    refuseOtherDataset(id, files, names, digests);
    LabeledImages train =
        new LabeledImages(
            trainImages.count(),
            1,
            id.height(),
            id.width(),
            trainImages.pixels(),
            trainLabels.labels());
    LabeledImages test =
        new LabeledImages(
            testImages.count(),
            1,
            id.height(),
            id.width(),
            testImages.pixels(),
            testLabels.labels());
    return new Dataset(
        id, location, train, test, combinedSha256(digests), verified(id, names, digests));
  }

  private static Dataset loadCifar(
      DatasetLocation location, ProgressListener progress, CancellationToken cancel) {
    DatasetId id = location.id();
    List<String> names = id.fileNames();
    List<Path> files = new ArrayList<>();
    for (String n : names) {
      files.add(require(location.folder(), n, false));
    }
    progress.progress(0, 3, "reading training batches");
    CifarReader.Batches train = CifarReader.read(files.subList(0, 5), cancel);
    progress.progress(1, 3, "reading test batch");
    CifarReader.Batches test = CifarReader.read(List.of(files.get(5)), cancel);
    if (test.recordsPerFile() != train.recordsPerFile()) {
      throw DataFiles.problem(
          files.get(5),
          "holds "
              + test.recordsPerFile()
              + " records but each training batch holds "
              + train.recordsPerFile()
              + " (truncated file?)");
    }
    progress.progress(2, 3, "reading class names");
    CifarReader.Meta meta = CifarReader.readMeta(files.get(6), id.classNames());
    progress.progress(3, 3, "read " + id.displayName());
    List<String> digests = new ArrayList<>(train.sha256());
    digests.addAll(test.sha256());
    digests.add(meta.sha256());
    return new Dataset(
        id,
        location,
        train.images(),
        test.images(),
        combinedSha256(digests),
        verified(id, names, digests));
  }

  private static Path require(Path folder, String name, boolean gzipAllowed) {
    Path raw = folder.resolve(name);
    if (!gzipAllowed) {
      if (!java.nio.file.Files.isRegularFile(raw)) {
        throw new UserException(raw + ": file not found");
      }
      return raw;
    }
    return DataFiles.find(folder, name)
        .orElseThrow(() -> new UserException(raw + ": file not found (nor " + name + ".gz)"));
  }

  private static boolean verified(DatasetId id, List<String> names, List<String> digests) {
    Map<String, String> published = PublishedHashes.of(id);
    if (published.isEmpty()) {
      return false;
    }
    for (int i = 0; i < names.size(); i++) {
      if (!digests.get(i).equals(published.get(names.get(i)))) {
        return false;
      }
    }
    return true;
  }

  private static void refuseOtherDataset(
      DatasetId id, Path[] files, List<String> names, List<String> digests) {
    for (DatasetId other : DatasetId.values()) {
      if (other == id || !other.isIdx()) {
        continue;
      }
      Map<String, String> published = PublishedHashes.of(other);
      for (int i = 0; i < names.size(); i++) {
        if (digests.get(i).equals(published.get(names.get(i)))) {
          throw new UserException(
              files[i]
                  + ": this is "
                  + other.displayName()
                  + "'s "
                  + names.get(i)
                  + ", not "
                  + id.displayName()
                  + "'s (the two use the same file names)");
        }
      }
    }
  }
}
