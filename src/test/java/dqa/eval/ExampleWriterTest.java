package dqa.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.attack.AttackResult;
import dqa.attack.Norm;
import dqa.data.LabeledImages;
import dqa.run.UserException;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saved examples: strips, their shared colour scale, and an npz that holds exactly the attacked images. */
class ExampleWriterTest {
  private static final int H = 2;
  private static final int W = 3;

  /** Three 2×3 grey images, labels 1, 2, 3; pixel values 10·(i+1). */
  private static LabeledImages images() {
    byte[] pixels = new byte[3 * H * W];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (10 * (i / (H * W) + 1));
    }
    return new LabeledImages(3, 1, H, W, pixels, new byte[] {1, 2, 3});
  }

  /** One batch of results for images [from, from + n): pixel 0 raised by {@code delta} 8-bit steps. */
  private static AttackResult batch(LabeledImages data, int from, int n, int delta) {
    int size = H * W;
    float[] adv = new float[n * size];
    int[] labels = new int[n];
    int[] clean = new int[n];
    int[] advPred = new int[n];
    boolean[] success = new boolean[n];
    for (int i = 0; i < n; i++) {
      byte[] img = data.image(from + i);
      for (int p = 0; p < size; p++) {
        adv[i * size + p] = ((img[p] & 0xff) + (p == 0 ? delta : 0)) / 255f;
      }
      labels[i] = data.label(from + i);
      clean[i] = labels[i];
      advPred[i] = i % 2 == 0 ? 0 : labels[i];
      success[i] = advPred[i] != labels[i];
    }
    double[] l2 = new double[n];
    java.util.Arrays.fill(l2, delta / 255.0);
    return new AttackResult("fgsm", n, 10, labels, null, clean, advPred, success, new double[n], l2, l2.clone(),
        new long[n], new float[n * 10], new float[n * 10], adv, 1, 0.1);
  }

  @Test
  void writesStripsForTheFirstExamplesAndEveryImageToTheNpz(@TempDir Path tmp) throws Exception {
    LabeledImages data = images();
    ExampleWriter writer = new ExampleWriter(tmp.resolve("out"), data, 2).budget(Norm.LINF, 0.1);
    writer.accept(batch(data, 0, 2, 25));
    writer.accept(batch(data, 2, 1, 25));
    ExampleWriter.Index index = writer.finish(Map.of("attack", "fgsm eps=0.1"));

    assertEquals(3, index.examples().size());
    assertEquals("00000-label1-pred0-fooled.png", index.examples().get(0).picture());
    assertEquals("00001-label2-pred2-robust.png", index.examples().get(1).picture());
    assertNull(index.examples().get(2).picture(), "only the first two get a picture");
    assertEquals(0.1, index.heatmapRange(), 1e-12);

    BufferedImage strip = ImageIO.read(tmp.resolve("out/00000-label1-pred0-fooled.png").toFile());
    int tile = W * ExampleWriter.SCALE;
    assertEquals(H * ExampleWriter.SCALE, strip.getHeight());
    assertTrue(strip.getWidth() >= 3 * tile);
    assertEquals(0x0a0a0a, strip.getRGB(tile - 1, 0) & 0xffffff, "original, last pixel of row 0");
    int heatX = strip.getWidth() - tile;
    int changed = strip.getRGB(heatX, 0) & 0xffffff;
    int unchanged = strip.getRGB(heatX + tile - 1, 0) & 0xffffff;
    assertTrue((changed >> 16 & 0xff) > (changed & 0xff), "a raised pixel is red: " + Integer.toHexString(changed));
    assertEquals(Pictures.diverging(0), unchanged, "an unchanged pixel is the map's middle");

    try (ZipFile zip = new ZipFile(tmp.resolve("out/adversarial.npz").toFile())) {
      byte[] labels = zip.getInputStream(zip.getEntry("labels.npy")).readAllBytes();
      assertTrue(new String(labels, 0, 80, StandardCharsets.US_ASCII).contains("'<i4'"));
      assertArrayEquals(new int[] {1, 2, 3}, ints(labels));
      float[] adv = floats(zip.getInputStream(zip.getEntry("adversarial.npy")).readAllBytes());
      assertEquals(3 * H * W, adv.length);
      assertEquals(55 / 255f, adv[2 * H * W], 1e-6f, "third image, pixel 0: 30 + 25");
      assertArrayEquals(new int[] {1, 0, 1}, ints(zip.getInputStream(zip.getEntry("success.npy")).readAllBytes()));
      assertTrue(zip.getEntry("examples.json") != null);
    }
    String json = Files.readString(tmp.resolve("out/examples.json"));
    assertTrue(json.contains("fgsm eps=0.1"), json);
  }

  @Test
  void anL2AttackScalesTheHeatmapsToTheLargestChange(@TempDir Path tmp) {
    LabeledImages data = images();
    ExampleWriter writer = new ExampleWriter(tmp, data, 3).budget(Norm.L2, Double.POSITIVE_INFINITY);
    writer.accept(batch(data, 0, 3, 51));
    assertEquals(51 / 255.0, writer.finish(Map.of()).heatmapRange(), 1e-12);
  }

  @Test
  void noPicturesStillWritesTheNpzButNoLegend(@TempDir Path tmp) {
    LabeledImages data = images();
    ExampleWriter writer = new ExampleWriter(tmp, data, 0);
    writer.accept(batch(data, 0, 3, 1));
    writer.finish(Map.of());
    assertTrue(Files.exists(tmp.resolve("adversarial.npz")));
    assertFalse(Files.exists(tmp.resolve("legend.png")));
  }

  @Test
  void aFileWhereTheFolderShouldBeIsAClearError(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("taken"), "x");
    UserException e = assertThrows(UserException.class, () -> new ExampleWriter(file, images(), 1));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  private static ByteBuffer payload(byte[] npy) {
    int headerLen = Short.toUnsignedInt(ByteBuffer.wrap(npy, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
    return ByteBuffer.wrap(npy, 10 + headerLen, npy.length - 10 - headerLen).slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  private static int[] ints(byte[] npy) {
    ByteBuffer b = payload(npy);
    int[] out = new int[b.remaining() / 4];
    b.asIntBuffer().get(out);
    return out;
  }

  private static float[] floats(byte[] npy) {
    ByteBuffer b = payload(npy);
    float[] out = new float[b.remaining() / 4];
    b.asFloatBuffer().get(out);
    return out;
  }
}
