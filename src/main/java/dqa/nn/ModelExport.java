package dqa.nn;

import dqa.run.Json;
import dqa.run.NpzWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exports a network as NumPy {@code .npz}: every parameter under its PyTorch-style name (conv
 * weights out×in×kh×kw, linear weights out×in), each DQA layer's effective thresholds as {@code
 * <layer>.thresholds} (C×(L−1)), and {@code model.json} describing architecture, activations,
 * normalisation and the quantizer definition, so NumPy or PyTorch can rebuild and re-evaluate it.
 */
public final class ModelExport {
  public static final String FORMAT = "dqa-npz/1";

  private ModelExport() {}

  /** What {@code model.json} inside the archive says. */
  public record Description(
      String format,
      NetworkSpec network,
      String input,
      String quantizer,
      List<String> parameters) {}

  public static Description toNpz(Network network, Path file) {
    Map<String, NpzWriter.Array> arrays = new LinkedHashMap<>();
    network.namedParameters().forEach((name, t) -> arrays.put(name, new NpzWriter.Array(t.shape(), t.values())));
    network
        .dqaThresholds()
        .forEach(
            (layer, table) -> {
              int rows = table.length;
              int cols = table[0].length;
              float[] flat = new float[rows * cols];
              for (int r = 0; r < rows; r++) {
                System.arraycopy(table[r], 0, flat, r * cols, cols);
              }
              arrays.put(layer + ".thresholds", new NpzWriter.Array(new long[] {rows, cols}, flat));
            });
    Description description =
        new Description(
            FORMAT,
            network.spec(),
            "N x C x H x W float32 in [0, 1]; the network subtracts mean and divides by std per channel first",
            "fixed:k and dqa:k: clip to [-1, 1], output -1 + (2/(2^k - 1)) * #{j : x >= t_j}; fixed thresholds are"
                + " the midpoints between levels; dqa thresholds are <layer>.thresholds (t_0 = first,"
                + " t_j = first + cumsum(softplus(gaps)))",
            List.copyOf(arrays.keySet()));
    NpzWriter.write(file, arrays, Map.of("model.json", Json.write(description)));
    return description;
  }
}
