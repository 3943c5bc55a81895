package dqa.eval;

/**
 * The per-pixel value a perturbation heatmap shows: of a pixel's channels, the signed change of the
 * one that changed most (the first of equals). A mean over channels would let opposite changes of
 * red and blue cancel and hide a perturbation a colour image carries; the strongest channel never
 * does, and for a greyscale image it is simply the change.
 */
public final class Perturbations {
  private Perturbations() {}

  /** What the heatmap legends say of the reduction. */
  public static final String REDUCTION = "per pixel, the channel that changed most, signed";

  /**
   * The heatmap values of one image, in pixel units.
   *
   * @param clean the images, N×C×H×W floats in [0, 1]; {@code index} picks one
   * @param adversarial the same for the adversarial images
   * @return H×W signed changes, row by row
   */
  public static double[] strongestChannel(
      float[] clean, float[] adversarial, int index, int channels, int height, int width) {
    int plane = height * width;
    int base = index * channels * plane;
    double[] out = new double[plane];
    for (int p = 0; p < plane; p++) {
      double best = 0;
      for (int c = 0; c < channels; c++) {
        double d = adversarial[base + c * plane + p] - clean[base + c * plane + p];
        if (Math.abs(d) > Math.abs(best)) {
          best = d;
        }
      }
      out[p] = best;
    }
    return out;
  }

  /** As {@link #strongestChannel(float[], float[], int, int, int, int)} for one image of 8-bit pixels. */
  public static double[] strongestChannel(byte[] clean, byte[] adversarial, int channels, int height, int width) {
    int plane = height * width;
    double[] out = new double[plane];
    for (int p = 0; p < plane; p++) {
      int best = 0;
      for (int c = 0; c < channels; c++) {
        int d = (adversarial[c * plane + p] & 0xff) - (clean[c * plane + p] & 0xff);
        if (Math.abs(d) > Math.abs(best)) {
          best = d;
        }
      }
      out[p] = best / 255.0;
    }
    return out;
  }
}
