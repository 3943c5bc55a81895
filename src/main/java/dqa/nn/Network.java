package dqa.nn;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dqa.run.AtomicFiles;
import dqa.run.Json;
import dqa.run.Sha256;
import dqa.run.TorchEngine;
import dqa.run.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A classifier network with its weights: the DJL model, the spec it was built from, and the
 * gradient switch of its quantizers. Owns its native memory; close it.
 *
 * <p>Saved as a folder holding {@code model.json} (the spec and the weights' SHA-256) and {@code
 * network-0000.params}. Loading checks the checksum, so a damaged or replaced weights file is refused
 * instead of scoring 0 %; folders saved before the checksum existed load unchecked.
 */
public final class Network implements AutoCloseable {
  public static final String SPEC_FILE = "model.json";
  /** The field of {@link #SPEC_FILE} holding the SHA-256 of the weights file. */
  public static final String WEIGHTS_SHA256 = "weights_sha256";
  private static final String PARAMS_NAME = "network";
  private static final String ENGINE = TorchEngine.NAME;

  private final NetworkSpec spec;
  private final GradientSwitch gradients;
  private final Model model;
  private final ParameterStore store;

  private Network(NetworkSpec spec, GradientSwitch gradients, Model model) {
    this.spec = spec;
    this.gradients = gradients;
    this.model = model;
    this.store = new ParameterStore(model.getNDManager(), false);
  }

