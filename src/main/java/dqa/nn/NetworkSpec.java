package dqa.nn;

import dqa.run.UserException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything needed to rebuild a network: the data set it is for, architecture, one activation per
 * hidden slot, input shape, class count and the input normalisation the model owns.
 */
public record NetworkSpec(
    String dataset,
    Architecture architecture,
    List<ActivationSpec> activations,
    int channels,
    int height,
    int width,
    int classes,
    List<Float> mean,
    List<Float> std) {

  public NetworkSpec {
    if (dataset == null || dataset.isBlank()) {
      throw new IllegalArgumentException("the data set of the network is missing");
    }
    if (architecture == null) {
      throw new IllegalArgumentException("architecture is missing");
    }
    activations = List.copyOf(activations);
    if (architecture.hiddenActivations() == 0) {
      activations = List.of();
    }
    if (activations.size() == 1 && architecture.hiddenActivations() > 1) {
      activations = java.util.Collections.nCopies(architecture.hiddenActivations(), activations.get(0));
    }
    if (activations.size() != architecture.hiddenActivations()) {
      throw new IllegalArgumentException(
          architecture
              + " has "
              + architecture.hiddenActivations()
              + " hidden activations; "
              + activations.size()
              + " were given");
    }
    if (channels < 1 || height < 4 || width < 4 || classes < 2) {
      throw new IllegalArgumentException(
          "bad input shape " + channels + "x" + height + "x" + width + " or class count " + classes);
    }
    if (architecture == Architecture.LENET || architecture == Architecture.LENET_WIDE) {
      if (height != 28 || width != 28) {
        throw new IllegalArgumentException(architecture + " needs 28x28 images, got " + height + "x" + width);
      }
    }
    mean = List.copyOf(mean);
    std = List.copyOf(std);
    if (mean.size() != channels || std.size() != channels) {
      throw new IllegalArgumentException("mean and std need one value per channel (" + channels + ")");
    }
    if (std.stream().anyMatch(s -> !(s > 0))) {
      throw new IllegalArgumentException("std must be positive");
    }
  }

  /**
   * Parses an activation option: one spec for every hidden layer ({@code dqa:2}) or a
   * comma-separated list with one per layer ({@code relu,fixed:2,dqa:2}).
   */
  public static List<ActivationSpec> parseActivations(String text) {
    if (text == null || text.isBlank()) {
      throw UserException.about("act", "give relu, fixed:k or dqa:k");
    }
    return Arrays.stream(text.split(",")).map(ActivationSpec::parse).toList();
  }

  /** A short label such as {@code lenet/dqa:2} or {@code lenet/relu,fixed:2,dqa:2}. */
  public String label() {
    if (activations.isEmpty()) {
      return architecture.toString();
    }
    boolean uniform = activations.stream().distinct().count() == 1;
    String acts =
        uniform
            ? activations.get(0).toString()
            : activations.stream().map(ActivationSpec::toString).collect(Collectors.joining(","));
    return architecture + "/" + acts;
  }

  /** True when at least one hidden layer is quantized. */
  public boolean isQuantized() {
    return activations.stream().anyMatch(ActivationSpec::isQuantized);
  }

  float[] meanArray() {
    return toArray(mean);
  }

  float[] stdArray() {
    return toArray(std);
  }

  private static float[] toArray(List<Float> values) {
    float[] a = new float[values.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = values.get(i);
    }
    return a;
  }
}
