package dqa.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 2-D convolution (DJL's {@link Conv2d}: same parameters, same saved format) whose channel counts
 * reach the engine as multiples of 16: zero input channels and zero filters are added for the call
 * and the extra output channels cut off again, which leaves the result and every gradient unchanged.
 *
 * <p><b>Why.</b> libtorch 2.7.1's oneDNN kernels (jit avx2 and avx512_core, measured on this
 * project's AMD EPYC machines) compute wrong numbers when a channel count is not a multiple of their
 * block: the forward pass is off by up to 0.4 (values of about 3) when the <i>input</i> channels are
 * not a multiple of 16 (LeNet's conv2 has 20), and the gradient with respect to the input is off by
 * as much when the <i>output</i> channels are not (LeNet's conv1 and conv2: 20 and 50). The errors are
 * the same on every run, change with the thread count, and vanish with the SSE4.1 kernels or with
 * oneDNN switched off — and with channels that are multiples of 16. Weight gradients are right.
 * ResNet-20 (16/32/64 channels) and the small CNN (16/32) never needed it; one and three input
 * channels (an image's) take oneDNN's small-channel kernels, which are right, and are not padded.
 * {@code ConvolutionKernelsTest} checks this block against a plain reference implementation.
 */
public final class ChannelAlignedConv2d extends Conv2d {
  static final int ALIGNMENT = 16;
  /** Up to this many input channels oneDNN uses its (correct) small-channel kernels. */
  static final int SMALL_INPUT = 3;

  private ChannelAlignedConv2d(Conv2d.Builder builder) {
    super(builder);
  }

  /** A convolution with {@code filters} square {@code kernel}s, a stride and zero padding on every side. */
  public static ChannelAlignedConv2d of(int filters, int kernel, int stride, int padding) {
    return build(filters, kernel, stride, padding, true);
  }

  /** Like {@link #of} without a bias (a convolution followed by batch normalisation). */
  public static ChannelAlignedConv2d withoutBias(int filters, int kernel, int stride, int padding) {
    return build(filters, kernel, stride, padding, false);
  }

  private static ChannelAlignedConv2d build(int filters, int kernel, int stride, int padding, boolean bias) {
    return new ChannelAlignedConv2d(
        Conv2d.builder()
            .setFilters(filters)
            .setKernelShape(new Shape(kernel, kernel))
            .optStride(new Shape(stride, stride))
            .optPadding(new Shape(padding, padding))
            .optBias(bias));
  }

  /** How many zero channels bring {@code channels} to the next multiple of 16. */
  static long missing(long channels) {
    long rest = channels % ALIGNMENT;
    return rest == 0 ? 0 : ALIGNMENT - rest;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    Device device = x.getDevice();
    NDArray w = store.getValue(weight, device, training);
    NDArray b = bias == null ? null : store.getValue(bias, device, training);
    long outChannels = w.getShape().get(0);
    long inChannels = w.getShape().get(1);
    long addIn = groups == 1 && inChannels > SMALL_INPUT ? missing(inChannels) : 0;
    long addOut = groups == 1 ? missing(outChannels) : 0;
    if (addIn == 0 && addOut == 0) {
      return Conv2d.conv2d(x, w, b, stride, padding, dilation, groups);
    }
    // The padded weights belong to the caller's scope, like every other array of the pass: an
    // operation's result joins its first operand's manager, which for the weights is the model's, so
    // they would otherwise stay until the model is closed (one copy per layer and pass).
    NDManager m = x.getManager();
    Shape xs = x.getShape();
    Shape ws = w.getShape();
    if (addIn > 0) {
      x = x.concat(m.zeros(new Shape(xs.get(0), addIn, xs.get(2), xs.get(3)), x.getDataType()), 1);
      w = owned(w.concat(m.zeros(new Shape(outChannels, addIn, ws.get(2), ws.get(3)), w.getDataType()), 1), m);
    }
    if (addOut > 0) {
      w = owned(w.concat(m.zeros(new Shape(addOut, inChannels + addIn, ws.get(2), ws.get(3)), w.getDataType()), 0), m);
      b = b == null ? null : owned(b.concat(m.zeros(new Shape(addOut), b.getDataType()), 0), m);
    }
    NDArray y = Conv2d.conv2d(x, w, b, stride, padding, dilation, groups).singletonOrThrow();
    return new NDList(addOut > 0 ? y.get(new NDIndex(":, :{}", outChannels)) : y);
  }

  private static NDArray owned(NDArray array, NDManager owner) {
    array.attach(owner);
    return array;
  }
}
