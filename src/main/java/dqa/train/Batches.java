package dqa.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dqa.data.LabeledImages;
import dqa.nn.Scalars;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * Turns slices of uint8 images into engine arrays: images as float N×C×H×W in [0, 1], labels as
 * int32. CIFAR-style augmentation (random crop with 4-pixel zero padding, horizontal flip) is done
 * on the bytes before they reach the engine.
 */
public final class Batches {
  private Batches() {}

  /** Images {@code order[from..to)} of {@code data} as floats in [0, 1]. */
  public static NDArray images(
      NDManager manager, LabeledImages data, int[] order, int from, int to, Random augment) {
    int size = data.imageSize();
    int n = to - from;
    byte[] bytes = new byte[n * size];
    for (int i = 0; i < n; i++) {
      int src = order == null ? from + i : order[from + i];
      if (augment == null) {
        System.arraycopy(data.pixels(), src * size, bytes, i * size, size);
      } else {
        cropAndFlip(data, src, bytes, i * size, augment);
      }
    }
    Shape shape = new Shape(n, data.channels(), data.height(), data.width());
    NDArray raw = manager.create(ByteBuffer.wrap(bytes), shape, DataType.UINT8);
    NDArray floats = Scalars.div(raw.toType(DataType.FLOAT32, false), 255);
    raw.close();
    return floats;
  }

  /** Labels {@code order[from..to)} as int32. */
  public static NDArray labels(NDManager manager, LabeledImages data, int[] order, int from, int to) {
    int[] labels = new int[to - from];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = data.label(order == null ? from + i : order[from + i]);
    }
    return manager.create(labels);
  }

  /** A permutation of 0..n-1 fixed by the seed (Fisher–Yates). */
  public static int[] shuffled(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random rng = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  private static void cropAndFlip(LabeledImages data, int src, byte[] out, int offset, Random rng) {
    int c = data.channels();
    int h = data.height();
    int w = data.width();
    int dy = rng.nextInt(9) - 4;
    int dx = rng.nextInt(9) - 4;
    boolean flip = rng.nextBoolean();
    byte[] px = data.pixels();
    int base = src * data.imageSize();
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < h; y++) {
        int sy = y + dy;
        for (int x = 0; x < w; x++) {
          int sx = (flip ? w - 1 - x : x) + dx;
          byte v = 0;
          if (sy >= 0 && sy < h && sx >= 0 && sx < w) {
            v = px[base + (ch * h + sy) * w + sx];
          }
          out[offset + (ch * h + y) * w + x] = v;
        }
      }
    }
  }
}
