package dqa.cli;

import dqa.data.Dataset;
import dqa.data.DatasetId;
import dqa.eval.Bench;
import dqa.eval.EpsList;
import dqa.eval.ModelResolver;
import dqa.run.AtomicFiles;
import dqa.run.CancellationToken;
import dqa.run.EngineWorker;
import dqa.run.Json;
import dqa.run.UserException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench}: training, inference and attack speed, a full sweep with and without reuse, memory. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure training and inference throughput, FGSM and PGD step times, a full accuracy-vs-eps sweep"
        + " (with and without reuse across eps) and peak memory; every figure repeated after a warm-up, reported as"
        + " median, min and max.",
    footer = {
      "",
      "Parts (--only): train (images/s of the training loop, Adam 1e-3), infer (images/s), fgsm and pgd (ms per",
      "  attack step, parameters frozen) for every network of --nets; sweep (seconds for PGD at every --sweep-eps",
      "  on --sweep-images test images of --sweep-model, with and without reuse); slider (ms per frame of the Attack",
      "  step's eps slider after FGSM: a new eps on --slider-images test images of every --slider-models model).",
      "Measure on a quiet machine; set the engine's threads with OMP_NUM_THREADS and -Dai.djl.pytorch.num_threads.",
      "src/bench/compare-pytorch.sh runs the same workloads in PyTorch and prints the ratios."
    })
