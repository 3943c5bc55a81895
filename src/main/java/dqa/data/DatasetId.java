package dqa.data;

import dqa.run.UserException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The data sets the product knows: their shape, class names, normalisation constants and files.
 *
 * <p>Shapes are channels x height x width of one image; all three have ten classes.
 */
public enum DatasetId {
  MNIST(
      "mnist",
      "MNIST",
      1,
      28,
      List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
      new float[] {0.1307f},
      new float[] {0.3081f}),
  FASHION_MNIST(
      "fashion-mnist",
      "Fashion-MNIST",
      1,
      28,
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot"),
      new float[] {0.2860f},
      new float[] {0.3530f}),
  CIFAR10(
      "cifar10",
      "CIFAR-10",
      3,
      32,
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
      new float[] {0.4914f, 0.4822f, 0.4465f},
      new float[] {0.2470f, 0.2435f, 0.2616f});

  /** The four IDX files of MNIST and Fashion-MNIST, in the order their digests are combined. */
  static final List<String> IDX_FILES =
      List.of(
          "train-images-idx3-ubyte",
          "train-labels-idx1-ubyte",
          "t10k-images-idx3-ubyte",
          "t10k-labels-idx1-ubyte");

  /** The CIFAR-10 binary files, in the order their digests are combined. */
  static final List<String> CIFAR_FILES =
      List.of(
          "data_batch_1.bin",
          "data_batch_2.bin",
          "data_batch_3.bin",
          "data_batch_4.bin",
          "data_batch_5.bin",
          "test_batch.bin",
          "batches.meta.txt");

  private final String key;
  private final String displayName;
  private final int channels;
  private final int size;
  private final List<String> classNames;
  private final float[] mean;
  private final float[] std;

  DatasetId(
      String key,
      String displayName,
      int channels,
      int size,
      List<String> classNames,
      float[] mean,
      float[] std) {
    this.key = key;
    this.displayName = displayName;
    this.channels = channels;
    this.size = size;
    this.classNames = classNames;
    this.mean = mean;
    this.std = std;
  }

  /** The short name used on the command line, in folder names and in manifests. */
  public String key() {
    return key;
  }

  /** The name shown to people, e.g. "Fashion-MNIST". */
  public String displayName() {
    return displayName;
  }

  public int channels() {
    return channels;
  }

  public int height() {
    return size;
  }

  public int width() {
    return size;
  }

  /** Bytes of one uint8 image: channels x height x width. */
  public int imageSize() {
    return channels * size * size;
  }

  public int numClasses() {
    return classNames.size();
  }

  /** Class names indexed by label. */
  public List<String> classNames() {
    return classNames;
  }

  /** Per-channel mean of the training pixels scaled to [0, 1]; a copy. */
  public float[] mean() {
    return mean.clone();
  }

  /** Per-channel standard deviation of the training pixels scaled to [0, 1]; a copy. */
  public float[] std() {
    return std.clone();
  }

  /** True for the IDX data sets (MNIST, Fashion-MNIST), which share their file names. */
  public boolean isIdx() {
    return this != CIFAR10;
  }

  /**
   * The data set's files by their uncompressed names, in the fixed order used for {@link
   * Dataset#sha256()}.
   */
  public List<String> fileNames() {
    return isIdx() ? IDX_FILES : CIFAR_FILES;
  }

  /**
   * Finds a data set by its key, ignoring case (the enum name, e.g. {@code FASHION_MNIST}, works
   * too).
   *
   * @throws UserException naming the unknown key and the known ones
   */
  public static DatasetId parse(String key) {
    String k = key == null ? "" : key.trim();
    for (DatasetId id : values()) {
      if (id.key.equalsIgnoreCase(k) || id.name().equalsIgnoreCase(k)) {
        return id;
      }
    }
    throw new UserException(
        "unknown data set '"
            + key
            + "' (known: "
            + Arrays.stream(values()).map(DatasetId::key).collect(Collectors.joining(", "))
            + ")");
  }

  /**
   * The data set a folder's name stands for, e.g. "mnist", "Fashion_MNIST", "cifar-10-batches-bin";
   * null when the name names none.
   */
  static DatasetId fromFolderName(String folderName) {
    String n = folderName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    return switch (n) {
      case "mnist" -> MNIST;
      case "fashionmnist" -> FASHION_MNIST;
      case "cifar10", "cifar10batchesbin" -> CIFAR10;
      default -> null;
    };
  }
}
