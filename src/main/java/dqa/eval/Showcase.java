package dqa.eval;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dqa.attack.Attack;
import dqa.attack.BatchSeeds;
import dqa.attack.AttackResult;
import dqa.data.LabeledImages;
import dqa.nn.Network;
import dqa.run.CancellationToken;
import dqa.run.DeviceChoice;
import dqa.run.ProgressListener;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attacks a few images of a model for a close look, and reads which quantization bins the attack
 * flipped inside it. Keeps the last two models loaded (a model and its twin); call on the engine
 * thread, close when done.
 */
public final class Showcase implements AutoCloseable {
  private final Map<Path, Network> loaded = new LinkedHashMap<>();

  /** How one quantizer's output levels changed under attack for one image. */
  public record LayerFlips(String layer, int[] cleanHistogram, int[] adversarialHistogram, int changed, int units) {}

  /**
   * Runs {@code attack} on the images of {@code subset} against the model in {@code modelFolder}, as
   * one batch of a run with {@code seed} ({@link BatchedAttack}): the same images give the same
   * result as the {@code attack} command's first batch with that seed and a batch size of at least
   * their number.
   */
  public AttackResult attack(
      Path modelFolder, Attack attack, LabeledImages subset, long seed, ProgressListener progress,
      CancellationToken cancel) {
    Network net = network(modelFolder);
    AttackResult[] result = new AttackResult[1];
    BatchedAttack.run(net, attack, subset, null, Math.max(1, subset.count()), new BatchSeeds(seed, 0, attack.eps()),
        progress, cancel, b -> result[0] = b.result());
    return result[0];
  }

  /**
   * Per quantizer: histogram of output levels for the clean and the adversarial image, and how
   * many units changed level. Images are C×H×W floats in [0, 1].
   */
  public List<LayerFlips> flips(Path modelFolder, float[] clean, float[] adversarial, int c, int h, int w) {
    Network net = network(modelFolder);
    Shape shape = new Shape(1, c, h, w);
    try (NDManager m = net.manager().newSubManager()) {
      Map<String, int[]> before = net.quantizerLevels(m.create(clean, shape));
      Map<String, int[]> after = net.quantizerLevels(m.create(adversarial, shape));
      var quantizers = net.quantizersByName();
      return before.keySet().stream().map(layer -> {
        int levels = quantizers.get(layer).spec().levels();
        int[] b = before.get(layer);
        int[] a = after.get(layer);
        int[] hb = new int[levels];
        int[] ha = new int[levels];
        int changed = 0;
        for (int i = 0; i < b.length; i++) {
          hb[clamp(b[i], levels)]++;
          ha[clamp(a[i], levels)]++;
          if (a[i] != b[i]) {
            changed++;
          }
        }
        return new LayerFlips(layer, hb, ha, changed, b.length);
      }).toList();
    }
  }

  /** Copies example {@code index} out of a batch of N×size floats. */
  public static float[] example(float[] batch, int index, int size) {
    return Arrays.copyOfRange(batch, index * size, (index + 1) * size);
  }

  private static int clamp(int level, int levels) {
    return Math.max(0, Math.min(levels - 1, level));
  }

  Network network(Path folder) {
    Network net = loaded.get(folder);
    if (net == null) {
      if (loaded.size() >= 2) {
        close();
      }
      net = Network.load(folder, DeviceChoice.AUTO.resolve().device());
      loaded.put(folder, net);
    }
    return net;
  }

  @Override
  public void close() {
    loaded.values().forEach(Network::close);
    loaded.clear();
  }
}
