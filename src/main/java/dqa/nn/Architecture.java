package dqa.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import dqa.run.UserException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The network families the workbench builds; every hidden activation is a slot filled from the
 * {@link NetworkSpec}.
 *
 * <ul>
 *   <li>{@code lenet} (28×28 gray): conv5×5-20, pool, conv5×5-50, pool, fc-500, fc-10 — 0.43 M
 *       parameters, 3 hidden activations.
 *   <li>{@code cnn}: a small fast demo net, conv3×3-16, pool, conv3×3-32, pool, fc-64, fc-10 — 3
 *       hidden activations, any input size.
 *   <li>{@code lenet-wide}: conv5×5-32, pool, conv5×5-64, pool, fc-1024, fc-10 — the 3.27 M
 *       parameter net the performance benchmarks compare with PyTorch.
 *   <li>{@code resnet20} (32×32 colour): the CIFAR ResNet of He et al. 2016 (3 stages × 3 basic
 *       blocks, 16/32/64 channels, option-A shortcuts) — 0.27 M parameters, 19 hidden activations.
 *   <li>{@code linear}: a single fully connected layer (multinomial logistic regression), no
 *       hidden activation — the known-answer model for attack tests and teaching.
 * </ul>
 */
public enum Architecture {
  LENET("lenet", 3),
  CNN("cnn", 3),
  LENET_WIDE("lenet-wide", 3),
  RESNET20("resnet20", 19),
  LINEAR("linear", 0);

  private final String key;
  private final int hiddenActivations;

  Architecture(String key, int hiddenActivations) {
    this.key = key;
    this.hiddenActivations = hiddenActivations;
  }

  @com.fasterxml.jackson.annotation.JsonValue
  public String key() {
    return key;
  }

  /** Number of activation slots, i.e. how many entries a per-layer activation list needs. */
  public int hiddenActivations() {
    return hiddenActivations;
  }

