package dqa.data;

import java.util.List;

/**
 * What an image-folder import produced, stored as {@code image-folder.json} next to the cache
 * files: enough to check a cache against its source and to say where its data came from.
 *
 * @param formatVersion the cache format, {@link ImageFolderCache#FORMAT_VERSION}
 * @param source the imported folder's or archive's file name (not its path, which is the user's)
 * @param sourceBytes the archive's size in bytes, or -1 for a folder
 * @param sourceModified the archive's last-modified time in milliseconds, or -1 for a folder
 * @param seed the seed of the shuffle that fixed the images' order in each split
 * @param testFraction the share of each class split off as test images when the source was one
 *     class tree; null (absent in the JSON) when the source had its own train and test folders
 * @param classNames class names indexed by label
 * @param cifar10Order true when the names are CIFAR-10's and so use its label order, not sorted
 * @param sha256 SHA-256 of the train file's digest followed by the test file's (lower-case hex)
 * @param formats the file formats the images came in ({@code "jpeg"}, {@code "png"}), sorted; null
 *     in caches written before it was recorded
 */
public record ImageFolderManifest(
    int formatVersion,
    String source,
    long sourceBytes,
    long sourceModified,
    long seed,
    Double testFraction,
    List<String> classNames,
    boolean cifar10Order,
    int channels,
    int height,
    int width,
    Split train,
    Split test,
    String sha256,
    List<String> formats) {

  public ImageFolderManifest {
    classNames = List.copyOf(classNames);
    formats = formats == null ? null : List.copyOf(formats);
  }

  /**
   * What the copy is, for labels such as "CIFAR-10 (JPEG copy)": lossy JPEG re-encoding changes pixels,
   * which results on the copy must say.
   */
  public String copyKind() {
    if (formats == null || formats.isEmpty()) {
      return "image copy";
    }
    if (formats.equals(List.of("jpeg"))) {
      return "JPEG copy";
    }
    if (formats.equals(List.of("png"))) {
      return "PNG copy";
    }
    return String.join("/", formats).toUpperCase(java.util.Locale.ROOT) + " copy";
  }

  /**
   * One split's cache file.
   *
   * @param classCounts images per class, indexed by label
   * @param sha256 SHA-256 of the whole file (header, labels and pixels)
   */
  public record Split(String file, int count, List<Integer> classCounts, String sha256) {
    public Split {
      classCounts = List.copyOf(classCounts);
    }
  }
}
