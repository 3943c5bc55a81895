package dqa.nn;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps DJL's hierarchical parameter names ({@code 02conv1_weight}) onto PyTorch's ({@code
 * conv1.weight}), so exported weights load into an equivalent {@code torch.nn.Module}.
 */
final class ParameterNames {
  private static final Pattern INDEX = Pattern.compile("^\\d{2}");
  private static final Map<String, String> LEAF =
      Map.of(
          "gamma", "weight",
          "beta", "bias",
          "runningMean", "running_mean",
          "runningVar", "running_var");

  private ParameterNames() {}

  /** DJL prefixes each child name with its two-digit index; our names never start with digits. */
  static String stripIndex(String childName) {
    return INDEX.matcher(childName).replaceFirst("");
  }

  static String toPyTorch(String djlName) {
    // DJL joins path segments with '_'; our block names use '_' only inside layerN_M.
    String[] parts = djlName.split("_");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      String part = stripIndex(parts[i]);
      boolean last = i == parts.length - 1;
      if (last) {
        part = LEAF.getOrDefault(part, part);
      }
      if (out.length() > 0) {
        // "layer1" followed by a bare block index "0" was one name: layer1_0.
        boolean glue = part.matches("\\d+") && !last;
        out.append(glue ? "_" : ".");
      }
      out.append(part);
    }
    return out.toString();
  }
}
