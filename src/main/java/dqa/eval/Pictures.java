package dqa.eval;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Small raster pictures for reports: images scaled up with nearest-neighbour, perturbation heatmaps
 * in a diverging colour map, its legend, and PNG data URIs.
 */
final class Pictures {
  /** Diverging map (ColorBrewer RdBu, reversed): −1 blue, 0 near-white, +1 red. */
  private static final int[][] STOPS = {
    {33, 102, 172}, {103, 169, 207}, {247, 247, 247}, {239, 138, 98}, {178, 24, 43}
  };

  private Pictures() {}

  /** 8-bit pixels (C planes of H×W, C = 1 or 3) as an image, each pixel a {@code scale}² block. */
  static BufferedImage image(byte[] pixels, int channels, int height, int width, int scale) {
    BufferedImage img = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
    int plane = height * width;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int p = y * width + x;
        int r = pixels[p] & 0xff;
        int g = channels >= 3 ? pixels[plane + p] & 0xff : r;
        int b = channels >= 3 ? pixels[2 * plane + p] & 0xff : r;
        fill(img, x, y, scale, (r << 16) | (g << 8) | b);
      }
    }
    return img;
  }

  /**
   * The perturbation adversarial − original ({@link Perturbations#strongestChannel}), coloured on the
   * diverging map with ±{@code range} (in [0, 1] pixel units) at the ends.
   */
  static BufferedImage heatmap(byte[] original, byte[] adversarial, int channels, int height, int width, int scale,
      double range) {
    BufferedImage img = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
    double[] delta = Perturbations.strongestChannel(original, adversarial, channels, height, width);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        fill(img, x, y, scale, diverging(delta[y * width + x] / range));
      }
    }
    return img;
  }

  /** Largest |adversarial − original| of one pixel, in [0, 1] pixel units (at least one 8-bit step). */
  static double maxChange(byte[] original, byte[] adversarial) {
    int max = 1;
    for (int i = 0; i < original.length; i++) {
      max = Math.max(max, Math.abs((adversarial[i] & 0xff) - (original[i] & 0xff)));
    }
    return max / 255.0;
  }

  /** A horizontal colour bar of the diverging map labelled −range, 0, +range. */
  static BufferedImage legend(double range, int width, int height) {
    int bar = height - 16;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    for (int x = 0; x < width; x++) {
      g.setColor(new Color(diverging(2.0 * x / (width - 1) - 1)));
      g.drawLine(x, 0, x, bar);
    }
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.DARK_GRAY);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    String lo = String.format(Locale.ROOT, "-%.3f", range);
    String hi = String.format(Locale.ROOT, "+%.3f", range);
    int base = height - 3;
    g.drawString(lo, 0, base);
    g.drawString("0", width / 2 - 3, base);
    g.drawString(hi, width - g.getFontMetrics().stringWidth(hi), base);
    g.dispose();
    return img;
  }

  /** RGB of the diverging map at t in [−1, 1] (clamped). */
  static int diverging(double t) {
    double u = (Math.max(-1, Math.min(1, Double.isNaN(t) ? 0 : t)) + 1) / 2 * (STOPS.length - 1);
    int i = Math.min(STOPS.length - 2, (int) Math.floor(u));
    double f = u - i;
    int r = (int) Math.round(STOPS[i][0] + f * (STOPS[i + 1][0] - STOPS[i][0]));
    int g = (int) Math.round(STOPS[i][1] + f * (STOPS[i + 1][1] - STOPS[i][1]));
    int b = (int) Math.round(STOPS[i][2] + f * (STOPS[i + 1][2] - STOPS[i][2]));
    return (r << 16) | (g << 8) | b;
  }

  static String dataUri(BufferedImage img) {
    return dataUri(png(img));
  }

  static String dataUri(byte[] png) {
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
  }

  static byte[] png(BufferedImage img) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void fill(BufferedImage img, int x, int y, int scale, int rgb) {
    for (int dy = 0; dy < scale; dy++) {
      for (int dx = 0; dx < scale; dx++) {
        img.setRGB(x * scale + dx, y * scale + dy, rgb);
      }
    }
  }
}
