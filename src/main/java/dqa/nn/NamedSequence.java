package dqa.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A chain of blocks with names of our choosing ({@code conv1}, {@code act1}, …), so parameter
 * names map one-to-one onto PyTorch's ({@code conv1.weight}) for export.
 */
public class NamedSequence extends AbstractBlock {
  private static final byte VERSION = 1;

  public NamedSequence() {
    super(VERSION);
  }

  /** Appends a child; the name is used for its parameters. */
  public NamedSequence add(String name, Block block) {
    addChildBlock(name, block);
    return this;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList current = inputs;
    for (Block child : children.values()) {
      current = child.forward(store, current, training);
    }
    return current;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] shapes = inputShapes;
    for (Block child : children.values()) {
      child.initialize(manager, dataType, shapes);
      shapes = child.getOutputShapes(shapes);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] shapes = inputShapes;
    for (Block child : children.values()) {
      shapes = child.getOutputShapes(shapes);
    }
    return shapes;
  }
}
