package dqa.data;

import java.util.Arrays;

/**
 * Images as uint8 NCHW (each image its C planes of H x W, row by row) with one label per image.
 *
 * <p>Immutable by convention: the accessors hand out the arrays themselves rather than copies,
 * because a copy of a 150 MB training set per call would cost more than the convention does. Labels
 * are class indices (0..9 for the built-in data sets; the readers check the range) stored as unsigned
 * 16-bit values; read them with {@link #label(int)}.
 */
public record LabeledImages(
    int count, int channels, int height, int width, byte[] pixels, short[] labels) {
  /** The most classes a data set can have: labels are stored as unsigned 16-bit values. */
  public static final int MAX_CLASSES = 1 << 16;

  /** Images with labels given as unsigned bytes (the IDX and CIFAR formats store them so). */
  public LabeledImages(int count, int channels, int height, int width, byte[] pixels, byte[] labels) {
    this(count, channels, height, width, pixels, widen(labels));
  }

  private static short[] widen(byte[] labels) {
    if (labels == null) {
      return null;
    }
    short[] out = new short[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[i] = (short) (labels[i] & 0xff);
    }
    return out;
  }

  public LabeledImages {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, was " + count);
    }
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "shape must be positive, was " + channels + "x" + height + "x" + width);
    }
    if (pixels == null || labels == null) {
      throw new IllegalArgumentException("pixels and labels are required");
    }
    long expected = (long) count * channels * height * width;
    if (pixels.length != expected) {
      throw new IllegalArgumentException(
          "pixels has "
              + pixels.length
              + " bytes, expected "
              + expected
              + " for "
              + count
              + " images of "
              + channels
              + "x"
              + height
              + "x"
              + width);
    }
    if (labels.length != count) {
      throw new IllegalArgumentException(
          "labels has " + labels.length + " entries, expected " + count);
    }
  }

  /** Bytes per image: channels x height x width. */
  public int imageSize() {
    return channels * height * width;
  }

  /** The label of image {@code i} as an unsigned value. */
  public int label(int i) {
    return labels[i] & 0xffff;
  }

  /** A copy of image {@code i}'s bytes (C planes of H x W). */
  public byte[] image(int i) {
    int size = imageSize();
    return Arrays.copyOfRange(pixels, i * size, (i + 1) * size);
  }

  /** The first {@code n} images, or all of them when {@code n >= count}. */
  public LabeledImages head(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, was " + n);
    }
    if (n >= count) {
      return this;
    }
    return new LabeledImages(
        n,
        channels,
        height,
        width,
        Arrays.copyOf(pixels, n * imageSize()),
        Arrays.copyOf(labels, n));
  }

  /** The images at {@code indices}, in that order (repeats allowed). */
  public LabeledImages select(int[] indices) {
    int size = imageSize();
    byte[] p = new byte[Math.multiplyExact(indices.length, size)];
    short[] l = new short[indices.length];
    for (int k = 0; k < indices.length; k++) {
      int i = indices[k];
      if (i < 0 || i >= count) {
        throw new IndexOutOfBoundsException("index " + i + " outside 0.." + (count - 1));
      }
      System.arraycopy(pixels, i * size, p, k * size, size);
      l[k] = labels[i];
    }
    return new LabeledImages(indices.length, channels, height, width, p, l);
  }

  /**
   * How many images each of the data set's {@code numClasses} classes has.
   *
   * @throws IllegalArgumentException when a label is {@code numClasses} or more
   */
  public int[] classCounts(int numClasses) {
    int[] counts = new int[numClasses];
    for (int i = 0; i < count; i++) {
      int label = label(i);
      if (label >= numClasses) {
        throw new IllegalArgumentException("image " + i + " has label " + label + ", not one of " + numClasses + " classes");
      }
      counts[label]++;
    }
    return counts;
  }

  // Records compare arrays by identity; these compare content, so tests and caches can use equals.
  @Override
  public boolean equals(Object o) {
    return o instanceof LabeledImages other
        && count == other.count
        && channels == other.channels
        && height == other.height
        && width == other.width
        && Arrays.equals(labels, other.labels)
        && Arrays.equals(pixels, other.pixels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * count + Arrays.hashCode(labels)) + channels * height * width;
  }

  @Override
  public String toString() {
    return "LabeledImages[" + count + " x " + channels + "x" + height + "x" + width + "]";
  }
}
