package dqa.eval;

import dqa.attack.AttackResult;
import dqa.attack.Norm;
import dqa.data.LabeledImages;
import dqa.run.AtomicFiles;
import dqa.run.Json;
import dqa.run.NpzWriter;
import dqa.run.UserException;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Saves what an attack did, batch by batch as results arrive: for the first {@code pictures}
 * examples a PNG strip original | adversarial | perturbation heatmap, and at {@link #finish} the
 * whole adversarial set as {@code adversarial.npz} (original and adversarial images, labels,
 * predictions, success, distances, queries) plus {@code examples.json}, the index with its manifest.
 *
 * <p>The heatmap's colour scale is the same for every picture: ±ε for an L∞ attack, otherwise the
 * largest pixel change among the pictures, so strips can be compared with each other; {@code
 * legend.png} shows it.
 */
public final class ExampleWriter implements Consumer<AttackResult> {
  static final int SCALE = 4;
  private static final int GAP = 4;

  /** One attacked example as listed in {@code examples.json}. */
  public record Example(
      int index, int label, int cleanPrediction, int adversarialPrediction, boolean success, double l0, double l2,
      double linf, long queries, String picture) {}

  /** The contents of {@code examples.json}. */
  public record Index(Map<String, Object> manifest, String npz, String legend, double heatmapRange,
      List<Example> examples) {}

  private final Path dir;
  private final LabeledImages data;
  private final int pictures;
  private final List<Example> examples = new ArrayList<>();
  private final List<byte[]> adversarial = new ArrayList<>();
  private Norm norm;
  private double eps = Double.POSITIVE_INFINITY;

  /**
   * @param dir folder to write into (created if missing; files of an earlier save are replaced)
   * @param data the attacked images, in the order the batches come
   * @param pictures how many examples get a PNG strip (the npz always holds all of them)
   */
  public ExampleWriter(Path dir, LabeledImages data, int pictures) {
    if (pictures < 0) {
      throw new UserException("--pictures must be 0 or more, not " + pictures);
    }
    this.dir = dir;
    this.data = data;
    this.pictures = pictures;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UserException("cannot create the examples folder " + dir + ": " + e.getMessage(), e);
    }
    if (!Files.isWritable(dir)) {
      throw new UserException("cannot write into the examples folder " + dir);
    }
  }

  /** Tells the writer the attack's budget, so the heatmaps of an L∞ attack span ±ε. */
  public ExampleWriter budget(Norm norm, double eps) {
    this.norm = norm;
    this.eps = eps;
    return this;
  }

  @Override
  public void accept(AttackResult r) {
    int size = data.imageSize();
    for (int i = 0; i < r.n(); i++) {
      int index = examples.size();
      if (index >= data.count()) {
        throw new IllegalStateException("more attacked examples than images");
      }
      byte[] adv = new byte[size];
      for (int p = 0; p < size; p++) {
        adv[p] = (byte) Math.round(Math.max(0, Math.min(1, r.adversarial()[i * size + p])) * 255);
      }
      adversarial.add(adv);
      examples.add(
          new Example(
              index, r.labels()[i], r.cleanPredictions()[i], r.adversarialPredictions()[i], r.success()[i], r.l0()[i],
              r.l2()[i], r.linf()[i], r.queries()[i], index < pictures ? pictureName(index, r, i) : null));
    }
  }

  private static String pictureName(int index, AttackResult r, int i) {
    String outcome =
        r.cleanPredictions()[i] != r.labels()[i] ? "misclassified" : r.success()[i] ? "fooled" : "robust";
    return String.format(
        Locale.ROOT, "%05d-label%d-pred%d-%s.png", index, r.labels()[i], r.adversarialPredictions()[i], outcome);
  }

  /**
   * Writes the pictures, {@code adversarial.npz} and {@code examples.json} (each atomically).
   *
   * @param manifest what was attacked and how (model, attack settings, seed, provenance)
   * @return the index as written
   */
  public Index finish(Map<String, Object> manifest) {
    double range = heatmapRange();
    int c = data.channels();
    int h = data.height();
    int w = data.width();
    for (Example e : examples) {
      if (e.picture() != null) {
        BufferedImage strip = strip(data.image(e.index()), adversarial.get(e.index()), c, h, w, range);
        AtomicFiles.writeBytes(dir.resolve(e.picture()), Pictures.png(strip));
      }
    }
    String legend = null;
    if (examples.stream().anyMatch(e -> e.picture() != null)) {
      legend = "legend.png";
      AtomicFiles.writeBytes(dir.resolve(legend), Pictures.png(Pictures.legend(range, 3 * w * SCALE + 2 * GAP, 34)));
    }
    Index index = new Index(manifest, "adversarial.npz", legend, range, List.copyOf(examples));
    NpzWriter.write(dir.resolve("adversarial.npz"), arrays(), Map.of("examples.json", Json.write(index)));
    AtomicFiles.writeString(dir.resolve("examples.json"), Json.write(index));
    return index;
  }

  private double heatmapRange() {
    if (norm == Norm.LINF && Double.isFinite(eps) && eps > 0) {
      return eps;
    }
    double max = 1 / 255.0;
    for (Example e : examples) {
      if (e.picture() != null) {
        max = Math.max(max, Pictures.maxChange(data.image(e.index()), adversarial.get(e.index())));
      }
    }
    return max;
  }

  private static BufferedImage strip(byte[] original, byte[] adv, int c, int h, int w, double range) {
    int tile = w * SCALE;
    BufferedImage out = new BufferedImage(3 * tile + 2 * GAP, h * SCALE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.drawImage(Pictures.image(original, c, h, w, SCALE), 0, 0, null);
    g.drawImage(Pictures.image(adv, c, h, w, SCALE), tile + GAP, 0, null);
    g.drawImage(Pictures.heatmap(original, adv, c, h, w, SCALE, range), 2 * (tile + GAP), 0, null);
    g.dispose();
    return out;
  }

  private Map<String, NpzWriter.Array> arrays() {
    int n = examples.size();
    int size = data.imageSize();
    long[] imageShape = {n, data.channels(), data.height(), data.width()};
    float[] orig = new float[n * size];
    float[] adv = new float[n * size];
    for (int i = 0; i < n; i++) {
      byte[] o = data.image(i);
      byte[] a = adversarial.get(i);
      for (int p = 0; p < size; p++) {
        orig[i * size + p] = (o[p] & 0xff) / 255f;
        adv[i * size + p] = (a[p] & 0xff) / 255f;
      }
    }
    Map<String, NpzWriter.Array> arrays = new LinkedHashMap<>();
    arrays.put("original", new NpzWriter.Array(imageShape, orig));
    arrays.put("adversarial", new NpzWriter.Array(imageShape, adv));
    long[] perExample = {n};
    arrays.put("labels", NpzWriter.Array.ofInts(perExample, examples.stream().mapToInt(Example::label).toArray()));
    arrays.put("clean_predictions",
        NpzWriter.Array.ofInts(perExample, examples.stream().mapToInt(Example::cleanPrediction).toArray()));
    arrays.put("adversarial_predictions",
        NpzWriter.Array.ofInts(perExample, examples.stream().mapToInt(Example::adversarialPrediction).toArray()));
    arrays.put("success", NpzWriter.Array.ofInts(perExample, examples.stream().mapToInt(e -> e.success() ? 1 : 0).toArray()));
    arrays.put("l2", floats(perExample, examples.stream().mapToDouble(Example::l2).toArray()));
    arrays.put("linf", floats(perExample, examples.stream().mapToDouble(Example::linf).toArray()));
    arrays.put("queries", NpzWriter.Array.ofInts(perExample, examples.stream().mapToInt(e -> (int) Math.min(Integer.MAX_VALUE, e.queries())).toArray()));
    return arrays;
  }

  private static NpzWriter.Array floats(long[] shape, double[] values) {
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) values[i];
    }
    return new NpzWriter.Array(shape, f);
  }
}
