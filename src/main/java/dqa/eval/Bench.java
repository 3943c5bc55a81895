package dqa.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dqa.attack.AttackContext;
import dqa.attack.AttackLoss;
import dqa.attack.AttackSettings;
import dqa.attack.Fgsm;
import dqa.attack.Goal;
import dqa.attack.ModelAccess;
import dqa.attack.Pgd;
import dqa.data.Dataset;
import dqa.data.DatasetId;
import dqa.data.LabeledImages;
import dqa.nn.ActivationSpec;
import dqa.nn.Architecture;
import dqa.nn.GradientMode;
import dqa.nn.Network;
import dqa.nn.NetworkSpec;
import dqa.run.AtomicFiles;
import dqa.run.CancellationToken;
import dqa.run.DeviceChoice;
import dqa.run.ProcessMemory;
import dqa.run.ProgressListener;
import dqa.run.Provenance;
import dqa.run.TorchEngine;
import dqa.run.UserException;
import dqa.train.Accuracy;
import dqa.train.AdversarialConfig;
import dqa.train.Batches;
import dqa.train.RunFolder;
import dqa.train.TrainConfig;
import dqa.train.TrainResult;
import dqa.train.Training;
import dqa.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The performance benchmark behind {@code bench}: training and inference throughput, FGSM and PGD
 * step times, a full accuracy-vs-ε sweep with and without reuse across ε, and the process's memory
 * — each figure repeated, warm-up excluded, summarised as median, min and max.
 *
 * <p>What each figure times (docs/PERFORMANCE.md says the same for readers):
 *
 * <ul>
 *   <li><b>train</b>: the product's own training loop ({@link Training}, Adam at 1e-3, the given
 *       batch, straight-through gradients) on a fresh network; images per second from the end of
 *       the warm-up batches to the end of the last batch (per-batch bookkeeping included, the
 *       epoch-end test and checkpoint not).
 *   <li><b>infer</b>: uint8 batch → float → logits → correct count, images per second.
 *   <li><b>fgsm</b> / <b>pgd</b>: one attack step on a batch (input gradient through the network with
 *       frozen parameters, sign, update, projection), milliseconds per step; PGD's random start is
 *       spread over its steps.
 *   <li><b>sweep</b>: {@link Sweep} of one saved model under L∞ PGD at every ε, with reuse of
 *       broken examples across ε (the workbench's way) and without ({@code --no-reuse}), seconds for
 *       the whole sweep, plus the robust accuracies so the two can be compared.
 * </ul>
 *
 * <p>Runs on the calling thread, which must be the engine thread. Networks for train, infer, fgsm and
 * pgd are freshly initialised from the seed (their speed does not depend on the weights); the sweep
 * needs a trained model because reuse only pays when examples survive small budgets.
 */
public final class Bench {
  /** Format tag of the result, for scripts that read it. */
  public static final String FORMAT = "dqa-bench/1";

  private final Settings settings;
  private final Dataset data;
  private final ModelResolver models;
  private final ProgressListener progress;
  private final CancellationToken cancel;

  private Bench(Builder b) {
    this.settings = Objects.requireNonNull(b.settings, "settings");
    this.data = Objects.requireNonNull(b.data, "data");
    this.models = b.models;
    this.progress = b.progress;
    this.cancel = b.cancel;
    if (!data.id().key().equals(settings.dataset())) {
      throw new UserException("bench: the settings are for " + settings.dataset() + " but the data is " + data.id().key());
    }
    if ((settings.parts().contains(Part.SWEEP) || settings.parts().contains(Part.SLIDER)) && models == null) {
      throw new IllegalStateException("bench: the sweep needs a model resolver");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------------------------------------
  // Configuration and results

  /** The parts of the benchmark, selectable with {@code --only}. */
  public enum Part {
    TRAIN,
    INFER,
    FGSM,
    PGD,
    SWEEP,
    SLIDER;

    @com.fasterxml.jackson.annotation.JsonValue
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a comma list such as {@code infer,fgsm}; order and repeats do not matter. */
    public static Set<Part> parseList(String text) {
      if (text == null || text.isBlank()) {
        throw new UserException("--only: name at least one of " + keys());
      }
      Set<Part> out = EnumSet.noneOf(Part.class);
      for (String t : text.split(",")) {
        String k = t.trim().toLowerCase(Locale.ROOT);
        out.add(
            Arrays.stream(values())
                .filter(p -> p.key().equals(k))
                .findFirst()
                .orElseThrow(() -> new UserException("--only: '" + t.trim() + "' is not one of " + keys())));
      }
      return out;
    }

    static String keys() {
      return Arrays.stream(values()).map(Part::key).collect(Collectors.joining(", "));
    }
  }

  /** A network to time: an architecture with one activation in every hidden slot. */
  public record Workload(Architecture architecture, ActivationSpec activation) {
    public Workload {
      Objects.requireNonNull(architecture, "architecture");
      Objects.requireNonNull(activation, "activation");
    }

    /** Parses {@code arch/act}, e.g. {@code lenet/dqa:2} or {@code lenet-wide/relu}. */
    public static Workload parse(String text) {
      String t = text == null ? "" : text.trim();
      int slash = t.indexOf('/');
      if (slash < 0) {
        throw new UserException("network '" + text + "' must be arch/act, e.g. lenet/relu or lenet/dqa:2");
      }
      return new Workload(Architecture.parse(t.substring(0, slash)), ActivationSpec.parse(t.substring(slash + 1)));
    }

    public static List<Workload> parseList(String text) {
      if (text == null || text.isBlank()) {
        throw new UserException("--nets: name at least one network, e.g. lenet/relu");
      }
      return Arrays.stream(text.split(",")).map(Workload::parse).toList();
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String label() {
      return architecture.key() + "/" + activation;
    }

    NetworkSpec spec(DatasetId id) {
      return new NetworkSpec(
          id.key(), architecture, List.of(activation), id.channels(), id.height(), id.width(), id.numClasses(),
          boxed(id.mean()), boxed(id.std()));
    }
  }

  /**
   * What to measure and how.
   *
   * @param parts which figures to produce
   * @param repeats timed repetitions of every figure (after its warm-up), 1..100
   * @param batch images per batch for every figure, 1..65536
   * @param warmupBatches untimed batches before each figure's repetitions (training: at the start of
   *     every repetition, which trains a fresh network), 1..1000
   * @param trainBatches timed training batches per repetition; 0 = the rest of one epoch of the data
   * @param inferImages test images classified per repetition (capped at the test set), 1..
   * @param attackBatches timed attack batches per repetition for fgsm and pgd, 1..10000
   * @param attackEps the L∞ budget of the timed FGSM and PGD steps
   * @param pgdSteps PGD iterations per timed batch (the figure is per step)
   * @param pgdStep PGD step size of the timed batches and of the sweep
   * @param networks networks for train, infer, fgsm and pgd
   * @param sweepModel the saved model the sweep attacks (a folder, run folder or shipped name)
   * @param sweepImages first test images the sweep attacks
   * @param sweepEps the sweep's budgets
   * @param sweepSteps PGD iterations in the sweep
   * @param sliderModels the saved models whose ε slider frame is timed together (the Attack step's model
   *     and twin)
   * @param sliderImages first test images the slider shows
   */
  public record Settings(
      String dataset,
      List<Part> parts,
      int repeats,
      int batch,
      int warmupBatches,
      int trainBatches,
      int inferImages,
      int attackBatches,
      double attackEps,
      int pgdSteps,
      double pgdStep,
      List<Workload> networks,
      String sweepModel,
      int sweepImages,
      List<Double> sweepEps,
      int sweepSteps,
      List<String> sliderModels,
      int sliderImages,
      long seed,
      String device) {

    /** The workloads of the issue: three training networks, ten ε from 0 to 0.3, PGD-40 on 1,000 images. */
    public static final String DEFAULT_NETWORKS = "lenet/relu,lenet/dqa:2,lenet-wide/relu";

    /** The guided demo's pair: a quantized model and its full-precision twin, as the Attack step shows them. */
    public static final String DEFAULT_SLIDER_MODELS = "lenet-dqa2,lenet-relu";

    public Settings {
      dataset = DatasetId.parse(dataset).key();
      if (parts == null || parts.isEmpty()) {
        throw new IllegalArgumentException("bench: choose at least one part");
      }
      parts = List.copyOf(EnumSet.copyOf(parts));
      check(repeats >= 1 && repeats <= 100, "--repeats must be 1..100, got " + repeats);
      check(batch >= 1 && batch <= 65_536, "--batch must be 1..65536, got " + batch);
      check(warmupBatches >= 1 && warmupBatches <= 1000, "--warmup must be 1..1000 batches, got " + warmupBatches);
      check(trainBatches >= 0, "--train-batches must be 0 (one epoch) or positive, got " + trainBatches);
      check(inferImages >= 1, "--infer-images must be positive, got " + inferImages);
      check(attackBatches >= 1 && attackBatches <= 10_000, "--attack-batches must be 1..10000, got " + attackBatches);
      check(attackEps > 0 && attackEps <= 1, "--eps must be in (0, 1], got " + attackEps);
      check(pgdSteps >= 1 && pgdSteps <= 100_000, "--pgd-steps must be 1..100000, got " + pgdSteps);
      check(pgdStep > 0 && pgdStep <= 1, "--pgd-step must be in (0, 1], got " + pgdStep);
      networks = networks == null ? List.of() : List.copyOf(networks);
      boolean needsNets =
          parts.contains(Part.TRAIN) || parts.contains(Part.INFER) || parts.contains(Part.FGSM) || parts.contains(Part.PGD);
      check(!needsNets || !networks.isEmpty(), "--nets: name at least one network");
      check(sweepModel != null && !sweepModel.isBlank(), "--sweep-model is missing");
      check(sweepImages >= 1, "--sweep-images must be positive, got " + sweepImages);
      check(sweepEps != null && !sweepEps.isEmpty(), "--sweep-eps: give at least one ε");
      sweepEps = List.copyOf(new java.util.TreeSet<>(sweepEps));
      check(sweepEps.get(0) >= 0 && sweepEps.get(sweepEps.size() - 1) <= 1, "--sweep-eps must lie in [0, 1]");
      check(sweepSteps >= 1 && sweepSteps <= 100_000, "--sweep-steps must be 1..100000, got " + sweepSteps);
      sliderModels = sliderModels == null ? List.of() : List.copyOf(sliderModels);
      check(!parts.contains(Part.SLIDER) || !sliderModels.isEmpty(), "--slider-models: name at least one model");
      check(sliderImages >= 1 && sliderImages <= 256, "--slider-images must be 1..256, got " + sliderImages);
      if (device == null || device.isBlank()) {
        device = "auto";
      }
    }

    /** The defaults for a data set: every part, 3 repeats, batch 128. */
    public static Settings defaults(String dataset) {
      return new Settings(
          dataset, List.of(Part.values()), 3, 128, 5, 0, 10_000, 5, 0.3, 40, 0.01,
          Workload.parseList(DEFAULT_NETWORKS), "lenet-relu", 1000, defaultSweepEps(), 40,
          List.of(DEFAULT_SLIDER_MODELS.split(",")), 16, 1, "auto");
    }

    /** Ten budgets from 0 to 0.3, evenly spaced. */
    public static List<Double> defaultSweepEps() {
      List<Double> eps = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        eps.add(Math.round(i * 0.3 / 9 * 1e6) / 1e6);
      }
      return eps;
    }

    private static void check(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }

  /** Median, minimum and maximum of the repetitions, and the repetitions themselves. */
  public record Stats(double median, double min, double max, List<Double> samples) {
    public Stats {
      samples = List.copyOf(samples);
    }

    /** The summary of at least one sample; NaN samples are not allowed. */
    public static Stats of(List<Double> samples) {
      if (samples == null || samples.isEmpty()) {
        throw new IllegalArgumentException("no samples to summarise");
      }
      List<Double> sorted = new ArrayList<>(samples);
      for (Double s : sorted) {
        if (s == null || s.isNaN()) {
          throw new IllegalArgumentException("a sample is missing or NaN: " + samples);
        }
      }
      Collections.sort(sorted);
      int n = sorted.size();
      double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
      return new Stats(median, sorted.get(0), sorted.get(n - 1), samples);
    }
  }

  /**
   * One measured figure.
   *
   * @param part which part of the benchmark
   * @param network the network ({@code lenet/relu}) or, for the sweep, the model
   * @param metric what is measured, e.g. {@code images_per_second}
   * @param better {@code higher} or {@code lower}
   * @param work what one repetition does, in words
   * @param rssStartMb training only: resident memory at the end of the first repetition's warm-up
   * @param rssEndMb training only: resident memory at the end of the last repetition's timed batches
   *     (growth between the two, over repetitions that each train a fresh network, points at a leak)
   */
  public record Figure(
      String part, String network, String metric, String unit, String better, Stats stats, String work,
      Double rssStartMb, Double rssEndMb) {
    Figure(String part, String network, String metric, String unit, String better, Stats stats, String work) {
      this(part, network, metric, unit, better, stats, work, null, null);
    }
  }

  /**
   * The sweep, timed with and without reuse across ε.
   *
   * @param reuseSeconds whole-sweep time with reuse (the workbench's default)
   * @param noReuseSeconds whole-sweep time attacking every image at every ε
   * @param speedup median no-reuse time over median reuse time
   * @param robustAccuracyReuse robust accuracy per ε (same order as {@code eps}), last repetition
   * @param robustAccuracyNoReuse the same without reuse
   * @param attackedReuse images actually attacked per ε with reuse
   */
  public record SweepTiming(
      String model,
      String network,
      String attack,
      int images,
      List<Double> eps,
      double cleanAccuracy,
      Stats reuseSeconds,
      Stats noReuseSeconds,
      double speedup,
      List<Double> robustAccuracyReuse,
      List<Double> robustAccuracyNoReuse,
      List<Integer> attackedReuse) {}

  /**
   * The process's resident memory (MB, from /proc/self/status); null where /proc is not available.
   *
   * @param beforeEngineMb when the benchmark began, before its first engine work
   * @param startMb after the untimed engine warm-up (libtorch loaded): the baseline of the growth
   * @param endMb when the last part finished
   * @param peakMb the process's peak (VmHWM) over its whole life, start-up included
   * @param growthPercent from {@code startMb} to {@code endMb}
   * @param afterPartMb after each part, in the order run
   */
  public record Memory(
      Double beforeEngineMb, Double startMb, Double endMb, Double peakMb, Double growthPercent,
      Map<String, Double> afterPartMb) {}

  /** Threads and heap the numbers were measured with (they matter as much as the machine). */
  public record Environment(String ompNumThreads, String engineThreads, String engineInteropThreads, long maxHeapMb) {
    static Environment current() {
      return new Environment(
          System.getenv("OMP_NUM_THREADS"), System.getProperty("ai.djl.pytorch.num_threads"),
          System.getProperty("ai.djl.pytorch.num_interop_threads"), Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }
  }

  /** The data the figures were measured on. */
  public record Data(String dataset, String location, int trainImages, int testImages, String sha256) {}

  /** Everything {@code bench --json} prints. */
  public record Result(
      String format,
      Provenance provenance,
      Environment environment,
      Settings settings,
      Data data,
      List<Figure> figures,
      SweepTiming sweep,
      Memory memory,
      double seconds) {}

  // ---------------------------------------------------------------------------------------------
  // Running

  /** Runs the selected parts in the order train, infer, fgsm, pgd, sweep. */
  public Result run() {
    long start = System.nanoTime();
    var beforeEngine = ProcessMemory.current();
    DeviceChoice.Resolved resolved = DeviceChoice.parse(settings.device()).resolve();
    Device device = resolved.device();
    Map<String, Double> afterPart = new LinkedHashMap<>();
    List<Figure> figures = new ArrayList<>();
    SweepTiming sweep = null;
    warmUpEngine(device);
    var startMemory = ProcessMemory.current();
    int total = totalFigures();
    for (Part part : settings.parts()) {
      if (part == Part.SWEEP) {
        progress.progress(figures.size(), total, "sweep: " + settings.sweepModel());
        sweep = sweep(device);
      } else if (part == Part.SLIDER) {
        progress.progress(figures.size(), total, "slider: " + String.join(" + ", settings.sliderModels()));
        figures.add(slider());
      } else {
        for (Workload w : settings.networks()) {
          cancel.throwIfCancelled();
          progress.progress(figures.size(), total, part.key() + ": " + w.label());
          figures.add(
              switch (part) {
                case TRAIN -> train(w);
                case INFER -> infer(w, device);
                case FGSM -> fgsm(w, device);
                case PGD -> pgd(w, device);
                default -> throw new IllegalStateException(part.toString());
              });
        }
      }
      ProcessMemory.current().ifPresent(m -> afterPart.put(part.key(), round(m.rssMb(), 1)));
    }
    progress.progress(total, total, "bench finished");
    var endMemory = ProcessMemory.current();
    Memory memory =
        new Memory(
            beforeEngine.map(m -> round(m.rssMb(), 1)).orElse(null),
            startMemory.map(m -> round(m.rssMb(), 1)).orElse(null),
            endMemory.map(m -> round(m.rssMb(), 1)).orElse(null),
            endMemory.map(m -> round(m.peakMb(), 1)).orElse(null),
            startMemory.isPresent() && endMemory.isPresent()
                ? round(100.0 * (endMemory.get().rssKb() - startMemory.get().rssKb()) / startMemory.get().rssKb(), 1)
                : null,
            afterPart);
    Data d =
        new Data(data.id().key(), data.location().describe(), data.train().count(), data.test().count(), data.sha256());
    return new Result(
        FORMAT, Provenance.current(resolved.label()), Environment.current(), settings, d, figures, sweep, memory,
        round((System.nanoTime() - start) / 1e9, 3));
  }

  private int totalFigures() {
    int n = 0;
    for (Part p : settings.parts()) {
      n += p == Part.SWEEP || p == Part.SLIDER ? 1 : settings.networks().size();
    }
    return n;
  }

  /** One untimed forward and backward pass, so engine start-up never lands in a figure. */
  private void warmUpEngine(Device device) {
    Workload w = settings.networks().isEmpty() ? Workload.parse("lenet/relu") : settings.networks().get(0);
    try (Network net = Network.create(w.spec(data.id()), device, settings.seed())) {
      LabeledImages test = testImages();
      attackBatch(net, test, 0, (x, y, access) -> access.gradient(x, Goal.untargeted(y), AttackLoss.CE));
    }
  }

  // --- training ----------------------------------------------------------------------------------

  private Figure train(Workload w) {
    LabeledImages train = data.train();
    int batch = Math.min(settings.batch(), train.count());
    int available = train.count() / batch; // whole batches only, so every timed batch has the same size
    int warmup = settings.warmupBatches();
    if (available <= warmup) {
      throw new UserException("bench: the training set (" + train.count() + " images) has too few batches of " + batch
          + " for " + warmup + " warm-up batch(es) and at least one timed batch");
    }
    int timed = settings.trainBatches() == 0 ? available - warmup : Math.min(settings.trainBatches(), available - warmup);
    int limit = (warmup + timed) * batch;
    List<Double> samples = new ArrayList<>();
    Double[] rss = new Double[2];
    Path scratch = scratchDir();
    try {
      for (int r = 0; r < settings.repeats(); r++) {
        cancel.throwIfCancelled();
        TrainConfig config =
            new TrainConfig(
                data.id().key(), w.architecture(), List.of(w.activation()), GradientMode.ste(),
                TrainConfig.Optimizer.ADAM, 1e-3, 0.9, 0, TrainConfig.Schedule.CONSTANT, List.of(), 0.1, 1, batch,
                settings.seed() + r, limit, batch, false, AdversarialConfig.none(), settings.device());
        RunFolder folder = RunFolder.create(scratch.resolve("run-" + r), scratch, w.label());
        long[] marks = new long[2];
        int repeat = r;
        boolean first = r == 0;
        boolean last = r == settings.repeats() - 1;
        TrainingListener clock =
            new TrainingListener() {
              @Override
              public void batchFinished(BatchMetrics m) {
                if (m.batch() == warmup) {
                  marks[0] = System.nanoTime();
                  if (first) {
                    rss[0] = ProcessMemory.current().map(ProcessMemory.Snapshot::rssMb).orElse(null);
                  }
                }
                if (m.batch() == warmup + timed) {
                  marks[1] = System.nanoTime();
                  if (last) {
                    rss[1] = ProcessMemory.current().map(ProcessMemory.Snapshot::rssMb).orElse(null);
                  }
                }
                progress.progress(m.batch(), warmup + timed, String.format(Locale.ROOT,
                    "train %s repeat %d/%d batch %d/%d", w.label(), repeat + 1, settings.repeats(), m.batch(),
                    warmup + timed));
              }
            };
        TrainResult result = Training.start(config, data, folder, null, clock, cancel);
        if (result.status() != dqa.train.RunManifest.Status.COMPLETED || marks[1] == 0) {
          throw new IllegalStateException("bench: training " + w.label() + " ended " + result.status());
        }
        samples.add((double) timed * batch / ((marks[1] - marks[0]) / 1e9));
        AtomicFiles.deleteRecursively(folder.dir());
      }
    } finally {
      AtomicFiles.deleteRecursively(scratch);
    }
    return new Figure(
        "train", w.label(), "images_per_second", "img/s", "higher", roundStats(Stats.of(samples), 1),
        String.format(Locale.ROOT, "%d timed batches of %d after %d warm-up batches, Adam 1e-3, fresh network each repeat",
            timed, batch, warmup),
        rss[0] == null ? null : round(rss[0], 1), rss[1] == null ? null : round(rss[1], 1));
  }

  // --- inference --------------------------------------------------------------------------------

  private Figure infer(Workload w, Device device) {
    LabeledImages test = testImages();
    int batch = Math.min(settings.batch(), test.count());
    int images = Math.min(settings.inferImages(), test.count());
    List<Double> samples = new ArrayList<>();
    try (Network net = Network.create(w.spec(data.id()), device, settings.seed())) {
      for (int b = 0; b < settings.warmupBatches(); b++) {
        classify(net, test, (b * batch) % Math.max(1, test.count() - batch + 1), batch);
      }
      for (int r = 0; r < settings.repeats(); r++) {
        long t0 = System.nanoTime();
        for (int from = 0; from < images; from += batch) {
          cancel.throwIfCancelled();
          classify(net, test, from, Math.min(batch, images - from));
        }
        samples.add(images / ((System.nanoTime() - t0) / 1e9));
      }
    }
    return new Figure(
        "infer", w.label(), "images_per_second", "img/s", "higher", roundStats(Stats.of(samples), 1),
        String.format(Locale.ROOT, "%d test images in batches of %d (uint8 to float, logits, correct count)", images, batch));
  }

  private static long classify(Network net, LabeledImages test, int from, int n) {
    try (NDManager sub = net.manager().newSubManager()) {
      NDArray x = Batches.images(sub, test, null, from, from + n, null);
      NDArray y = Batches.labels(sub, test, null, from, from + n);
      return Accuracy.countCorrect(net.logits(x, false), y);
    }
  }

  // --- attack steps ------------------------------------------------------------------------------

  private Figure fgsm(Workload w, Device device) {
    Fgsm attack = Fgsm.of(settings.attackEps());
    Stats stats =
        timeAttack(w, device, 1, (x, y, access) -> attack.craft(access, x, Goal.untargeted(y), AttackContext.of(0)).images());
    return new Figure(
        "fgsm", w.label(), "ms_per_step", "ms", "lower", roundStats(stats, 2),
        String.format(Locale.ROOT, "%d batches of %d, eps %s, parameters frozen, straight-through gradients",
            settings.attackBatches(), batchSize(), EpsList.format(settings.attackEps())));
  }

  private Figure pgd(Workload w, Device device) {
    Pgd attack = Pgd.linf(settings.attackEps(), settings.pgdStep(), settings.pgdSteps());
    Stats stats =
        timeAttack(w, device, settings.pgdSteps(),
            (x, y, access) -> attack.craft(access, x, Goal.untargeted(y), AttackContext.of(settings.seed())).images());
    return new Figure(
        "pgd", w.label(), "ms_per_step", "ms", "lower", roundStats(stats, 2),
        String.format(Locale.ROOT, "%d batches of %d, %d steps each (random start included), eps %s, step %s,"
                + " parameters frozen", settings.attackBatches(), batchSize(), settings.pgdSteps(),
            EpsList.format(settings.attackEps()), EpsList.format(settings.pgdStep())));
  }

  /** Something done to one batch of images with the network's input-gradient access. */
  @FunctionalInterface
  private interface BatchWork {
    NDArray apply(NDArray x, NDArray y, ModelAccess access);
  }

  /** Milliseconds per step of {@code work}, which does {@code steps} steps on each batch. */
  private Stats timeAttack(Workload w, Device device, int steps, BatchWork work) {
    LabeledImages test = testImages();
    List<Double> samples = new ArrayList<>();
    try (Network net = Network.create(w.spec(data.id()), device, settings.seed())) {
      TorchEngine.get().setRandomSeed((int) settings.seed());
      for (int b = 0; b < settings.warmupBatches(); b++) {
        cancel.throwIfCancelled();
        attackBatch(net, test, b, work);
      }
      for (int r = 0; r < settings.repeats(); r++) {
        double nanos = 0;
        for (int b = 0; b < settings.attackBatches(); b++) {
          cancel.throwIfCancelled();
          nanos += attackBatch(net, test, b, work);
        }
        samples.add(nanos / 1e6 / ((double) settings.attackBatches() * steps));
      }
    }
    return Stats.of(samples);
  }

  /** Runs {@code work} on the {@code index}-th batch with frozen parameters; the time of the work alone. */
  private long attackBatch(Network net, LabeledImages test, int index, BatchWork work) {
    int batch = Math.min(settings.batch(), test.count());
    int from = (int) (((long) index * batch) % Math.max(1, test.count() - batch + 1));
    net.setParametersTrainable(false);
    try (NDManager sub = net.manager().newSubManager()) {
      NDArray x = Batches.images(sub, test, null, from, from + batch, null);
      NDArray y = Batches.labels(sub, test, null, from, from + batch);
      ModelAccess access = new ModelAccess(net, GradientMode.ste());
      long t0 = System.nanoTime();
      NDArray out = work.apply(x, y, access);
      long elapsed = System.nanoTime() - t0;
      out.close();
      return elapsed;
    } finally {
      net.setParametersTrainable(true);
    }
  }

  private int batchSize() {
    return Math.min(settings.batch(), testImages().count());
  }

  // --- ε slider ----------------------------------------------------------------------------------

  /** Slider moves timed per repeat; each goes to a new ε, as a dragged slider does. */
  static final int SLIDER_MOVES = 20;

  /**
   * Milliseconds per frame of the Attack step's ε slider after FGSM: FGSM at a new ε on the first
   * {@code sliderImages} test images of every slider model (the window's model and twin), from the
   * direction computed once, as {@link EpsFrames} gives it to the window (its "frame N ms").
   */
  private Figure slider() {
    LabeledImages test = testImages();
    int n = Math.min(settings.sliderImages(), test.count());
    LabeledImages shown = test.select(java.util.stream.IntStream.range(0, n).toArray());
    double max = 2 * settings.attackEps();
    Fgsm fgsm = Fgsm.of(settings.attackEps());
    List<Double> samples = new ArrayList<>();
    try (Showcase showcase = new Showcase()) {
      List<EpsFrames> frames = new ArrayList<>();
      for (String ref : settings.sliderModels()) {
        frames.add(EpsFrames.fgsm(showcase, models.resolve(ref), shown, fgsm, max));
      }
      for (int w = 0; w < 3; w++) {
        for (EpsFrames f : frames) {
          f.at(max * (w + 1) / 4);
        }
      }
      for (int r = 0; r < settings.repeats(); r++) {
        long nanos = 0;
        for (int move = 0; move < SLIDER_MOVES; move++) {
          cancel.throwIfCancelled();
          double eps = max * (move + 0.5 + 0.1 * r) / (SLIDER_MOVES + 1);
          long t0 = System.nanoTime();
          for (EpsFrames f : frames) {
            f.at(eps);
          }
          nanos += System.nanoTime() - t0;
        }
        samples.add(nanos / 1e6 / SLIDER_MOVES);
      }
    }
    return new Figure(
        "slider", String.join("+", settings.sliderModels()), "ms_per_frame", "ms", "lower", roundStats(Stats.of(samples), 2),
        String.format(Locale.ROOT, "%d slider moves per repeat, FGSM at a new eps in (0, %s] on %d test images of each of"
                + " %d models (the direction computed once), as the Attack step renders one frame",
            SLIDER_MOVES, EpsList.format(max), n, settings.sliderModels().size()));
  }

  // --- sweep -------------------------------------------------------------------------------------

  private SweepTiming sweep(Device device) {
    AttackSettings pgd =
        new AttackSettings("pgd", null, settings.pgdStep(), settings.sweepSteps(), 1, true, AttackLoss.CE,
            GradientMode.ste(), null);
    List<Double> reuse = new ArrayList<>();
    List<Double> noReuse = new ArrayList<>();
    SweepResult lastReuse = null;
    SweepResult lastNoReuse = null;
    for (int r = 0; r < settings.repeats(); r++) {
      for (boolean withReuse : new boolean[] {true, false}) {
        cancel.throwIfCancelled();
        SweepConfig config =
            new SweepConfig(
                data.id().key(), List.of(settings.sweepModel()), List.of(pgd), settings.sweepEps(),
                TestSubset.first(settings.sweepImages()), settings.batch(), settings.seed(), withReuse, 0);
        String label = String.format(Locale.ROOT, "sweep %s repeat %d/%d", withReuse ? "with reuse" : "without reuse",
            r + 1, settings.repeats());
        Sweep s =
            Sweep.builder()
                .setConfig(config)
                .setData(data)
                .optModels(models)
                .optDevice(device)
                .optChecks(false)
                .optCancel(cancel)
                .optProgress((done, total, msg) -> progress.progress(done, total, label + ": " + msg))
                .build();
        long t0 = System.nanoTime();
        SweepResult result = s.run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (withReuse) {
          reuse.add(seconds);
          lastReuse = result;
        } else {
          noReuse.add(seconds);
          lastNoReuse = result;
        }
      }
    }
    Stats withStats = roundStats(Stats.of(reuse), 3);
    Stats withoutStats = roundStats(Stats.of(noReuse), 3);
    List<SweepCell> cellsReuse = byEps(lastReuse);
    List<SweepCell> cellsNoReuse = byEps(lastNoReuse);
    return new SweepTiming(
        settings.sweepModel(), cellsReuse.get(0).network(), AttackSpecs.format(pgd), lastReuse.data().n(),
        settings.sweepEps(), cellsReuse.get(0).cleanAccuracy(), withStats, withoutStats,
        round(withoutStats.median() / withStats.median(), 3),
        cellsReuse.stream().map(SweepCell::robustAccuracy).toList(),
        cellsNoReuse.stream().map(SweepCell::robustAccuracy).toList(),
        cellsReuse.stream().map(SweepCell::attacked).toList());
  }

  private static List<SweepCell> byEps(SweepResult r) {
    return r.cells().stream().sorted(java.util.Comparator.comparingDouble(SweepCell::eps)).toList();
  }

  // --- helpers -----------------------------------------------------------------------------------

  private LabeledImages testImages() {
    if (data.test().count() == 0) {
      throw new UserException("bench: " + data.location().describe() + " holds no test images");
    }
    return data.test();
  }

  private static Path scratchDir() {
    try {
      return Files.createTempDirectory("dqa-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException("bench: cannot create a scratch folder for training runs", e);
    }
  }

  static Stats roundStats(Stats s, int digits) {
    return new Stats(
        round(s.median(), digits), round(s.min(), digits), round(s.max(), digits),
        s.samples().stream().map(v -> round(v, digits)).toList());
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  private static List<Float> boxed(float[] values) {
    List<Float> out = new ArrayList<>(values.length);
    for (float v : values) {
      out.add(v);
    }
    return out;
  }

  /** Builds a {@link Bench}: settings and data required; a model resolver when the sweep is run. */
  public static final class Builder {
    private Settings settings;
    private Dataset data;
    private ModelResolver models;
    private ProgressListener progress = ProgressListener.NONE;
    private CancellationToken cancel = CancellationToken.none();

    private Builder() {}

    public Builder setSettings(Settings settings) {
      this.settings = settings;
      return this;
    }

    public Builder setData(Dataset data) {
      this.data = data;
      return this;
    }

    public Builder optModels(ModelResolver models) {
      this.models = models;
      return this;
    }

    public Builder optProgress(ProgressListener progress) {
      this.progress = Objects.requireNonNull(progress);
      return this;
    }

    public Builder optCancel(CancellationToken cancel) {
      this.cancel = Objects.requireNonNull(cancel);
      return this;
    }

    public Bench build() {
      return new Bench(this);
    }
  }
}