  /**
   * The layer each activation slot follows, as a person names it: {@code conv1, conv2, fc1} for the
   * LeNets and the CNN; for resnet20 the stem's {@code conv1}, then {@code layerS_B.conv1/.conv2}, the two
   * activations of stage S's block B; none for {@code linear}.
   */
  public java.util.List<String> activationLayers() {
    return switch (this) {
      case LENET, CNN, LENET_WIDE -> java.util.List.of("conv1", "conv2", "fc1");
      case LINEAR -> java.util.List.of();
      case RESNET20 -> {
        java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of("conv1"));
        for (int stage = 1; stage <= 3; stage++) {
          for (int b = 0; b < 3; b++) {
            names.add("layer" + stage + "_" + b + ".conv1");
            names.add("layer" + stage + "_" + b + ".conv2");
          }
        }
        yield java.util.List.copyOf(names);
      }
    };
  }

  @com.fasterxml.jackson.annotation.JsonCreator
  public static Architecture parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(a -> a.key.equals(t))
        .findFirst()
        .orElseThrow(
            () ->
                new UserException(
                    "architecture '"
                        + text
                        + "' is not one of "
                        + Arrays.stream(values()).map(Architecture::key).collect(Collectors.joining(", "))));
  }

  @Override
  public String toString() {
    return key;
  }

  /**
   * The number of learnable values a network of this spec has (batch-norm running statistics not
   * counted), from the layer sizes alone — cheap enough for a form that updates on every key.
   */
  public long parameterCount(NetworkSpec spec) {
    int c = spec.channels();
    int h = spec.height();
    int w = spec.width();
    int k = spec.classes();
    long weights =
        switch (this) {
          case LENET -> lenetCount(c, h, w, 20, 50, 500, k);
          case LENET_WIDE -> lenetCount(c, h, w, 32, 64, 1024, k);
          case CNN -> convCount(c, 16, 3) + convCount(16, 32, 3) + dense(32L * (h / 2 / 2) * (w / 2 / 2), 64) + dense(64, k);
          case LINEAR -> dense((long) c * h * w, k);
          case RESNET20 -> {
            long n = 9L * c * 16 + 2 * 16;
            int[] widths = {16, 32, 64};
            int in = 16;
            for (int stage = 0; stage < 3; stage++) {
              for (int b = 0; b < 3; b++) {
                int out = widths[stage];
                n += 9L * in * out + 2L * out + 9L * out * out + 2L * out;
                in = out;
              }
            }
            yield n + dense(64, k);
          }
        };
    long thresholds = 0;
    int[] channels = activationWidths(spec);
    for (int i = 0; i < spec.activations().size(); i++) {
      ActivationSpec a = spec.activations().get(i);
      if (a.kind() == ActivationSpec.Kind.DQA) {
        thresholds += (long) (a.perChannel() ? channels[i] : 1) * (a.levels() - 1);
      }
    }
    return weights + thresholds;
  }

  /** Channels (or features) seen by each activation slot, for per-channel DQA thresholds. */
  private int[] activationWidths(NetworkSpec spec) {
    return switch (this) {
      case LENET -> new int[] {20, 50, 500};
      case LENET_WIDE -> new int[] {32, 64, 1024};
      case CNN -> new int[] {16, 32, 64};
      case LINEAR -> new int[0];
      case RESNET20 -> {
        int[] out = new int[19];
        out[0] = 16;
        for (int i = 1; i < 19; i++) {
          out[i] = i <= 6 ? 16 : i <= 12 ? 32 : 64;
        }
        yield out;
      }
    };
  }

  private static long lenetCount(int c, int h, int w, int c1, int c2, int hidden, int k) {
    int h2 = ((h - 4) / 2 - 4) / 2;
    int w2 = ((w - 4) / 2 - 4) / 2;
    return convCount(c, c1, 5) + convCount(c1, c2, 5) + dense((long) c2 * h2 * w2, hidden) + dense(hidden, k);
  }

  private static long convCount(int in, int out, int kernel) {
    return (long) in * out * kernel * kernel + out;
  }

  private static long dense(long in, long out) {
    return in * out + out;
  }

  /** Builds the untrained block for a spec; activations read their backward rule from the switch. */
  Block build(NetworkSpec spec, GradientSwitch gradients) {
    List<ActivationSpec> acts = spec.activations();
    NamedSequence net = new NamedSequence().add("normalize", normalization(spec));
    switch (this) {
      case LENET -> lenet(net, acts, gradients, 20, 50, 500, 5, spec.classes());
      case LENET_WIDE -> lenet(net, acts, gradients, 32, 64, 1024, 5, spec.classes());
      case CNN -> {
        net.add("conv1", conv(16, 3, 1))
            .add("act1", activation(acts.get(0), gradients))
            .add("pool1", Pool.maxPool2dBlock(new Shape(2, 2)))
            .add("conv2", conv(32, 3, 1))
            .add("act2", activation(acts.get(1), gradients))
            .add("pool2", Pool.maxPool2dBlock(new Shape(2, 2)))
            .add("flatten", Blocks.batchFlattenBlock())
            .add("fc1", Linear.builder().setUnits(64).build())
            .add("act3", activation(acts.get(2), gradients))
            .add("fc2", Linear.builder().setUnits(spec.classes()).build());
      }
      case RESNET20 -> {
        net.add("conv1", ResidualBlock.conv3x3(16, 1))
            .add("bn1", BatchNorm.builder().build())
            .add("act1", activation(acts.get(0), gradients));
        int slot = 1;
        int[] widths = {16, 32, 64};
        for (int stage = 0; stage < 3; stage++) {
          for (int b = 0; b < 3; b++) {
            int stride = (stage > 0 && b == 0) ? 2 : 1;
            Block a1 = activation(acts.get(slot++), gradients);
            Block a2 = activation(acts.get(slot++), gradients);
            net.add("layer" + (stage + 1) + "_" + b, new ResidualBlock(widths[stage], stride, a1, a2));
          }
        }
        net.add("pool", Pool.globalAvgPool2dBlock())
            .add("fc", Linear.builder().setUnits(spec.classes()).build());
      }
      case LINEAR ->
          net.add("flatten", Blocks.batchFlattenBlock())
              .add("fc", Linear.builder().setUnits(spec.classes()).build());
      default -> throw new IllegalStateException("unknown architecture " + this);
    }
    return net;
  }

  private static void lenet(
      NamedSequence net,
      List<ActivationSpec> acts,
      GradientSwitch gradients,
      int c1,
      int c2,
      int hidden,
      int kernel,
      int classes) {
    net.add("conv1", conv(c1, kernel, 0))
        .add("act1", activation(acts.get(0), gradients))
        .add("pool1", Pool.maxPool2dBlock(new Shape(2, 2)))
        .add("conv2", conv(c2, kernel, 0))
        .add("act2", activation(acts.get(1), gradients))
        .add("pool2", Pool.maxPool2dBlock(new Shape(2, 2)))
        .add("flatten", Blocks.batchFlattenBlock())
        .add("fc1", Linear.builder().setUnits(hidden).build())
        .add("act3", activation(acts.get(2), gradients))
        .add("fc2", Linear.builder().setUnits(classes).build());
  }

  private static Conv2d conv(int filters, int kernel, int padding) {
    return ChannelAlignedConv2d.of(filters, kernel, 1, padding);
  }

  static Block activation(ActivationSpec spec, GradientSwitch gradients) {
    return spec.isQuantized() ? new QuantizedActivation(spec, gradients) : Activation.reluBlock();
  }

  /** The model owns its normalisation, so attacks work in [0, 1] pixel space. */
  private static Block normalization(NetworkSpec spec) {
    float[] mean = spec.meanArray();
    float[] std = spec.stdArray();
    return new LambdaBlock(
        list -> {
          NDArray x = list.singletonOrThrow();
          Shape perChannel = new Shape(1, mean.length, 1, 1);
          NDArray m = x.getManager().create(mean, perChannel);
          NDArray s = x.getManager().create(std, perChannel);
          return new NDList(x.sub(m).div(s));
        },
        "normalize");
  }
}
