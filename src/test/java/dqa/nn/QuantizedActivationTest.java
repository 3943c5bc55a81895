package dqa.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("engine")
class QuantizedActivationTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private QuantizedActivation block(String spec, GradientSwitch sw, long channels) {
    QuantizedActivation q = new QuantizedActivation(ActivationSpec.parse(spec), sw);
    q.initialize(manager, DataType.FLOAT32, new Shape(1, channels));
    return q;
  }

  private float[] forward(QuantizedActivation q, float... x) {
    NDArray in = manager.create(x).reshape(1, x.length);
    return q.forward(new ParameterStore(manager, false), new NDList(in), false).singletonOrThrow().toFloatArray();
  }

  @Test
  void oneBitIsSign() {
    var q = block("fixed:1", new GradientSwitch(GradientMode.exact()), 5);
    assertArrayEquals(new float[] {-1, -1, 1, 1, 1}, forward(q, -3f, -0.01f, 0f, 0.2f, 7f));
  }

  @Test
  void twoBitLevelsAndMidpointThresholds() {
    var q = block("fixed:2", new GradientSwitch(GradientMode.exact()), 7);
    float third = 1f / 3f;
    // Thresholds at -2/3, 0, 2/3; an input on a threshold goes up.
    assertArrayEquals(
        new float[] {-1, -1, -third, third, third, 1, 1},
        forward(q, -5f, -0.7f, -0.66f, 0f, 0.5f, 0.67f, 2f),
        1e-6f);
  }

  @Test
  void threeBitHasEightEvenLevels() {
    var q = block("fixed:3", new GradientSwitch(GradientMode.exact()), 8);
    float[] in = new float[8];
    float[] expected = new float[8];
    for (int i = 0; i < 8; i++) {
      expected[i] = -1f + i * 2f / 7f;
      in[i] = expected[i] + 0.01f * (i % 2 == 0 ? 1 : -1);
    }
    assertArrayEquals(expected, forward(q, in), 1e-6f);
  }

  @Test
  void dqaStartsEqualToFixed() {
    float[] in = {-2f, -0.9f, -0.5f, -0.2f, 0.05f, 0.4f, 0.8f, 3f};
    var fixed = block("fixed:3", new GradientSwitch(GradientMode.exact()), in.length);
    var dqa = block("dqa:3", new GradientSwitch(GradientMode.exact()), in.length);
    assertArrayEquals(forward(fixed, in), forward(dqa, in), 1e-6f);
  }

  private float[] inputGradient(QuantizedActivation q, float... x) {
    NDArray in = manager.create(x).reshape(1, x.length);
    in.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray out = q.forward(new ParameterStore(manager, false), new NDList(in), true).singletonOrThrow();
      gc.backward(out.sum());
    }
    return in.getGradient().toFloatArray();
  }

  @Test
  void straightThroughIsOneInsideTheClipWindowAndZeroOutside() {
    var q = block("fixed:2", new GradientSwitch(GradientMode.ste()), 5);
    assertArrayEquals(new float[] {0, 1, 1, 1, 0}, inputGradient(q, -1.5f, -0.9f, 0.1f, 0.99f, 1.2f));
  }

  @Test
  void exactGradientIsZero() {
    for (String spec : new String[] {"fixed:1", "fixed:2", "dqa:2"}) {
      var q = block(spec, new GradientSwitch(GradientMode.exact()), 4);
      assertArrayEquals(new float[4], inputGradient(q, -0.9f, -0.1f, 0.3f, 0.8f), spec);
    }
  }

  @Test
  void surrogateGradientPeaksAtThresholds() {
    // fixed:1, sharpness 4, Δ = 2: slope at the threshold is Δ·σ'(0)·τ/Δ = τ/4 = 1.
    var q = block("fixed:1", new GradientSwitch(GradientMode.surrogate(4)), 3);
    float[] g = inputGradient(q, 0f, 0.5f, 3f);
    assertEquals(1f, g[0], 1e-5f);
    assertTrue(g[1] > 0 && g[1] < g[0]);
    assertTrue(g[2] < 0.01f);
  }

  @Test
  void gradientModeSwitchRestoresOnClose() {
    GradientSwitch sw = new GradientSwitch(GradientMode.ste());
    try (var scope = sw.use(GradientMode.exact())) {
      assertEquals(GradientMode.exact(), sw.mode());
    }
    assertEquals(GradientMode.ste(), sw.mode());
  }

  @Test
  void dqaThresholdsReceiveGradientsAndStayOrdered() {
    GradientSwitch sw = new GradientSwitch(GradientMode.ste());
    var q = block("dqa:2/channel", sw, 3);
    ParameterStore store = new ParameterStore(manager, false);
    var rng = new java.util.Random(3);
    for (int step = 0; step < 50; step++) {
      float[] x = new float[3 * 64];
      float[] target = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) rng.nextGaussian() * 0.6f;
        // A target that wants thresholds shifted: pushes the learned staircase away from midpoints.
        target[i] = x[i] > 0.3f ? 1f : -1f;
      }
      NDArray in = manager.create(x).reshape(64, 3);
      NDArray tgt = manager.create(target).reshape(64, 3);
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray out = q.forward(store, new NDList(in), true).singletonOrThrow();
        gc.backward(out.sub(tgt).square().mean());
      }
      for (var p : q.getParameters().values()) {
        NDArray grad = p.getArray().getGradient();
        if (step == 0) {
          assertTrue(grad.abs().sum().getFloat() > 0, "threshold parameter " + p.getName() + " has no gradient");
        }
        p.getArray().subi(grad.mul(0.5f));
        p.getArray().getGradient().subi(grad);
      }
    }
    float[] t = flatten(q.thresholdValues());
    assertEquals(9, t.length);
    for (int c = 0; c < 3; c++) {
      assertTrue(t[c * 3] < t[c * 3 + 1] && t[c * 3 + 1] < t[c * 3 + 2], "thresholds out of order");
    }
    assertTrue(Math.abs(t[0] - (-2f / 3f)) > 0.05f, "thresholds did not move: " + t[0]);
  }

  private static float[] flatten(float[][] t) {
    float[] out = new float[t.length * t[0].length];
    for (int r = 0; r < t.length; r++) {
      System.arraycopy(t[r], 0, out, r * t[0].length, t[0].length);
    }
    return out;
  }
}