final class BenchCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(names = "--only", paramLabel = "LIST", defaultValue = "train,infer,fgsm,pgd,sweep,slider", description = "Parts to run, comma-separated (default: ${DEFAULT-VALUE}).")
  String only;

  @Option(names = "--repeats", defaultValue = "3", description = "Timed repetitions of every figure (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--dataset", defaultValue = "mnist", description = "Data set (default: ${DEFAULT-VALUE}).")
  String dataset;

  @Option(names = "--batch", defaultValue = "128", description = "Batch size of every figure (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--warmup", defaultValue = "5", paramLabel = "BATCHES", description = "Untimed batches before each figure (training: at the start of each repeat) (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--nets", defaultValue = Bench.Settings.DEFAULT_NETWORKS, paramLabel = "LIST", description = "Networks for train, infer, fgsm and pgd as arch/act (default: ${DEFAULT-VALUE}).")
  String nets;

  @Option(names = "--train-batches", defaultValue = "0", description = "Timed training batches per repeat; 0 = the rest of one epoch (default: ${DEFAULT-VALUE}).")
  int trainBatches;

  @Option(names = "--infer-images", defaultValue = "10000", description = "Test images classified per repeat (capped at the test set) (default: ${DEFAULT-VALUE}).")
  int inferImages;

  @Option(names = "--attack-batches", defaultValue = "5", description = "Timed batches per repeat for fgsm and pgd (default: ${DEFAULT-VALUE}).")
  int attackBatches;

  @Option(names = "--eps", defaultValue = "0.3", description = "L-inf budget of the timed FGSM and PGD steps (default: ${DEFAULT-VALUE}).")
  double eps;

  @Option(names = "--pgd-steps", defaultValue = "40", description = "PGD iterations per timed batch (default: ${DEFAULT-VALUE}).")
  int pgdSteps;

  @Option(names = "--pgd-step", defaultValue = "0.01", description = "PGD step size, timed batches and sweep (default: ${DEFAULT-VALUE}).")
  double pgdStep;

  @Option(names = "--sweep-model", defaultValue = "lenet-relu", paramLabel = "DIR|NAME", description = "The trained model the sweep attacks (default: ${DEFAULT-VALUE}, shipped).")
  String sweepModel;

  @Option(names = "--sweep-images", defaultValue = "1000", description = "First test images the sweep attacks (default: ${DEFAULT-VALUE}).")
  int sweepImages;

  @Option(names = "--sweep-eps", paramLabel = "LIST|RANGE", description = "The sweep's budgets (default: 10 values evenly from 0 to 0.3).")
  String sweepEps;

  @Option(names = "--sweep-steps", defaultValue = "40", description = "PGD iterations in the sweep (default: ${DEFAULT-VALUE}).")
  int sweepSteps;

  @Option(names = "--slider-models", defaultValue = Bench.Settings.DEFAULT_SLIDER_MODELS, paramLabel = "LIST", description = "Saved models whose slider frame is timed together, as the Attack step's model and twin (default: ${DEFAULT-VALUE}).")
  String sliderModels;

  @Option(names = "--slider-images", defaultValue = "16", description = "Test images the slider shows (default: ${DEFAULT-VALUE}).")
  int sliderImages;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of weights and random starts (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the JSON result to FILE (atomically).")
  Path out;

  @Option(names = "--json", description = "Print one JSON object on stdout and nothing else there.")
  boolean json;

  @Override
  public Integer call() {
    Bench.Settings settings = settings();
    Dataset data = global.load(DatasetId.parse(settings.dataset()));
    CancellationToken cancel = CliSignals.cancelOnInterrupt();
    TerminalProgress bar = new TerminalProgress(System.err, false);
    bar.line("bench on " + data.location().describe() + " (" + data.train().count() + " training, "
        + data.test().count() + " test images): " + String.join(",", settings.parts().stream().map(Bench.Part::key).toList())
        + ", " + settings.repeats() + " repeat(s)");
    Bench bench =
        Bench.builder()
            .setSettings(settings)
            .setData(data)
            .optModels(ModelResolver.standard(global.paths().models()))
            .optCancel(cancel)
            .optProgress((done, total, msg) -> bar.update(total <= 0 ? 0 : Math.min(1, (double) done / total), msg))
            .build();
    Bench.Result result = EngineWorker.shared().call(bench::run);
    bar.done();
    String text = Json.write(result);
    if (out != null) {
      AtomicFiles.writeString(out, text + "\n");
    }
    if (json) {
      System.out.println(text);
    } else {
      print(result);
    }
    return 0;
  }

  private Bench.Settings settings() {
    try {
      List<Double> budgets = sweepEps == null ? Bench.Settings.defaultSweepEps() : EpsList.parse(sweepEps);
      return new Bench.Settings(
          DatasetId.parse(dataset).key(), List.copyOf(Bench.Part.parseList(only)), repeats, batch, warmup,
          trainBatches, inferImages, attackBatches, eps, pgdSteps, pgdStep, Bench.Workload.parseList(nets),
          sweepModel, sweepImages, budgets, sweepSteps, List.of(sliderModels.split(",")).stream().map(String::trim)
              .filter(m -> !m.isEmpty()).toList(), sliderImages, seed, device);
    } catch (IllegalArgumentException e) {
      throw new UserException("bench: " + e.getMessage(), e);
    }
  }

  private void print(Bench.Result r) {
    System.out.printf(Locale.ROOT, "%-6s %-16s %12s %12s %12s  %s%n", "part", "network", "median", "min", "max", "unit");
    for (Bench.Figure f : r.figures()) {
      System.out.printf(Locale.ROOT, "%-6s %-16s %12.2f %12.2f %12.2f  %s (%s is better)%n", f.part(), f.network(),
          f.stats().median(), f.stats().min(), f.stats().max(), f.unit(), f.better());
    }
    if (r.sweep() != null) {
      Bench.SweepTiming s = r.sweep();
      System.out.printf(Locale.ROOT, "sweep  %-16s %12.2f %12.2f %12.2f  s with reuse%n", s.network(),
          s.reuseSeconds().median(), s.reuseSeconds().min(), s.reuseSeconds().max());
      System.out.printf(Locale.ROOT, "sweep  %-16s %12.2f %12.2f %12.2f  s without reuse (%.2fx the time with reuse)%n", s.network(),
          s.noReuseSeconds().median(), s.noReuseSeconds().min(), s.noReuseSeconds().max(), s.speedup());
      StringBuilder line = new StringBuilder("  robust accuracy (%) by eps, reuse / no reuse:");
      for (int i = 0; i < s.eps().size(); i++) {
        line.append(String.format(Locale.ROOT, " %s: %.1f/%.1f", EpsList.format(s.eps().get(i)),
            100 * s.robustAccuracyReuse().get(i), 100 * s.robustAccuracyNoReuse().get(i)));
      }
      System.out.println(line);
    }
    Bench.Memory m = r.memory();
    if (m.peakMb() != null) {
      System.out.printf(Locale.ROOT, "memory: peak RSS %.0f MB; RSS %.0f MB after the engine warm-up, %.0f MB at the end (%+.1f %%)%n",
          m.peakMb(), m.startMb(), m.endMb(), m.growthPercent());
    }
    System.out.printf(Locale.ROOT, "%.1f s in all%n", r.seconds());
  }
}
