package dqa.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import dqa.attack.Attack;
import dqa.attack.AttackSettings;
import dqa.data.Dataset;
import dqa.data.DatasetId;
import dqa.data.DatasetLoader;
import dqa.data.DatasetLocator;
import dqa.data.LabeledImages;
import dqa.eval.RobustAccuracy;
import dqa.nn.Network;
import dqa.run.AppPaths;
import dqa.run.CancellationToken;
import dqa.run.DeviceChoice;
import dqa.run.EngineWorker;
import dqa.run.Json;
import dqa.run.ProgressListener;
import dqa.run.TorchEngine;
import dqa.run.UserException;
import dqa.train.Batches;
import dqa.train.ModelLocator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code selftest} (also {@code dqa-workbench --selftest}): checks that an installation works end to
 * end, without a display and without the network.
 *
 * <p>Steps: load the engine; load a shipped model ({@code lenet-relu} when present, else the first
 * folder of the models folder with a {@code card.json}); load the bundled sample of the model's data
 * set; run one FGSM batch (64 test images, ε 0.2) and check that accuracy drops; classify the same
 * batch twice, with a garbage collection between and the second time with every engine allocation
 * filled with NaN bytes ({@link TorchEngine#withJunkFilledMemory}), and check that the logits are
 * bit-identical (numbers that change from run to run, or with memory contents, are not results).
 * The last line on stdout is always a one-line JSON verdict: {@code {"ok": true, "engine", "model", "clean_accuracy", "fgsm_accuracy",
 * "deterministic", "seconds", ...}} with exit code 0, or {@code {"ok": false, "step", "message", ...}}
 * with exit code 1. A failing step never prints a stack trace.
 */
@Command(
    name = "selftest",
    mixinStandardHelpOptions = true,
    description = "Check the installation: engine, a shipped model, the bundled sample, one FGSM batch, "
        + "the same logits twice. "
        + "Prints a one-line JSON verdict last; exit 0 when it passed, 1 when a step failed.")
final class SelftestCommand implements Callable<Integer> {
  /** The shipped model tried first. */
  static final String PREFERRED_MODEL = "lenet-relu";

  @Option(names = "--model", paramLabel = "DIR|NAME", description = "Model to test (default: lenet-relu, else the first shipped model with a card).")
  String model;

  @Option(names = "--images", defaultValue = "64", description = "Test images in the FGSM batch (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(names = "--eps", defaultValue = "0.2", description = "FGSM budget in [0,1] pixel units (default: ${DEFAULT-VALUE}).")
  double eps;

  @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--json", description = "Print only the JSON verdict on stdout (no step lines).")
  boolean json;

  /**
   * The verdict, printed as one JSON line. On success {@code step} and {@code message} are null; on
   * failure the values not reached yet are null (and left out).
   */
  record Verdict(
      boolean ok,
      String step,
      String message,
      String engine,
      String device,
      String model,
      String dataset,
      Integer images,
      Double eps,
      Double cleanAccuracy,
      Double fgsmAccuracy,
      Boolean deterministic,
      double seconds) {}

  /** What the steps found so far; filled in as they pass. */
  private static final class Findings {
    volatile String step = "engine";
    volatile String engine;
    volatile String device;
    volatile String model;
    volatile String dataset;
    volatile Double clean;
    volatile Double fgsm;
    volatile Boolean deterministic;
  }

  @Override
  public Integer call() {
    long start = System.nanoTime();
    PrintStream out = System.out;
    Findings f = new Findings();
    Verdict verdict;
    try {
      if (images < 1) {
        throw new UserException("--images must be at least 1");
      }
      if (!(eps > 0 && eps <= 1)) {
        throw new UserException("--eps must be in (0, 1]");
      }
      DeviceChoice choice = DeviceChoice.parse(device);
      AppPaths paths = AppPaths.detect();
      EngineWorker.shared().call(() -> {
        runSteps(paths, choice, f, out);
        return null;
      });
      verdict = new Verdict(true, null, null, f.engine, f.device, f.model, f.dataset, images, eps, f.clean, f.fgsm,
          f.deterministic, seconds(start));
    } catch (Throwable t) { // NOPMD: a self-test reports every failure as its verdict, never as a stack trace
      if (t instanceof VirtualMachineError && !(t instanceof OutOfMemoryError)) {
        throw (VirtualMachineError) t;
      }
      verdict = new Verdict(false, f.step, describe(t), f.engine, f.device, f.model, f.dataset, images, eps, f.clean,
          f.fgsm, f.deterministic, seconds(start));
      if (!json) {
        out.println("selftest: step " + f.step + " FAILED: " + verdict.message());
      }
    }
    out.println(oneLine(verdict));
    out.flush();
    return verdict.ok() ? 0 : Cli.EXIT_INTERNAL;
  }

  private void runSteps(AppPaths paths, DeviceChoice choice, Findings f, PrintStream out) {
    long t = System.nanoTime();
    f.step = "engine";
    Engine engine = TorchEngine.get();
    DeviceChoice.Resolved resolved = choice.resolve(choice == DeviceChoice.CPU ? 0 : engine.getGpuCount());
    f.engine = engine.getEngineName() + " " + engine.getVersion() + " (DJL " + Engine.getDjlVersion() + ")";
    f.device = resolved.label();
    step(out, "engine " + f.engine + " on " + f.device
        + (resolved.notice() == null ? "" : " (" + resolved.notice() + ")"), t);

    t = System.nanoTime();
    f.step = "model";
    Path dir = model == null ? defaultModel(paths.models()) : ModelLocator.resolve(model, paths.models());
    f.model = dir.getFileName().toString();
    try (Network net = Network.load(dir, resolved.device())) {
      step(out, "model " + f.model + " (" + net.spec().label() + ", " + dir + ")", t);

      t = System.nanoTime();
      f.step = "data";
      f.dataset = net.spec().dataset();
      LabeledImages test = bundledTestImages(paths, f.dataset).head(images);
      step(out, "data " + f.dataset + " bundled sample, " + test.count() + " test images (" + paths.bundledSample() + ")",
          t);

      t = System.nanoTime();
      f.step = "fgsm";
      Attack fgsm = AttackSettings.named("fgsm").withEps(eps).create(f.dataset);
      RobustAccuracy.Result r =
          RobustAccuracy.evaluate(net, test, fgsm, test.count(), 1, ProgressListener.NONE, CancellationToken.none());
      f.clean = r.cleanAccuracy();
      f.fgsm = r.accuracy();
      step(out, String.format(Locale.ROOT, "fgsm eps %.2f on %d images: clean %.1f %%, under attack %.1f %%", eps,
          r.n(), 100 * r.cleanAccuracy(), 100 * r.accuracy()), t);

      t = System.nanoTime();
      f.step = "determinism";
      float[] first = logits(net, test);
      forceCollection();
      // The second pass with every engine allocation full of NaN bytes: a kernel reading memory it
      // did not write shows up as a difference instead of passing on lucky memory contents.
      float[] second;
      String between = "a collection and junk-filled memory";
      try {
        second = TorchEngine.withJunkFilledMemory(() -> logits(net, test));
      } catch (IllegalStateException noSwitch) {
        // A libtorch without the allocator switch can still be checked for run-to-run changes.
        second = logits(net, test);
        between = "a collection (this libtorch cannot junk-fill its memory)";
      }
      f.deterministic = Arrays.equals(first, second);
      step(out, "determinism: the same " + test.count() + " images twice, " + between + " between: "
          + (f.deterministic ? "identical logits" : "DIFFERENT logits"), t);

      f.step = "check";
      if (r.cleanAccuracy() < 0.5) {
        throw new IllegalStateException(String.format(Locale.ROOT,
            "clean accuracy %.3f is below 0.5: the model or the sample data is broken", r.cleanAccuracy()));
      }
      if (!(r.accuracy() < r.cleanAccuracy())) {
        throw new IllegalStateException(String.format(Locale.ROOT,
            "FGSM did not lower accuracy (clean %.3f, under attack %.3f): attack gradients are broken",
            r.cleanAccuracy(), r.accuracy()));
      }
      if (!f.deterministic) {
        throw new IllegalStateException(String.format(Locale.ROOT,
            "the same images gave different logits twice (largest difference %g): results on this machine are not"
                + " reproducible (the engine reads memory it did not write, or depends on the run)",
            largestDifference(first, second)));
      }
    }
  }

  private static float[] logits(Network net, LabeledImages images) {
    try (NDManager batch = net.manager().newSubManager()) {
      NDArray x = Batches.images(batch, images, null, 0, images.count(), null);
      return net.logits(x, false).toFloatArray();
    }
  }

  /** Frees what the first pass left for the collector, as a long session would, before the second. */
  private static void forceCollection() {
    for (int i = 0; i < 8; i++) {
      ByteBuffer junk = ByteBuffer.allocateDirect(1 << 16);
      junk.put(0, (byte) -1);
    }
    System.gc();
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static double largestDifference(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      double d = Math.abs((double) a[i] - b[i]);
      max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(max, d);
    }
    return max;
  }

  /** {@value #PREFERRED_MODEL} when it is shipped, else the first model folder (by name) with a card. */
  static Path defaultModel(Path modelsDir) {
    Path preferred = modelsDir.resolve(PREFERRED_MODEL);
    if (isShippedModel(preferred)) {
      return preferred;
    }
    if (!Files.isDirectory(modelsDir)) {
      throw new UserException("no models folder at " + modelsDir + " (set DQA_MODELS or -Ddqa.models)");
    }
    try (Stream<Path> s = Files.list(modelsDir)) {
      List<Path> dirs = s.filter(SelftestCommand::isShippedModel).sorted().toList();
      return dirs.stream().findFirst()
          .orElseThrow(() -> new UserException("no shipped model (a folder with card.json and model.json) in " + modelsDir));
    } catch (IOException e) {
      throw new UserException("cannot list " + modelsDir + ": " + e.getMessage(), e);
    }
  }

  private static boolean isShippedModel(Path dir) {
    return Files.isRegularFile(dir.resolve("card.json")) && Files.isRegularFile(dir.resolve(Network.SPEC_FILE));
  }

  /** The test images of the bundled sample only: the self-test must not depend on the user's data. */
  private static LabeledImages bundledTestImages(AppPaths paths, String dataset) {
    DatasetId id = DatasetId.parse(dataset);
    DatasetLocator bundled = new DatasetLocator(List.of(), null, List.of(), paths.bundledSample());
    Dataset data =
        DatasetLoader.load(
            bundled.locate(id)
                .orElseThrow(() -> new UserException("no bundled sample of " + id.key() + " in " + paths.bundledSample()
                    + " (set DQA_ASSETS or -Ddqa.assets)")));
    return data.test();
  }

  private void step(PrintStream out, String what, long startNanos) {
    if (!json) {
      out.printf(Locale.ROOT, "selftest: %s (%.1f s)%n", what, seconds(startNanos));
    }
  }

  private static double seconds(long startNanos) {
    return Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0;
  }

  /** One line naming the problem: the message of the deepest cause that has one. */
  static String describe(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof java.util.concurrent.ExecutionException
            || cause instanceof java.util.concurrent.CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = Optional.ofNullable(cause.getMessage()).orElse("");
    for (Throwable c = cause.getCause(); message.isBlank() && c != null; c = c.getCause()) {
      message = Optional.ofNullable(c.getMessage()).orElse("");
    }
    String kind = cause instanceof UserException || cause instanceof IllegalStateException ? "" : cause.getClass().getSimpleName() + ": ";
    return (kind + message).replace('\n', ' ').trim();
  }

  static String oneLine(Verdict verdict) {
    try {
      return Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(verdict);
    } catch (JsonProcessingException e) {
      return "{\"ok\":false,\"step\":\"report\",\"message\":\"cannot write the verdict\"}";
    }
  }
}
