package dqa.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.util.Pair;
import dqa.run.Json;
import dqa.run.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam or SGD with momentum whose state (moments, momentum buffers, update counts) can be written into a
 * checkpoint and read back, so that a resumed training continues exactly where the interrupted one was.
 *
 * <p>DJL's own {@code Adam} and {@code Sgd} keep that state in private maps of detached arrays; this
 * class makes the same calls into the engine's fused update kernels with the same arguments (so the
 * weights are bit for bit those DJL's optimizers give, which {@code ResumableOptimizerTest} checks) but
 * owns its state in a manager the training loop closes. The state is stored under the parameters' names
 * in the block, which, unlike DJL's parameter ids, survive saving and loading the network.
 */
final class ResumableOptimizer extends Optimizer implements AutoCloseable {
  static final String STATE_FILE = "optimizer-state.ndlist";
  static final String COUNTS_FILE = "optimizer.json";
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;

  enum Kind {
    ADAM,
    SGD
  }

  /** What {@link #COUNTS_FILE} holds besides the arrays. */
  record Counts(String kind, int numUpdate, Map<String, Integer> updates) {}

  private final Kind kind;
  private final ParameterTracker learningRate;
  private final float momentum;
  private final NDManager stateOwner;
  private final Map<String, String> nameById = new HashMap<>();
  private final Map<String, Parameter> byName = new HashMap<>();
  private final Map<String, NDArray> first = new LinkedHashMap<>();
  private final Map<String, NDArray> second = new LinkedHashMap<>();
  private final Map<String, Integer> updates = new LinkedHashMap<>();
  private int numUpdate;
  private final int beginNumUpdate;

  /**
   * @param parameters the block's parameters by name ({@code block.getParameters()})
   * @param parent the manager under which the optimizer keeps its state until {@link #close}
   */
  ResumableOptimizer(
      Kind kind,
      ParameterTracker learningRate,
      float weightDecay,
      float momentum,
      int beginNumUpdate,
      ParameterList parameters,
      NDManager parent) {
    super(new Builder().optWeightDecays(weightDecay).optBeginNumUpdate(beginNumUpdate));
    this.kind = kind;
    this.learningRate = learningRate;
    this.momentum = momentum;
    this.beginNumUpdate = beginNumUpdate;
    this.stateOwner = parent.newSubManager();
    for (Pair<String, Parameter> p : parameters) {
      nameById.put(p.getValue().getId(), p.getKey());
      byName.put(p.getKey(), p.getValue());
    }
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    String name = nameById.get(parameterId);
    if (name == null) {
      throw new IllegalStateException("parameter " + parameterId + " is not one of the network's");
    }
    int t = count(name);
    float rate = learningRate.getNewValue(parameterId, t);
    float weightDecay = getWeightDecay();
    if (kind == Kind.SGD) {
      NDList inputs =
          momentum != 0f ? new NDList(weight, grad, state(first, name, weight)) : new NDList(weight, grad);
      weight.getNDArrayInternal()
          .sgdUpdate(inputs, new NDList(weight), rate, weightDecay, rescaleGrad, clipGrad, momentum, true);
      return;
    }
    double coef1 = 1.0 - Math.pow(BETA1, t);
    double coef2 = 1.0 - Math.pow(BETA2, t);
    float corrected = (float) (rate * Math.sqrt(coef2) / coef1);
    if (!Float.isFinite(corrected) || !Float.isFinite(weightDecay)) {
      throw new IllegalStateException("the learning rate or the weight decay is not finite at update " + t);
    }
    NDList inputs = new NDList(weight, grad, state(first, name, weight), state(second, name, weight));
    weight.getNDArrayInternal()
        .adamUpdate(
            inputs, new NDList(weight), rate, corrected, weightDecay, rescaleGrad, clipGrad, BETA1, BETA2, EPSILON,
            true, false);
  }

  /** The update number DJL's optimizers would use: one past the most any parameter has seen. */
  private int count(String name) {
    int c = updates.merge(name, beginNumUpdate + 1, (old, ignored) -> old + 1);
    numUpdate = Math.max(numUpdate, c);
    return numUpdate;
  }

  private NDArray state(Map<String, NDArray> states, String name, NDArray weight) {
    return states.computeIfAbsent(name, k -> stateOwner.zeros(weight.getShape(), weight.getDataType(), weight.getDevice()));
  }

  /** Writes the state into {@code dir} (a checkpoint being staged). */
  void save(Path dir) throws IOException {
    NDList arrays = new NDList();
    first.forEach((name, a) -> arrays.add(named(a, "first/" + name)));
    second.forEach((name, a) -> arrays.add(named(a, "second/" + name)));
    try (var out = Files.newOutputStream(dir.resolve(STATE_FILE))) {
      arrays.encode(out);
    }
    Files.writeString(dir.resolve(COUNTS_FILE), Json.write(new Counts(kind.name(), numUpdate, updates)) + "\n");
  }

  /**
   * Reads the state a {@link #save} left in {@code checkpoint}.
   *
   * @return false when the checkpoint holds none (written before optimizer state was checkpointed)
   */
  boolean restore(Path checkpoint) {
    if (!isIn(checkpoint)) {
      return false;
    }
    Path counts = checkpoint.resolve(COUNTS_FILE);
    Path state = checkpoint.resolve(STATE_FILE);
    Counts c = Json.readFile(counts, Counts.class);
    if (c.updates() == null || c.kind() == null) {
      throw new UserException(counts + ": lacks the optimizer's kind or its update counts");
    }
    if (!kind.name().equals(c.kind())) {
      throw new UserException(counts + ": the checkpoint's optimizer is " + c.kind() + " but the recipe asks for " + kind);
    }
    NDList arrays;
    try (InputStream in = Files.newInputStream(state)) {
      arrays = NDList.decode(stateOwner, in);
    } catch (IOException | RuntimeException e) {
      throw new UserException(state + ": cannot read the optimizer state (" + e.getMessage() + ")", e);
    }
    for (NDArray a : arrays) {
      String key = a.getName() == null ? "" : a.getName();
      int slash = key.indexOf('/');
      String name = slash < 0 ? "" : key.substring(slash + 1);
      Parameter parameter = byName.get(name);
      if (parameter == null) {
        throw new UserException(state + ": holds state for \"" + key + "\", which is not a parameter of this network");
      }
      NDArray weight = parameter.getArray();
      if (!a.getShape().equals(weight.getShape()) || a.getDataType() != weight.getDataType()) {
        throw new UserException(state + ": \"" + key + "\" is " + a.getDataType() + " " + a.getShape()
            + " but the parameter is " + weight.getDataType() + " " + weight.getShape());
      }
      switch (key.substring(0, Math.max(slash, 0))) {
        case "first" -> first.put(name, a);
        case "second" -> second.put(name, a);
        default -> throw new UserException(state + ": unexpected entry \"" + key + "\"");
      }
    }
    updates.clear();
    updates.putAll(c.updates());
    numUpdate = c.numUpdate();
    return true;
  }

  /** Whether {@code checkpoint} holds optimizer state (checkpoints written before it did hold none). */
  static boolean isIn(Path checkpoint) {
    return Files.isRegularFile(checkpoint.resolve(COUNTS_FILE)) && Files.isRegularFile(checkpoint.resolve(STATE_FILE));
  }

  /** Frees the moments and momentum buffers. */
  @Override
  public void close() {
    stateOwner.close();
  }

  private static NDArray named(NDArray a, String name) {
    a.setName(name);
    return a;
  }

  private static final class Builder extends OptimizerBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }
  }
}
