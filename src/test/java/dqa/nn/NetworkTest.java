package dqa.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dqa.run.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("engine")
class NetworkTest {

  static NetworkSpec mnistSpec(String arch, String act) {
    return new NetworkSpec(
        "mnist", Architecture.parse(arch), NetworkSpec.parseActivations(act), 1, 28, 28, 10, List.of(0.1307f), List.of(0.3081f));
  }

  static NetworkSpec cifarSpec(String act) {
    return new NetworkSpec(
        "cifar10", Architecture.RESNET20, NetworkSpec.parseActivations(act), 3, 32, 32, 10,
        List.of(0.49f, 0.48f, 0.45f), List.of(0.25f, 0.24f, 0.26f));
  }

  @Test
  void lenetHasTheSpecifiedParameterCount() {
    try (Network net = Network.create(mnistSpec("lenet", "relu"), Device.cpu(), 1)) {
      // conv 20·25+20, conv 50·20·25+50, fc 800·500+500, fc 500·10+10
      assertEquals(520 + 25_050 + 400_500 + 5_010, net.parameterCount());
    }
  }

  @Test
  void parameterCountFromLayerSizesMatchesTheBuiltNetwork() {
    for (String arch : new String[] {"lenet", "cnn", "lenet-wide", "linear"}) {
      for (String act : new String[] {"relu", "dqa:2", "dqa:3/channel"}) {
        NetworkSpec spec = mnistSpec(arch, act);
        try (Network net = Network.create(spec, Device.cpu(), 1)) {
          assertEquals(net.parameterCount(), spec.architecture().parameterCount(spec), arch + "/" + act);
        }
      }
    }
    for (String act : new String[] {"relu", "dqa:2/channel"}) {
      NetworkSpec spec = cifarSpec(act);
      try (Network net = Network.create(spec, Device.cpu(), 1)) {
        assertEquals(net.parameterCount(), spec.architecture().parameterCount(spec), "resnet20/" + act);
      }
    }
  }

  @Test
  void resnet20ClassifiesColourImages() {
    try (Network net = Network.create(cifarSpec("fixed:2"), Device.cpu(), 1);
        NDManager m = net.manager().newSubManager()) {
      NDArray x = m.randomUniform(0f, 1f, new ai.djl.ndarray.types.Shape(2, 3, 32, 32));
      assertEquals(new ai.djl.ndarray.types.Shape(2, 10), net.logits(x, false).getShape());
      assertEquals(19, net.quantizers().size());
      long params = net.parameterCount();
      assertTrue(params > 260_000 && params < 280_000, "resnet20 has about 0.27 M parameters: " + params);
    }
  }

  @Test
  void saveThenLoadGivesBitIdenticalPredictions(@TempDir Path tmp) {
    Path dir = tmp.resolve("model");
    float[] before;
    float[] input;
    try (Network net = Network.create(mnistSpec("lenet", "relu,fixed:2,dqa:2"), Device.cpu(), 7);
        NDManager m = net.manager().newSubManager()) {
      NDArray x = m.randomUniform(0f, 1f, Network.inputShape(net.spec(), 4));
      input = x.toFloatArray();
      before = net.logits(x, false).toFloatArray();
      net.save(dir);
    }
    assertTrue(Files.isRegularFile(dir.resolve(Network.SPEC_FILE)));
    try (Network loaded = Network.load(dir, Device.cpu());
        NDManager m = loaded.manager().newSubManager()) {
      assertEquals("lenet/relu,fixed:2,dqa:2", loaded.spec().label());
      NDArray x = m.create(input, Network.inputShape(loaded.spec(), 4));
      assertArrayEquals(before, loaded.logits(x, false).toFloatArray(), 0f);
      assertEquals(1, loaded.dqaThresholds().size());
    }
  }

  @Test
  void sameSeedGivesSameWeights() {
    try (Network a = Network.create(mnistSpec("cnn", "dqa:2"), Device.cpu(), 5);
        Network b = Network.create(mnistSpec("cnn", "dqa:2"), Device.cpu(), 5)) {
      var pa = a.namedParameters();
      var pb = b.namedParameters();
      assertEquals(pa.keySet(), pb.keySet());
      for (String k : pa.keySet()) {
        assertArrayEquals(pa.get(k).values(), pb.get(k).values(), 0f, k);
      }
    }
  }

  @Test
  void parametersHavePyTorchNames() {
    try (Network net = Network.create(mnistSpec("lenet", "dqa:2"), Device.cpu(), 1)) {
      var names = net.namedParameters().keySet();
      assertTrue(names.containsAll(List.of("conv1.weight", "conv1.bias", "fc1.weight", "fc2.bias", "act1.first", "act1.gaps")), names.toString());
    }
    try (Network net = Network.create(cifarSpec("relu"), Device.cpu(), 1)) {
      var names = net.namedParameters().keySet();
      assertTrue(names.contains("layer2_0.body.bn1.running_mean"), names.toString());
      assertTrue(names.contains("fc.weight"), names.toString());
    }
  }

  @Test
  void loadingAFolderWithoutAModelSaysSo(@TempDir Path tmp) {
    var e = assertThrows(UserException.class, () -> Network.load(tmp, Device.cpu()));
    assertTrue(e.getMessage().contains("not a model folder"), e.getMessage());
  }

  @Test
  void badActivationListsNameTheProblem() {
    var e = assertThrows(IllegalArgumentException.class, () -> mnistSpec("lenet", "relu,relu"));
    assertTrue(e.getMessage().contains("3 hidden activations"), e.getMessage());
    var u = assertThrows(UserException.class, () -> ActivationSpec.parse("fixed:9"));
    assertTrue(u.getMessage().contains("fixed:9"), u.getMessage());
  }
}