  /** Builds a freshly initialised network; the seed fixes the initial weights. */
  public static Network create(NetworkSpec spec, Device device, long seed) {
    TorchEngine.get().setRandomSeed((int) seed);
    GradientSwitch gradients = new GradientSwitch(GradientMode.ste());
    Block block = spec.architecture().build(spec, gradients);
    // He-uniform for weights (Kaiming for ReLU nets); biases, BN and thresholds use their own.
    block.setInitializer(
        new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 2),
        Parameter.Type.WEIGHT);
    Model model = Model.newInstance(PARAMS_NAME, device, ENGINE);
    model.setBlock(block);
    block.initialize(model.getNDManager(), DataType.FLOAT32, inputShape(spec, 1));
    return new Network(spec, gradients, model);
  }

  /** Loads a network saved by {@link #save}; {@code dir} is the model folder. */
  public static Network load(Path dir, Device device) {
    Path specFile = dir.resolve(SPEC_FILE);
    if (!Files.isRegularFile(specFile)) {
      throw new UserException(dir + ": not a model folder (no " + SPEC_FILE + ")");
    }
    NetworkSpec spec = Json.readFile(specFile, NetworkSpec.class);
    checkWeights(dir, specFile);
    GradientSwitch gradients = new GradientSwitch(GradientMode.ste());
    Block block = spec.architecture().build(spec, gradients);
    TorchEngine.get();
    Model model = Model.newInstance(PARAMS_NAME, device, ENGINE);
    model.setBlock(block);
    try {
      model.load(dir, PARAMS_NAME);
      // Loading restores the weights but not the input description that saving needs again; the
      // already-set parameters are left as they are.
      block.initialize(model.getNDManager(), DataType.FLOAT32, inputShape(spec, 1));
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new UserException(dir + ": cannot read the model's weights (" + e.getMessage() + ")", e);
    }
    return new Network(spec, gradients, model);
  }

  /** Saves spec and weights into {@code dir}, replacing it only once the new copy is complete. */
  public void save(Path dir) {
    save(dir, staging -> {});
  }

  /**
   * Saves spec and weights, and whatever {@code alongside} writes into the same folder (a training
   * checkpoint's optimizer state), replacing {@code dir} only once all of it is complete.
   */
  public void save(Path dir, AtomicFiles.DirectoryWriter alongside) {
    AtomicFiles.writeDirectory(
        dir,
        staging -> {
          alongside.write(staging);
          model.save(staging, PARAMS_NAME);
          ObjectNode description = Json.mapper().valueToTree(spec);
          description.put(WEIGHTS_SHA256, Sha256.ofFile(weightsFile(staging)));
          Files.writeString(staging.resolve(SPEC_FILE), Json.write(description) + "\n");
        });
  }

  /** The weights file DJL loads from a model folder: the highest-numbered {@code network-NNNN.params}. */
  static Path weightsFile(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().matches(PARAMS_NAME + "-\\d{4}\\.params"))
          .max(Comparator.comparing(p -> p.getFileName().toString()))
          .orElseThrow(() -> new UserException(dir + ": no weights file (" + PARAMS_NAME + "-0000.params)"));
    }
  }

  private static void checkWeights(Path dir, Path specFile) {
    JsonNode expected = Json.readFile(specFile, JsonNode.class).get(WEIGHTS_SHA256);
    if (expected == null || expected.isNull()) {
      return;
    }
    try {
      Path weights = weightsFile(dir);
      String actual = Sha256.ofFile(weights);
      if (!actual.equals(expected.asText())) {
        throw new UserException(weights + ": the weights do not match the checksum in " + SPEC_FILE
            + " (the file is damaged or was replaced; expected SHA-256 " + expected.asText() + ", found " + actual + ")");
      }
    } catch (IOException e) {
      throw new UserException(dir + ": cannot read the weights (" + e.getMessage() + ")", e);
    }
  }

  public static Shape inputShape(NetworkSpec spec, long batch) {
    return new Shape(batch, spec.channels(), spec.height(), spec.width());
  }

  public NetworkSpec spec() {
    return spec;
  }

  public GradientSwitch gradients() {
    return gradients;
  }

  public Model model() {
    return model;
  }

  public Block block() {
    return model.getBlock();
  }

  public NDManager manager() {
    return model.getNDManager();
  }

  public Device device() {
    return model.getNDManager().getDevice();
  }

  /** Logits for a batch of images in [0, 1], NCHW; {@code training} switches batch-norm mode. */
  public NDArray logits(NDArray images, boolean training) {
    return block().forward(store, new NDList(images), training).singletonOrThrow();
  }

  /** Stops (or restarts) gradients to the weights; attacks freeze them for speed and hygiene. */
  public void setParametersTrainable(boolean trainable) {
    for (var p : block().getParameters().values()) {
      if (p.requiresGradient() || !trainable) {
        p.getArray().setRequiresGradient(trainable);
      }
    }
  }

  /** Total number of learnable values. */
  public long parameterCount() {
    long n = 0;
    for (var p : block().getParameters().values()) {
      if (p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR) {
        n += p.getArray().getShape().size();
      }
    }
    return n;
  }

  /**
   * The parameters under PyTorch-style names ({@code conv1.weight}, {@code layer1_0.body.bn1.running_mean})
   * in declaration order, as plain float arrays with their shapes.
   */
  public Map<String, Tensor> namedParameters() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (var pair : block().getParameters()) {
      NDArray a = pair.getValue().getArray();
      out.put(ParameterNames.toPyTorch(pair.getKey()), new Tensor(a.getShape().getShape(), a.toFloatArray()));
    }
    return out;
  }

  /** The current DQA thresholds of every learned quantizer, by layer name; empty without DQA. */
  public Map<String, float[][]> dqaThresholds() {
    Map<String, float[][]> out = new LinkedHashMap<>();
    quantizersByName().forEach((name, q) -> {
      if (q.spec().kind() == ActivationSpec.Kind.DQA) {
        out.put(name, q.thresholdValues());
      }
    });
    return out;
  }

  /** The quantizers in forward order. */
  public List<QuantizedActivation> quantizers() {
    return new ArrayList<>(quantizersByName().values());
  }

  /** The quantizers in forward order under their layer names ({@code act1}, {@code layer2_0.act2}). */
  public Map<String, QuantizedActivation> quantizersByName() {
    Map<String, QuantizedActivation> out = new LinkedHashMap<>();
    collectQuantizers(block(), "", out);
    return out;
  }

  private static void collectQuantizers(Block block, String prefix, Map<String, QuantizedActivation> out) {
    for (var child : block.getChildren()) {
      String name = prefix + ParameterNames.stripIndex(child.getKey());
      if (child.getValue() instanceof QuantizedActivation q) {
        out.put(name, q);
      } else {
        collectQuantizers(child.getValue(), name + ".", out);
      }
    }
  }

  /**
   * The output level index of every unit of every quantizer for one batch (N×…, flattened per
   * layer), as plain arrays: what an attack changed inside the network.
   */
  public Map<String, int[]> quantizerLevels(NDArray images) {
    Map<String, int[]> out = new LinkedHashMap<>();
    Map<String, QuantizedActivation> qs = quantizersByName();
    try {
      qs.forEach((name, q) -> {
        float delta = QuantizedActivation.step(q.spec().levels());
        q.setTap(a -> {
          float[] v = a.toFloatArray();
          int[] idx = new int[v.length];
          for (int i = 0; i < v.length; i++) {
            idx[i] = Math.round((v[i] + 1f) / delta);
          }
          out.put(name, idx);
        });
      });
      try (NDManager tmp = manager().newSubManager()) {
        NDArray x = images.duplicate();
        x.attach(tmp);
        logits(x, false).attach(tmp);
      }
    } finally {
      qs.values().forEach(q -> q.setTap(null));
    }
    return out;
  }

  @Override
  public void close() {
    model.close();
  }

  /** A plain copy of one parameter: shape and values in row-major order. */
  public record Tensor(long[] shape, float[] values) {}
}
