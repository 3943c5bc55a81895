package dqa.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The basic block of the CIFAR ResNet (He et al. 2016, §4.2): conv3×3 → BN → act → conv3×3 → BN,
 * plus the identity shortcut, then act. Where the block halves the resolution and doubles the
 * channels, the shortcut is option A: subsample by 2 and pad the new channels with zeros (no extra
 * parameters).
 */
public final class ResidualBlock extends AbstractBlock {
  private static final byte VERSION = 1;

  private final int outChannels;
  private final int stride;
  private final Block body;
  private final Block outAct;

  public ResidualBlock(int outChannels, int stride, Block act1, Block act2) {
    super(VERSION);
    this.outChannels = outChannels;
    this.stride = stride;
    NamedSequence seq =
        new NamedSequence()
            .add("conv1", conv3x3(outChannels, stride))
            .add("bn1", BatchNorm.builder().build())
            .add("act1", act1)
            .add("conv2", conv3x3(outChannels, 1))
            .add("bn2", BatchNorm.builder().build());
    this.body = addChildBlock("body", seq);
    this.outAct = addChildBlock("act2", act2);
  }

  static Conv2d conv3x3(int channels, int stride) {
    return ChannelAlignedConv2d.withoutBias(channels, 3, stride, 1);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray y = body.forward(store, inputs, training).singletonOrThrow();
    NDArray shortcut = x;
    if (stride != 1 || x.getShape().get(1) != outChannels) {
      NDArray sub = x.get(new NDIndex(":, :, ::{}, ::{}", stride, stride));
      long missing = outChannels - sub.getShape().get(1);
      if (missing > 0) {
        Shape s = sub.getShape();
        long before = missing / 2;
        NDManager m = x.getManager();
        NDArray lo = m.zeros(new Shape(s.get(0), before, s.get(2), s.get(3)), x.getDataType());
        NDArray hi = m.zeros(new Shape(s.get(0), missing - before, s.get(2), s.get(3)), x.getDataType());
        sub = lo.concat(sub, 1).concat(hi, 1);
      }
      shortcut = sub;
    }
    return outAct.forward(store, new NDList(y.add(shortcut)), training);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    body.initialize(manager, dataType, inputShapes);
    outAct.initialize(manager, dataType, body.getOutputShapes(inputShapes));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return body.getOutputShapes(inputShapes);
  }
}
