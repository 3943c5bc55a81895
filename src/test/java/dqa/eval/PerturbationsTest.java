package dqa.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class PerturbationsTest {
  @Test
  void opposedChannelChangesDoNotCancel() {
    // One image of 3 channels x 1 x 2 pixels. Pixel 0: red +0.2, green 0, blue -0.2 (a mean says 0);
    // pixel 1: red +0.1, green -0.3, blue +0.1 (the mean says -0.033).
    float[] clean = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
    float[] adv = {0.7f, 0.6f, 0.5f, 0.2f, 0.3f, 0.6f};
    double[] d = Perturbations.strongestChannel(clean, adv, 0, 3, 1, 2);
    assertArrayEquals(new double[] {0.2, -0.3}, d, 1e-6);
  }

  @Test
  void picksTheImageAtItsIndexAndWorksOnBytes() {
    float[] clean = {0f, 0f, 0.5f, 0.5f};
    float[] adv = {1f, 1f, 0.25f, 0.75f};
    assertArrayEquals(new double[] {-0.25, 0.25}, Perturbations.strongestChannel(clean, adv, 1, 1, 1, 2), 1e-6);
    byte[] o = {10, 10, 10};
    byte[] a = {(byte) 255, 7, 10};
    assertArrayEquals(new double[] {245 / 255.0}, Perturbations.strongestChannel(o, a, 3, 1, 1), 1e-12);
  }
}
