package dqa.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dqa.nn.Architecture;
import dqa.nn.ModelExport;
import dqa.nn.Network;
import dqa.nn.NetworkSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads an exported .npz back as NumPy would and compares it with the network's weights. */
@Tag("engine")
class NpzExportTest {
  private static final Pattern SHAPE = Pattern.compile("'shape': \\(([0-9, ]*)\\)");

  record Npy(long[] shape, float[] values) {}

  static Npy parse(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals((byte) 0x93, b.get());
    byte[] magic = new byte[5];
    b.get(magic);
    assertEquals("NUMPY", new String(magic, StandardCharsets.US_ASCII));
    assertEquals(1, b.get());
    assertEquals(0, b.get());
    int headerLen = Short.toUnsignedInt(b.getShort());
    assertEquals(0, (10 + headerLen) % 64, "npy header must align to 64 bytes");
    String header = new String(bytes, 10, headerLen, StandardCharsets.US_ASCII);
    assertTrue(header.contains("'descr': '<f4'") && header.contains("'fortran_order': False"), header);
    Matcher m = SHAPE.matcher(header);
    assertTrue(m.find(), header);
    long[] shape =
        java.util.Arrays.stream(m.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
    b.position(10 + headerLen);
    float[] values = new float[b.remaining() / 4];
    b.asFloatBuffer().get(values);
    return new Npy(shape, values);
  }

  @Test
  void exportedWeightsReadBackWithPyTorchNamesShapesAndValues(@TempDir Path tmp) throws Exception {
    NetworkSpec spec =
        new NetworkSpec("mnist", Architecture.LENET, NetworkSpec.parseActivations("dqa:2"), 1, 28, 28, 10,
            List.of(0.1307f), List.of(0.3081f));
    Path file = tmp.resolve("lenet.npz");
    Map<String, Network.Tensor> expected;
    try (Network net = Network.create(spec, Device.cpu(), 11)) {
      expected = net.namedParameters();
      ModelExport.toNpz(net, file);
    }
    Map<String, Npy> read = new HashMap<>();
    String description;
    try (ZipFile zip = new ZipFile(file.toFile())) {
      description = new String(zip.getInputStream(zip.getEntry("model.json")).readAllBytes(), StandardCharsets.UTF_8);
      for (var e : java.util.Collections.list(zip.entries())) {
        if (e.getName().endsWith(".npy")) {
          read.put(e.getName().replace(".npy", ""), parse(zip.getInputStream(e).readAllBytes()));
        }
      }
    }
    assertArrayEquals(new long[] {20, 1, 5, 5}, read.get("conv1.weight").shape());
    assertArrayEquals(new long[] {500, 800}, read.get("fc1.weight").shape());
    assertArrayEquals(new long[] {10}, read.get("fc2.bias").shape());
    assertArrayEquals(new long[] {1, 3}, read.get("act2.thresholds").shape());
    assertArrayEquals(new float[] {-2f / 3, 0, 2f / 3}, read.get("act2.thresholds").values(), 1e-6f);
    for (var e : expected.entrySet()) {
      assertArrayEquals(e.getValue().values(), read.get(e.getKey()).values(), 0f, e.getKey());
    }
    assertTrue(description.contains("\"architecture\" : \"lenet\""), description);
    assertTrue(description.contains("dqa:2"), description);
  }
}
