package dqa.data;

import dqa.run.AtomicFiles;
import dqa.run.CancellationToken;
import dqa.run.Json;
import dqa.run.ProgressListener;
import dqa.run.UserException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Imports images in torchvision's ImageFolder layout into the product's cache ({@link
 * ImageFolderCache}).
 *
 * <p>Layout: {@code <root>/train/<class>/<image>} and {@code <root>/test/<class>/<image>}, where
 * {@code <root>} is the source itself or the one folder it wraps (an archive {@code x.tar.gz}
 * usually unpacks to {@code x/train/...}). The source is a folder, a tar (plain or gzipped) or a
 * zip; archives are read entry by entry in memory through {@link ArchiveExtractor#forEachEntry},
 * never unpacked to disk, so importing 60,000 small files costs no 60,000 file creations. Names
 * starting with a dot and {@code __MACOSX} folders (what macOS adds to archives) are skipped; other
 * files outside the split folders (a README) are ignored.
 *
 * <p>A source without {@code train/} and {@code test/} may instead be one {@code
 * <root>/<class>/<image>} tree when the caller states a test fraction: each class's images, sorted
 * by name, are shuffled with a generator of their own (seeded from the seed) and the first {@code
 * round(n x fraction)} go to the test split, so every class is split in the same proportion and the
 * split is as reproducible as the order.
 *
 * <p>Classes come from the folder names, sorted, unless they are exactly CIFAR-10's, which keep
 * CIFAR-10's label order so that models and reports agree with the official data set. (That order
 * happens to be alphabetical, so sorting gives it as well; the check still records in the manifest
 * that the classes are CIFAR-10's, and keeps its order should the sorting rule ever change.) Before
 * the seeded shuffle, images are sorted by class and name, so the cache does not depend on the
 * order of a folder listing or an archive: the same images and seed always give the same file.
 *
 * <p>Everything is written into a staging folder that replaces the target only when complete
 * ({@link AtomicFiles#writeDirectory}); a refusal, an error or a cancel leaves the target as it
 * was.
 */
public final class ImageFolderImporter {
  private ImageFolderImporter() {}

  /** The classes of CIFAR-10 in its label order. */
  static final List<String> CIFAR10_CLASSES = DatasetId.CIFAR10.classNames();

  /**
   * Bounds on what an import accepts.
   *
   * @param maxClasses more classes than this is refused (the layout is likely wrong)
   * @param archive per-file and total size limits for the files read (archive bombs)
   */
  public record Limits(int maxClasses, ArchiveExtractor.SizeLimits archive) {
    public Limits {
      if (maxClasses < 1 || archive == null) {
        throw new IllegalArgumentException("maxClasses must be >= 1 and archive limits given");
      }
    }

    /** 1,000 classes (ImageNet's count), 64 MB per image file, 16 GB in all. */
    public static final Limits DEFAULT =
        new Limits(1000, new ArchiveExtractor.SizeLimits(64L << 20, 16L << 30));
  }

  /**
   * How to import.
   *
   * @param seed the seed of the shuffle (and of the test split of a single tree)
   * @param testFraction the share of each class that becomes the test split when the source is one
   *     {@code <root>/<class>/} tree; null to require {@code train/} and {@code test/} folders
   * @param expected the data set the images must be (its classes and image size), or null for any
   */
  public record Settings(long seed, Double testFraction, Limits limits, DatasetId expected) {
    public Settings(long seed, Double testFraction, Limits limits) {
      this(seed, testFraction, limits, null);
    }

    public Settings {
      if (testFraction != null && !(testFraction > 0 && testFraction < 1)) {
        throw new UserException("the test fraction must lie between 0 and 1, was " + testFraction);
      }
      if (limits == null) {
        throw new IllegalArgumentException("limits are required");
      }
    }
  }

  private static final Set<String> SPLITS = Set.of("train", "test");

  /**
   * Progress is reported on one scale for the whole import, so a bar only moves forward: reading
   * and decoding (files of a folder, or compressed bytes of an archive) take the first 95 %,
   * writing the cache the rest.
   */
  private static final long PROGRESS_UNITS = 1000;

  private static final long READING_UNITS = 950;

  private static long reading(long done, long total) {
    return total <= 0 ? 0 : Math.min(READING_UNITS, done * READING_UNITS / total);
  }

  /** Mixed into the seed for the test split, so that split and order use unrelated streams. */
  private static final long SPLIT_SALT = 0x5EED_5B17_0000_0001L;

  /** One decoded image and where it came from. */
  private record Image(String split, String className, String name, ImageDecoder.Decoded pixels) {}

  /** Imports with the default limits. */
  public static ImageFolderManifest importImages(
      Path source, Path target, long seed, ProgressListener progress, CancellationToken cancel) {
    return importImages(source, target, seed, Limits.DEFAULT, progress, cancel);
  }

  /**
   * Decodes the images of {@code source} and writes them, shuffled with {@code seed}, as a cache
   * into {@code target} (created or replaced).
   *
   * @throws UserException naming the offending file or folder and the problem
   */
  public static ImageFolderManifest importImages(
      Path source,
      Path target,
      long seed,
      Limits limits,
      ProgressListener progress,
      CancellationToken cancel) {
    return importImages(source, target, new Settings(seed, null, limits), progress, cancel);
  }

  /**
   * Decodes the images of {@code source} and writes them as a cache into {@code target} (created or
   * replaced), as {@code settings} say.
   *
   * @throws UserException naming the offending file or folder and the problem
   */
  public static ImageFolderManifest importImages(
      Path source,
      Path target,
      Settings settings,
      ProgressListener progress,
      CancellationToken cancel) {
    Limits limits = settings.limits();
    long seed = settings.seed();
    Collector collector = new Collector(source, limits, settings);
    boolean archive = !Files.isDirectory(source);
    if (archive) {
      if (!Files.isRegularFile(source)) {
        throw new UserException(source + ": no such folder or archive");
      }
      ArchiveExtractor.forEachEntry(
          source,
          limits.archive(),
          e -> collector.add(e.name(), e.directory(), e.content()),
          (done, total) ->
              progress.progress(
                  reading(done, total),
                  PROGRESS_UNITS,
                  "decoded " + collector.images.size() + " images"),
          cancel);
    } else {
      readFolder(source, collector, limits, progress, cancel);
    }
    Layout layout = collector.finish();
    ImageFolderManifest[] result = new ImageFolderManifest[1];
    try {
      AtomicFiles.writeDirectory(
          target,
          staging -> {
            result[0] = write(staging, source, archive, layout, seed, progress, cancel);
            // Read back before the cache replaces an earlier one: what is installed always loads.
            ImageFolderCache.load(staging, cancel);
          });
    } catch (UncheckedIOException e) {
      throw new UserException(target + ": could not write the cache (" + e.getMessage() + ")", e);
    }
    return result[0];
  }

  /**
   * Loads the cache in {@code target}, importing {@code source} first when there is no cache yet,
   * or when the cache was made from another source, another seed, or an archive that has changed
   * since (size or modification time). A cache whose source is gone is used as it is, and a source
   * folder's content is not compared with the cache: that would cost reading every image again.
   */
  public static ImageFolderCache.Loaded loadOrImport(
      Path source, Path target, long seed, ProgressListener progress, CancellationToken cancel) {
    return loadOrImport(source, target, new Settings(seed, null, Limits.DEFAULT), progress, cancel);
  }

  /** As {@link #loadOrImport(Path, Path, long, ProgressListener, CancellationToken)}. */
  public static ImageFolderCache.Loaded loadOrImport(
      Path source,
      Path target,
      Settings settings,
      ProgressListener progress,
      CancellationToken cancel) {
    if (!ImageFolderCache.exists(target)
        || !matches(ImageFolderCache.readManifest(target), source, settings)) {
      importImages(source, target, settings, progress, cancel);
    }
    return ImageFolderCache.load(target, cancel);
  }

  private static boolean matches(ImageFolderManifest m, Path source, Settings settings) {
    if (m.seed() != settings.seed()
        // A fraction matters only where it was applied: a source with its own splits ignores it.
        || (m.testFraction() != null && !m.testFraction().equals(settings.testFraction()))
        || !m.source().equals(source.getFileName().toString())) {
      return false;
    }
    if (!Files.exists(source) || Files.isDirectory(source)) {
      return true;
    }
    try {
      return Files.size(source) == m.sourceBytes()
          && Files.getLastModifiedTime(source).toMillis() == m.sourceModified();
    } catch (IOException e) {
      return false;
    }
  }

  private static void readFolder(
      Path source,
      Collector collector,
      Limits limits,
      ProgressListener progress,
      CancellationToken cancel) {
    List<Path> entries;
    try (Stream<Path> walk = Files.walk(source)) {
      entries = walk.filter(p -> !p.equals(source)).sorted().toList();
    } catch (IOException | UncheckedIOException e) {
      throw new UserException(source + ": could not list the folder (" + e.getMessage() + ")", e);
    }
    long total = 0;
    for (int i = 0; i < entries.size(); i++) {
      cancel.throwIfCancelled();
      Path p = entries.get(i);
      String name = source.relativize(p).toString().replace('\\', '/');
      boolean directory = Files.isDirectory(p);
      byte[] content = null;
      if (!directory && collector.wantsContent(name)) {
        try {
          long size = Files.size(p);
          if (size > limits.archive().maxEntryBytes()) {
            throw DataFiles.problem(
                p,
                "is "
                    + DataFiles.bytes(size)
                    + ", larger than the limit of "
                    + DataFiles.bytes(limits.archive().maxEntryBytes())
                    + " per image file");
          }
          total += size;
          if (total > limits.archive().maxTotalBytes()) {
            throw DataFiles.problem(
                p,
                "brings the total beyond the limit of "
                    + DataFiles.bytes(limits.archive().maxTotalBytes()));
          }
          content = Files.readAllBytes(p);
        } catch (IOException e) {
          throw DataFiles.unreadable(p, e);
        }
      }
      collector.add(name, directory, content);
      if (i % 256 == 0) {
        progress.progress(
            reading(i, entries.size()),
            PROGRESS_UNITS,
            "decoded " + collector.images.size() + " images");
      }
    }
  }

  /** The checked result of reading a source: classes in label order and the images. */
  private record Layout(
      List<String> classNames,
      boolean cifar10Order,
      List<Image> train,
      List<Image> test,
      int channels,
      int height,
      int width,
      Double testFraction,
      List<String> formats) {}

  /**
   * Sorts each entry of the source into its split and class as it arrives, decoding images at once,
   * and checks the layout when all have been seen.
   */
  private static final class Collector {
    private final Path source;
    private final Limits limits;
    private final ImageDecoder decoder = new ImageDecoder();
    private final List<Image> images = new ArrayList<>();

    /** The wrapping folder ("" for none) and the entry that fixed it. */
    private String wrapper;

    private String wrapperWitness;
    private final Set<String> splitsSeen = new HashSet<>();

    /** "split/class" of every class folder seen, with the number of images in it. */
    private final Map<String, Integer> classFolders = new TreeMap<>();

    private final Set<String> names = new HashSet<>();
    private final Map<String, Long> splitBytes = new HashMap<>();
    private Image firstImage;
    private final Settings settings;

    /** True when the test split was drawn here, not given by the source's folders. */
    private boolean splitApplied;

    /** Entries outside any split folder, kept in case the source is one class tree. */
    private final List<Loose> loose = new ArrayList<>();

    /**
     * An entry outside the split folders: its path parts, and for a file its decoded image or why
     * it could not be decoded (reported only if the file turns out to sit where images belong).
     */
    private record Loose(
        String name,
        List<String> parts,
        boolean directory,
        ImageDecoder.Decoded pixels,
        String decodeError) {}

    Collector(Path source, Limits limits, Settings settings) {
      this.source = source;
      this.limits = limits;
      this.settings = settings;
    }

    /** Splits an entry name into its parts, or null for hidden entries and macOS's extras. */
    private static List<String> parts(String name) {
      List<String> parts = new ArrayList<>();
      for (String part : name.split("/")) {
        if (part.isEmpty() || part.equals(".")) {
          continue;
        }
        if (part.startsWith(".") || part.equals("__MACOSX")) {
          return null;
        }
        parts.add(part);
      }
      return parts.isEmpty() ? null : parts;
    }

    /** Keeps an entry for a possible single tree (class folders at depth 1, or 2 when wrapped). */
    private void keepLoose(String name, boolean directory, byte[] content) {
      if (settings.testFraction() == null || !splitsSeen.isEmpty()) {
        return;
      }
      List<String> parts = parts(name);
      if (parts == null) {
        return;
      }
      ImageDecoder.Decoded pixels = null;
      String error = null;
      if (!directory && content != null) {
        try {
          pixels = decoder.decode(content);
        } catch (ImageDecoder.BadImageException e) {
          error = e.getMessage();
        }
      }
      loose.add(new Loose(name, parts, directory, pixels, error));
    }

    /** Where an entry is, for messages: the file in a folder, the entry in an archive. */
    private String where(String name) {
      if (name.equals(".")) {
        return source.toString();
      }
      return Files.isDirectory(source)
          ? source.resolve(name).toString()
          : source + ": entry '" + name + "'";
    }

    private UserException problem(String name, String message) {
      return new UserException(where(name) + ": " + message);
    }

    /** The entry's path below the root, or null when it lies outside any split folder. */
    private List<String> belowRoot(String name) {
      List<String> parts = parts(name);
      if (parts == null) {
        return null;
      }
      String wrap;
      List<String> rest;
      if (SPLITS.contains(parts.get(0))) {
        wrap = "";
        rest = parts;
      } else if (parts.size() >= 2 && SPLITS.contains(parts.get(1))) {
        wrap = parts.get(0);
        rest = parts.subList(1, parts.size());
      } else {
        return null;
      }
      if (wrapper == null) {
        wrapper = wrap;
        wrapperWitness = name;
      } else if (!wrapper.equals(wrap)) {
        throw problem(
            name,
            "lies in another data set folder than '"
                + wrapperWitness
                + "'; expected one <root>/train and <root>/test");
      }
      return rest;
    }

    boolean wantsContent(String name) {
      List<String> rest = belowRoot(name);
      if (rest == null) {
        List<String> parts = parts(name);
        return settings.testFraction() != null && parts != null && parts.size() <= 3;
      }
      return rest.size() == 3;
    }

    void add(String name, boolean directory, byte[] content) {
      List<String> rest = belowRoot(name);
      if (rest == null) {
        keepLoose(name, directory, content);
        return;
      }
      String split = rest.get(0);
      splitsSeen.add(split);
      if (rest.size() == 1) {
        if (!directory) {
          throw problem(name, "is a file where the " + split + "/ folder belongs");
        }
        return;
      }
      String classKey = split + "/" + rest.get(1);
      refuseUnexpectedClass(name, rest.get(1));
      if (rest.size() == 2) {
        if (!directory) {
          throw problem(
              name, "is directly in " + split + "/; images belong in " + split + "/<class>/");
        }
        classFolders.putIfAbsent(classKey, 0);
        return;
      }
      if (rest.size() > 3 || directory) {
        throw problem(
            name, "is nested inside a class folder; expected " + split + "/<class>/<image>");
      }
      if (!names.add(String.join("/", rest))) {
        throw problem(name, "appears twice");
      }
      ImageDecoder.Decoded pixels;
      try {
        pixels = decoder.decode(content);
      } catch (ImageDecoder.BadImageException e) {
        throw problem(name, e.getMessage());
      }
      accept(new Image(split, rest.get(1), name, pixels), classKey);
    }

    /**
     * A class the data set does not have is refused when its folder first appears, not after every
     * image has been decoded.
     */
    private void refuseUnexpectedClass(String name, String className) {
      DatasetId id = settings.expected();
      if (id != null && !id.classNames().contains(className)) {
        throw problem(
            name,
            "is in a class folder '" + className + "' that " + id.displayName() + " does not have (its classes: "
                + String.join(", ", id.classNames()) + ")");
      }
    }

    /** Adds a decoded image, checking its size against the first image's. */
    private void accept(Image image, String classKey) {
      String name = image.name();
      ImageDecoder.Decoded pixels = image.pixels();
      if (firstImage == null) {
        firstImage = image;
      } else if (pixels.height() != firstImage.pixels().height()
          || pixels.width() != firstImage.pixels().width()) {
        throw problem(
            name,
            "is "
                + pixels.width()
                + "x"
                + pixels.height()
                + " pixels but '"
                + firstImage.name()
                + "' is "
                + firstImage.pixels().width()
                + "x"
                + firstImage.pixels().height()
                + "; all images must have one size");
      }
      // Stop before memory runs out rather than after: a split is loaded into one array.
      long bytes = splitBytes.merge(image.split(), (long) pixels.pixels().length, Long::sum);
      if (bytes > DataFiles.MAX_ARRAY) {
        throw problem(
            name,
            "brings the "
                + image.split()
                + " images beyond "
                + DataFiles.bytes(DataFiles.MAX_ARRAY)
                + " of pixels, more than the workbench holds in memory");
      }
      classFolders.merge(classKey, 1, Integer::sum);
      images.add(image);
    }

    /**
     * Reads the kept entries as one {@code [wrapper/]<class>/<image>} tree and assigns each class's
     * images to train or test, as if they had come in {@code train/} and {@code test/}.
     */
    private void splitSingleTree() {
      // Wrapped only when every image lies two folders deep below one common folder; otherwise
      // class folders are at the top and anything deeper is refused as nested.
      boolean allDeep = true;
      Set<String> firsts = new TreeSet<>();
      for (Loose l : loose) {
        if (l.pixels() != null) {
          allDeep &= l.parts().size() == 3;
          firsts.add(l.parts().get(0));
        }
      }
      String wrap = allDeep && firsts.size() == 1 ? firsts.iterator().next() : "";
      wrapper = wrap;
      Map<String, List<Loose>> byClass = new TreeMap<>();
      for (Loose l : loose) {
        List<String> parts = l.parts();
        if (!wrap.isEmpty() && !parts.get(0).equals(wrap)) {
          continue;
        }
        List<String> rest = parts.subList(wrap.isEmpty() ? 0 : 1, parts.size());
        if (rest.isEmpty()) {
          continue;
        }
        if (rest.size() == 1) {
          if (l.directory()) {
            byClass.computeIfAbsent(rest.get(0), k -> new ArrayList<>());
          } else if (l.pixels() != null) {
            throw problem(
                l.name(), "is an image outside the class folders; expected <class>/<image>");
          }
          continue; // another file beside the class folders, e.g. a README
        }
        if (rest.size() > 2 || l.directory()) {
          throw problem(l.name(), "is nested inside a class folder; expected <class>/<image>");
        }
        if (l.decodeError() != null) {
          throw problem(l.name(), l.decodeError());
        }
        byClass.computeIfAbsent(rest.get(0), k -> new ArrayList<>()).add(l);
      }
      if (byClass.isEmpty()) {
        throw new UserException(
            where(".")
                + ": holds neither train/ and test/ folders nor class folders with images"
                + " (expected <root>/<class>/<image> for a test fraction of "
                + settings.testFraction()
                + ")");
      }
      splitsSeen.addAll(SPLITS);
      splitApplied = true;
      Random random = new Random(settings.seed() ^ SPLIT_SALT);
      String prefix = wrap.isEmpty() ? "" : wrap + "/";
      for (Map.Entry<String, List<Loose>> c : byClass.entrySet()) {
        List<Loose> files = new ArrayList<>(c.getValue());
        files.sort(Comparator.comparing(Loose::name));
        Collections.shuffle(files, random);
        int test = (int) Math.round(files.size() * settings.testFraction());
        if (files.isEmpty()) {
          throw problem(prefix + c.getKey(), "class folder holds no images");
        }
        if (test < 1 || test >= files.size()) {
          throw problem(
              prefix + c.getKey(),
              "holds "
                  + files.size()
                  + " image(s), too few to split a test fraction of "
                  + settings.testFraction()
                  + " off and keep images for training");
        }
        for (int i = 0; i < files.size(); i++) {
          String split = i < test ? "test" : "train";
          String classKey = split + "/" + c.getKey();
          classFolders.putIfAbsent(classKey, 0);
          Loose l = files.get(i);
          accept(new Image(split, c.getKey(), l.name(), l.pixels()), classKey);
        }
      }
      loose.clear();
    }

    Layout finish() {
      if (splitsSeen.isEmpty() && settings.testFraction() != null) {
        splitSingleTree();
      }
      String root = wrapper == null || wrapper.isEmpty() ? "" : wrapper + "/";
      for (String split : List.of("train", "test")) {
        if (!splitsSeen.contains(split)) {
          throw new UserException(
              where(root.isEmpty() ? "." : wrapper)
                  + ": has no "
                  + split
                  + "/ folder; expected <root>/train/<class>/<image> and"
                  + " <root>/test/<class>/<image>"
                  + (settings.testFraction() == null
                      ? " (or state a test fraction for one <root>/<class>/<image> tree)"
                      : ""));
        }
      }
      Map<String, Set<String>> classesBySplit = new HashMap<>();
      for (Map.Entry<String, Integer> folder : classFolders.entrySet()) {
        String[] sc = folder.getKey().split("/", 2);
        if (folder.getValue() == 0) {
          throw problem(root + folder.getKey(), "class folder holds no images");
        }
        classesBySplit.computeIfAbsent(sc[0], k -> new TreeSet<>()).add(sc[1]);
      }
      Set<String> train = classesBySplit.getOrDefault("train", Set.of());
      Set<String> test = classesBySplit.getOrDefault("test", Set.of());
      for (String split : List.of("train", "test")) {
        Set<String> here = split.equals("train") ? train : test;
        Set<String> there = split.equals("train") ? test : train;
        String other = split.equals("train") ? "test" : "train";
        if (here.isEmpty()) {
          throw problem(root + split, "holds no class folders with images");
        }
        for (String c : here) {
          if (!there.contains(c)) {
            throw problem(
                root + split + "/" + c, "class '" + c + "' has no folder in " + other + "/");
          }
        }
      }
      if (train.size() > limits.maxClasses()) {
        throw problem(
            root + "train",
            "holds "
                + train.size()
                + " class folders, more than the limit of "
                + String.format(Locale.ROOT, "%,d", limits.maxClasses()));
      }
      boolean cifar = train.equals(new HashSet<>(CIFAR10_CLASSES));
      List<String> classNames = cifar ? CIFAR10_CLASSES : List.copyOf(train);
      int channels = 1;
      for (Image image : images) {
        channels = Math.max(channels, image.pixels().channels());
      }
      List<Image> trainImages = new ArrayList<>();
      List<Image> testImages = new ArrayList<>();
      for (Image image : images) {
        (image.split().equals("train") ? trainImages : testImages).add(image);
      }
      long imageBytes =
          (long) channels * firstImage.pixels().height() * firstImage.pixels().width();
      for (List<Image> part : List.of(trainImages, testImages)) {
        // Greyscale images among colour ones grow threefold, so check again at the final size.
        if (imageBytes * part.size() > DataFiles.MAX_ARRAY) {
          throw problem(
              root + part.get(0).split(),
              part.size()
                  + " images of "
                  + imageBytes
                  + " bytes are more than the workbench"
                  + " holds in memory ("
                  + DataFiles.bytes(DataFiles.MAX_ARRAY)
                  + " per split)");
        }
      }
      Set<String> formats = new TreeSet<>();
      for (Image image : images) {
        formats.add(image.pixels().format());
      }
      Layout layout =
          new Layout(
              classNames,
              cifar,
              trainImages,
              testImages,
              channels,
              firstImage.pixels().height(),
              firstImage.pixels().width(),
              splitApplied ? settings.testFraction() : null,
              List.copyOf(formats));
      if (settings.expected() != null) {
        requireExpected(layout, settings.expected(), root);
      }
      return layout;
    }

    /** Refuses a source that is not the data set it is imported as, before anything is written. */
    private void requireExpected(Layout layout, DatasetId id, String root) {
      if (!new HashSet<>(layout.classNames()).equals(new HashSet<>(id.classNames()))) {
        List<String> extra = new ArrayList<>(layout.classNames());
        extra.removeAll(id.classNames());
        List<String> missing = new ArrayList<>(id.classNames());
        missing.removeAll(layout.classNames());
        throw problem(
            root.isEmpty() ? "." : wrapper,
            "is not "
                + id.displayName()
                + ": its class folders "
                + (missing.isEmpty() ? "" : "lack " + String.join(", ", missing))
                + (missing.isEmpty() || extra.isEmpty() ? "" : " and ")
                + (extra.isEmpty() ? "" : "add " + String.join(", ", extra))
                + " (expected " + String.join(", ", id.classNames()) + ")");
      }
      if (layout.height() != id.height() || layout.width() != id.width() || layout.channels() != id.channels()) {
        throw problem(
            firstImage.name(),
            "is "
                + layout.width() + "x" + layout.height() + " pixels with " + layout.channels()
                + " channel(s), but " + id.displayName() + " images are " + id.width() + "x" + id.height()
                + " with " + id.channels());
      }
    }
  }

  private static ImageFolderManifest write(
      Path staging,
      Path source,
      boolean archive,
      Layout layout,
      long seed,
      ProgressListener progress,
      CancellationToken cancel)
      throws IOException {
    Map<String, Integer> labelOf = new HashMap<>();
    for (int i = 0; i < layout.classNames().size(); i++) {
      labelOf.put(layout.classNames().get(i), i);
    }
    // One generator for both splits, train first: the seed alone fixes both orders.
    Random random = new Random(seed);
    ImageFolderManifest.Split[] splits = new ImageFolderManifest.Split[2];
    List<List<Image>> parts = List.of(layout.train(), layout.test());
    List<String> files = List.of(ImageFolderCache.TRAIN_FILE, ImageFolderCache.TEST_FILE);
    for (int s = 0; s < 2; s++) {
      List<Image> ordered = new ArrayList<>(parts.get(s));
      ordered.sort(
          Comparator.comparing((Image im) -> labelOf.get(im.className()))
              .thenComparing(Image::name));
      Collections.shuffle(ordered, random);
      int[] labels = new int[ordered.size()];
      Integer[] counts = new Integer[layout.classNames().size()];
      java.util.Arrays.fill(counts, 0);
      for (int i = 0; i < labels.length; i++) {
        labels[i] = labelOf.get(ordered.get(i).className());
        counts[labels[i]]++;
      }
      progress.progress(
          READING_UNITS + s * (PROGRESS_UNITS - READING_UNITS) / 2,
          PROGRESS_UNITS,
          "writing " + files.get(s));
      int channels = layout.channels();
      String sha =
          ImageFolderCache.writeSplit(
              staging.resolve(files.get(s)),
              ordered.size(),
              channels,
              layout.height(),
              layout.width(),
              layout.classNames().size(),
              labels,
              (i, out) -> {
                ImageDecoder.Decoded d = ordered.get(i).pixels();
                // A greyscale image among colour ones has its plane repeated per channel.
                for (int c = 0; c < channels; c++) {
                  out.write(
                      d.pixels(),
                      d.channels() == 1 ? 0 : c * d.height() * d.width(),
                      d.height() * d.width());
                }
              },
              cancel);
      splits[s] = new ImageFolderManifest.Split(files.get(s), ordered.size(), List.of(counts), sha);
    }
    ImageFolderManifest manifest =
        new ImageFolderManifest(
            ImageFolderCache.FORMAT_VERSION,
            source.getFileName().toString(),
            archive ? Files.size(source) : -1,
            archive ? Files.getLastModifiedTime(source).toMillis() : -1,
            seed,
            layout.testFraction(),
            layout.classNames(),
            layout.cifar10Order(),
            layout.channels(),
            layout.height(),
            layout.width(),
            splits[0],
            splits[1],
            ImageFolderCache.combined(splits[0].sha256(), splits[1].sha256()),
            layout.formats());
    Files.writeString(staging.resolve(ImageFolderCache.MANIFEST), Json.write(manifest) + "\n");
    progress.progress(
        PROGRESS_UNITS,
        PROGRESS_UNITS,
        "imported " + (splits[0].count() + splits[1].count()) + " images");
    return manifest;
  }
}
