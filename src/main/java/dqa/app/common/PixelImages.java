package dqa.app.common;

import dqa.eval.Perturbations;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;

/**
 * Turns model images (floats in [0, 1], C×H×W) into JavaFX images scaled by whole-pixel
 * replication — never smoothed, since {@code ImageView.setSmooth(false)} still blends when scaled —
 * and perturbations into a diverging heatmap.
 */
public final class PixelImages {
  private PixelImages() {}

  /**
   * An image of one example, each pixel drawn as a {@code scale}×{@code scale} block.
   *
   * @param pixels the whole batch, N×C×H×W row-major; {@code index} picks the example
   */
  public static WritableImage image(float[] pixels, int index, int channels, int height, int width, int scale) {
    WritableImage img = new WritableImage(width * scale, height * scale);
    PixelWriter w = img.getPixelWriter();
    int base = index * channels * height * width;
    int plane = height * width;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int p = base + y * width + x;
        Color c =
            channels == 1
                ? Color.gray(clamp(pixels[p]))
                : Color.color(clamp(pixels[p]), clamp(pixels[p + plane]), clamp(pixels[p + 2 * plane]));
        fill(w, x, y, scale, c);
      }
    }
    return img;
  }

  /** The same for uint8 pixels (data-set samples). */
  public static WritableImage image(byte[] pixels, int index, int channels, int height, int width, int scale) {
    float[] f = new float[channels * height * width];
    int base = index * f.length;
    for (int i = 0; i < f.length; i++) {
      f[i] = (pixels[base + i] & 0xff) / 255f;
    }
    return image(f, 0, channels, height, width, scale);
  }

  /**
   * A diverging heatmap of {@code adversarial − clean} ({@link Perturbations#strongestChannel}: the
   * channel that changed most, signed): blue for darker, white for unchanged, red for brighter,
   * symmetric around zero with {@code range} at full colour.
   */
  public static WritableImage heatmap(
      float[] clean, float[] adversarial, int index, int channels, int height, int width, int scale, double range) {
    WritableImage img = new WritableImage(width * scale, height * scale);
    PixelWriter w = img.getPixelWriter();
    double[] delta = Perturbations.strongestChannel(clean, adversarial, index, channels, height, width);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        fill(w, x, y, scale, diverging(range <= 0 ? 0 : delta[y * width + x] / range));
      }
    }
    return img;
  }

  /** The colour of a value in [−1, 1]: blue (−1) → white (0) → red (+1). */
  public static Color diverging(double t) {
    double v = Math.max(-1, Math.min(1, t));
    if (v >= 0) {
      return Color.color(1, 1 - 0.85 * v, 1 - 0.9 * v);
    }
    return Color.color(1 + 0.9 * v, 1 + 0.7 * v, 1);
  }

  /** A horizontal colour bar for the heatmap's legend. */
  public static WritableImage legend(int width, int height) {
    WritableImage img = new WritableImage(width, height);
    PixelWriter w = img.getPixelWriter();
    for (int x = 0; x < width; x++) {
      Color c = diverging(2.0 * x / (width - 1) - 1);
      for (int y = 0; y < height; y++) {
        w.setColor(x, y, c);
      }
    }
    return img;
  }

  private static void fill(PixelWriter w, int x, int y, int scale, Color c) {
    for (int dy = 0; dy < scale; dy++) {
      for (int dx = 0; dx < scale; dx++) {
        w.setColor(x * scale + dx, y * scale + dy, c);
      }
    }
  }

  private static double clamp(float v) {
    return Math.max(0, Math.min(1, v));
  }
}
