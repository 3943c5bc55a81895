package dqa.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dqa.attack.Attack;
import dqa.attack.AttackContext;
import dqa.attack.AttackResult;
import dqa.attack.Fgsm;
import dqa.attack.Pgd;
import dqa.data.DatasetId;
import dqa.data.DatasetLoader;
import dqa.data.LabeledImages;
import dqa.nn.Architecture;
import dqa.nn.Network;
import dqa.nn.NetworkSpec;
import dqa.run.CancellationToken;
import dqa.run.ProgressListener;
import dqa.run.TorchEngine;
import dqa.train.Batches;
import dqa.train.InMemoryTraining;
import dqa.train.ModelCard;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The same work gives bit-identical numbers while another thread keeps the garbage collector busy.
 *
 * <p>Guards the three engine faults found behind "the same command answers differently": oneDNN
 * convolutions with channel counts that are not multiples of 16 ({@code ChannelAlignedConv2d}),
 * padded lanes read from uninitialised memory (checked with {@link TorchEngine#withJunkFilledMemory}),
 * and number operands freed while a recorded graph still reads them ({@code Scalars}). LeNet (20 and 50 channels) is the network that
 * met them, so the shipped {@code lenet} models are tested; the tiny 16/32-channel test CNN never
 * did. Before the fixes every check here failed: an evaluation repetition scored 98.6 % where the
 * card says 98.7 %, PGD's adversarial images differed between repetitions, and dqa:2 training
 * reached a NaN loss.
 */
@Tag("engine")
class DeterminismUnderGcTest {
  static final Path MODELS = Path.of("models");
  static final int REPEATS = 3;
  static LabeledImages sample;
  static LabeledImages train;

  private Thread pressure;
  private volatile boolean stop;

  @BeforeAll
  static void load() {
    Path dir = Path.of(System.getProperty("dqa.assets", "assets"), "sample", "mnist");
    var data = DatasetLoader.load(DatasetId.MNIST, dir);
    sample = data.test();
    train = data.train().head(640);
  }

  /** A collection every ~20 ms, and freed direct buffers full of 0xFF (what white pixels leave). */
  @BeforeEach
  void startGcPressure() {
    stop = false;
    byte[] white = new byte[100_352];
    Arrays.fill(white, (byte) 0xFF);
    pressure =
        new Thread(
            () -> {
              List<Object> keep = new ArrayList<>();
              while (!stop) {
                keep.add(ByteBuffer.allocateDirect(white.length).put(white));
                keep.add(new float[1 << 16]);
                if (keep.size() > 16) {
                  keep.clear();
                  System.gc();
                }
                try {
                  Thread.sleep(2);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "gc-pressure");
    pressure.setDaemon(true);
    pressure.start();
  }

  @AfterEach
  void stopGcPressure() throws InterruptedException {
    stop = true;
    pressure.join(10_000);
  }

  /** With every engine allocation full of NaN bytes the numbers are the same: no kernel reads memory it did not write. */
  @Test
  void noKernelReadsMemoryItDidNotWrite() {
    LabeledImages images = sample.head(128);
    for (String name : List.of("lenet-relu", "lenet-dqa2")) {
      try (Network net = Network.load(MODELS.resolve(name), Device.cpu())) {
        float[] logits = logits(net, images);
        float[] poisoned = TorchEngine.withJunkFilledMemory(() -> logits(net, images));
        assertArrayEquals(logits, poisoned, name + ": logits with junk-filled memory");
        Attack pgd = Pgd.linf(0.3, 0.01, 5);
        AttackResult clean = attack(net, pgd, images);
        AttackResult junk = TorchEngine.withJunkFilledMemory(() -> attack(net, pgd, images));
        assertArrayEquals(clean.adversarial(), junk.adversarial(), name + ": PGD with junk-filled memory");
      }
    }
    NetworkSpec spec =
        new NetworkSpec("mnist", Architecture.LENET, NetworkSpec.parseActivations("dqa:2"), 1, 28, 28, 10,
            List.of(0.1307f), List.of(0.3081f));
    Supplier<Map<String, Network.Tensor>> trainOnce =
        () -> {
          try (Network net = Network.create(spec, Device.cpu(), 5)) {
            new InMemoryTraining(1, 1e-3, 64, 5).fit(net, train.head(256), ProgressListener.NONE, CancellationToken.none());
            return net.namedParameters();
          }
        };
    Map<String, Network.Tensor> normal = trainOnce.get();
    Map<String, Network.Tensor> poisoned = TorchEngine.withJunkFilledMemory(trainOnce);
    for (var e : normal.entrySet()) {
      assertArrayEquals(e.getValue().values(), poisoned.get(e.getKey()).values(),
          "dqa:2 training, " + e.getKey() + ", with junk-filled memory");
    }
  }

  @Test
  void evaluatingAShippedLenetGivesIdenticalLogitsAndItsCardsAccuracy() throws Exception {
    for (String name : List.of("lenet-relu", "lenet-dqa2")) {
      Path dir = MODELS.resolve(name);
      ModelCard card = ModelCard.read(dir);
      try (Network net = Network.load(dir, Device.cpu())) {
        float[] first = null;
        for (int r = 0; r < REPEATS; r++) {
          float[] logits = logits(net, sample);
          assertTrue(allFinite(logits), name + ": non-finite logits in repetition " + r);
          if (first == null) {
            first = logits;
          } else {
            assertArrayEquals(first, logits, name + ": repetition " + r + " differs from the first");
          }
          double accuracy = accuracy(logits, sample);
          assertEquals(card.sampleAccuracy(), accuracy, 1e-9, name + " on the bundled sample, repetition " + r);
        }
      }
    }
  }

  @Test
  void fgsmAndPgdOnFixedImagesGiveIdenticalAdversarialImages() {
    LabeledImages images = sample.head(128);
    try (Network net = Network.load(MODELS.resolve("lenet-relu"), Device.cpu())) {
      for (Attack attack : List.of(Fgsm.of(0.1), Pgd.linf(0.3, 0.01, 10))) {
        AttackResult first = null;
        for (int r = 0; r < REPEATS; r++) {
          AttackResult result = attack(net, attack, images);
          if (first == null) {
            first = result;
          } else {
            assertArrayEquals(first.adversarial(), result.adversarial(), attack.describe() + ", repetition " + r);
            assertArrayEquals(first.success(), result.success(), attack.describe() + ", repetition " + r);
          }
        }
      }
    }
  }

  @Test
  void trainingFromASeedGivesIdenticalWeights() {
    for (String activation : List.of("relu", "dqa:2")) {
      Supplier<Map<String, Network.Tensor>> trainOnce =
          () -> {
            NetworkSpec spec =
                new NetworkSpec("mnist", Architecture.LENET, NetworkSpec.parseActivations(activation), 1, 28, 28, 10,
                    List.of(0.1307f), List.of(0.3081f));
            try (Network net = Network.create(spec, Device.cpu(), 7)) {
              double[] losses = new InMemoryTraining(1, 1e-3, 64, 7).fit(net, train, ProgressListener.NONE,
                  CancellationToken.none());
              assertTrue(Double.isFinite(losses[0]), activation + ": loss " + losses[0]);
              return net.namedParameters();
            }
          };
      Map<String, Network.Tensor> first = trainOnce.get();
      for (int r = 1; r < REPEATS; r++) {
        Map<String, Network.Tensor> again = trainOnce.get();
        assertEquals(first.keySet(), again.keySet());
        for (var e : first.entrySet()) {
          assertTrue(allFinite(e.getValue().values()), activation + " " + e.getKey() + " is not finite");
          assertArrayEquals(e.getValue().values(), again.get(e.getKey()).values(),
              activation + ": " + e.getKey() + " after training, repetition " + r);
        }
      }
    }
  }

  private static AttackResult attack(Network net, Attack attack, LabeledImages images) {
    try (NDManager m = net.manager().newSubManager()) {
      NDArray x = Batches.images(m, images, null, 0, images.count(), null);
      NDArray y = Batches.labels(m, images, null, 0, images.count());
      return attack.run(net, x, y, null, AttackContext.of(11));
    }
  }

  private static float[] logits(Network net, LabeledImages data) {
    float[] out = new float[data.count() * 10];
    for (int from = 0; from < data.count(); from += 128) {
      int to = Math.min(data.count(), from + 128);
      try (NDManager m = net.manager().newSubManager()) {
        NDArray x = Batches.images(m, data, null, from, to, null);
        float[] batch = net.logits(x, false).toFloatArray();
        System.arraycopy(batch, 0, out, from * 10, batch.length);
      }
    }
    return out;
  }

  private static double accuracy(float[] logits, LabeledImages data) {
    int correct = 0;
    for (int i = 0; i < data.count(); i++) {
      int best = 0;
      for (int c = 1; c < 10; c++) {
        if (logits[i * 10 + c] > logits[i * 10 + best]) {
          best = c;
        }
      }
      correct += best == data.label(i) ? 1 : 0;
    }
    return (double) correct / data.count();
  }

  private static boolean allFinite(float[] values) {
    for (float v : values) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
