package dqa.cli;

import dqa.data.Dataset;
import dqa.data.DatasetId;
import dqa.eval.AttackSpecs;
import dqa.eval.Check;
import dqa.eval.EpsList;
import dqa.eval.ModelRecord;
import dqa.eval.ModelResolver;
import dqa.eval.Sweep;
import dqa.eval.SweepCell;
import dqa.eval.SweepConfig;
import dqa.eval.SweepListener;
import dqa.eval.SweepResult;
import dqa.eval.TestSubset;
import dqa.eval.WorstCase;
import dqa.run.CancellationToken;
import dqa.run.DeviceChoice;
import dqa.run.EngineWorker;
import dqa.run.Json;
import dqa.run.UserException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sweep}: robust accuracy of models × attacks × ε on a fixed test subset, resumable. */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = "Robust accuracy of every model under every attack at every eps, on a fixed subset of the test set;"
        + " per-example worst case across attacks; sanity checks. The sweep file is rewritten after every cell; run the"
        + " same command again to resume an interrupted sweep.",
    footer = {
      "",
      "Attacks: a comma list; each is a name or name[key=value,...] with the attack's settings, e.g.",
      "  --attacks fgsm,pgd[steps=20,step=0.02],pgd[grad=exact,random-start=false]",
      "Eps: a comma list 0,0.05,0.1 (fractions such as 8/255 allowed), or a range start:stop:step with both ends",
      "  included, 0:0.3:0.05 = 0,0.05,...,0.3; both forms can be mixed: 0:0.1:0.02,0.2,0.3. Each eps is in its",
      "  attack's norm, in [0,1] pixel units.",
      "Examples broken at a smaller eps count as broken at larger ones (the larger ball holds the smaller);",
      "  only the survivors are attacked. --no-reuse attacks every image at every eps."
    })
final class SweepCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(names = "--models", required = true, split = ",", paramLabel = "DIR|NAME", description = "Models: folders, run folders or shipped names, comma-separated.")
  List<String> models;

  @Option(names = "--attacks", required = true, paramLabel = "LIST", description = "Attacks, e.g. fgsm,pgd or pgd[steps=20,grad=exact] (see below).")
  String attacks;

  @Option(names = "--eps", required = true, paramLabel = "LIST|RANGE", description = "Budgets: 0,0.1,0.3 or 0:0.3:0.05 (see below).")
  String eps;

  @Option(names = "--limit", defaultValue = "1000", description = "Number of test images, 0 = all (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--random-subset", description = "Draw the --limit images at random with --seed instead of taking the first ones.")
  boolean randomSubset;

  @Option(names = "--dataset", description = "Data set to test on (default: the first model's).")
  String dataset;

  @Option(names = "--grad", description = "Default gradient through quantizers for white-box attacks: ste, exact or surrogate:τ (default: each attack's, ste).")
  String grad;

  @Option(names = "--loss", description = "Default attack loss: ce or margin (default: ce).")
  String loss;

  @Option(names = "--steps", description = "Default iterations of iterative attacks (default: each attack's).")
  Integer steps;

  @Option(names = "--step", description = "Default step size of iterative attacks (default: each attack's).")
  Double step;

  @Option(names = "--restarts", description = "Default PGD random restarts (default: 1).")
  Integer restarts;

  @Option(names = "--batch", defaultValue = "128", description = "Images per attack batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the batches' random starts and of --random-subset (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--no-reuse", description = "Attack every image at every eps instead of only the survivors of the previous eps.")
  boolean noReuse;

  @Option(names = "--examples", defaultValue = "2", description = "Adversarial images kept per cell for the report, 0-64 (default: ${DEFAULT-VALUE}).")
  int examples;

  @Option(names = "--no-checks", description = "Skip the sanity probes and checks at the end.")
  boolean noChecks;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The sweep file (JSON); resumed when it exists with the same config.")
  Path out;

  @Option(names = "--csv", paramLabel = "FILE", description = "Also write the cells as CSV here, the worst case and checks next to it.")
  Path csv;

  @Option(names = "--html", paramLabel = "FILE", description = "Also write a self-contained HTML report.")
  Path html;

  @Option(names = "--png", paramLabel = "FILE", description = "Also write the accuracy-vs-eps chart as PNG.")
  Path png;

  @Option(names = "--svg", paramLabel = "FILE", description = "Also write the accuracy-vs-eps chart as SVG.")
  Path svg;

  @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--json", description = "Print one JSON object on stdout and nothing else there.")
  boolean json;

  /** What {@code --json} prints. */
  record Output(
      String out, String status, String dataset, String images, int n, int cells, int computed, int resumed,
      List<SweepCell> results, List<WorstCase> worstCase, List<Check> checks, int warnings, List<String> files,
      double seconds) {}

  @Override
  public Integer call() {
    if (limit < 0) {
      throw new UserException("--limit must be 0 (all) or positive");
    }
    ModelResolver resolver = ModelResolver.standard(global.paths().models());
    String data =
        dataset != null ? dataset : ModelRecord.read(models.get(0), resolver.resolve(models.get(0))).dataset();
    DatasetId id = DatasetId.parse(data);
    SweepConfig config =
        new SweepConfig(
            id.key(), models, AttackSpecs.parseList(attacks, defaults()), EpsList.parse(eps),
            randomSubset ? TestSubset.random(limit, seed) : TestSubset.first(limit), batch, seed, !noReuse, examples);
    Dataset loaded = global.load(id);
    CancellationToken cancel = CliSignals.cancelOnInterrupt();
    TerminalProgress bar = new TerminalProgress(System.err, false);
    Sweep sweep =
        Sweep.builder()
            .setConfig(config)
            .setData(loaded)
            .optModels(resolver)
            .optDevice(DeviceChoice.parse(device).resolve().device())
            .optOutput(out)
            .optChecks(!noChecks)
            .optCancel(cancel)
            .optProgress((done, total, msg) -> bar.update(total <= 0 ? 0 : (double) done / total, msg))
            .optListener(listener(bar))
            .build();
    int before = sweep.cellsAlreadyDone();
    if (before > 0) {
      bar.line(String.format(Locale.ROOT, "resuming %s: %d of %d cells already done", out, before, config.cellCount()));
    }
    bar.line("sweep on " + sweep.data().subset() + " of " + loaded.location().describe() + ": " + config.models().size()
        + " model(s) x " + config.attacks().size() + " attack(s) x " + config.eps().size() + " eps");
    SweepResult result = EngineWorker.shared().call(sweep::run);
    bar.done();
    List<Path> files = ReportCommand.writeOutputs(result, null, result.checks(), csv, html, png, svg);
    int warnings = (int) result.checks().stream().filter(c -> c.warns()).count();
    if (json) {
      System.out.println(Json.write(new Output(
          out.toString(), result.status().toString().toLowerCase(Locale.ROOT), result.data().dataset(),
          result.data().subset(), result.data().n(), result.cells().size(), result.cells().size() - before, before,
          result.cells(), result.worstCase(), result.checks(), warnings, files.stream().map(Path::toString).toList(),
          result.seconds())));
    } else {
      printTable(result);
      for (Check c : result.checks()) {
        System.out.println(c.verdict().label() + "  " + c.name() + ": " + c.evidence());
      }
      System.out.println("wrote " + out + (files.isEmpty() ? "" : ", "
          + String.join(", ", files.stream().map(Path::toString).toList())));
    }
    return 0;
  }

  private Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    put(d, "gradient", grad);
    put(d, "loss", loss);
    put(d, "steps", steps);
    put(d, "step", step);
    put(d, "restarts", restarts);
    return d;
  }

  private static void put(Map<String, String> d, String key, Object value) {
    if (value != null) {
      d.put(key, value.toString());
    }
  }

  private static SweepListener listener(TerminalProgress bar) {
    return new SweepListener() {
      @Override
      public void cellFinished(SweepCell c) {
        bar.line(String.format(
            Locale.ROOT, "%s · %s eps %s: robust %.1f %% (clean %.1f %%, attacked %d of %d%s, %.1f s)", c.network(),
            c.attack(), EpsList.format(c.eps()), 100 * c.robustAccuracy(), 100 * c.cleanAccuracy(), c.attacked(),
            c.n(), c.reusedFromEps() == null ? "" : ", rest carried from eps " + EpsList.format(c.reusedFromEps()),
            c.seconds()));
      }

      @Override
      public void cellRestored(SweepCell c) {}
    };
  }

  private static void printTable(SweepResult r) {
    List<String> labels = r.config().attackLabels();
    int mw = "model".length();
    for (int m = 0; m < r.models().size(); m++) {
      mw = Math.max(mw, r.modelLabel(m).length());
    }
    int aw = "any attack".length();
    for (String l : labels) {
      aw = Math.max(aw, l.length());
    }
    String rowStart = "%-" + mw + "s  %-" + aw + "s";
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, rowStart, "model", "attack"));
    for (double e : r.config().eps()) {
      head.append(String.format(Locale.ROOT, " %7s", EpsList.format(e)));
    }
    System.out.println("robust accuracy (%) by eps");
    System.out.println(head);
    for (int m = 0; m < r.models().size(); m++) {
      for (int a = 0; a < labels.size(); a++) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, rowStart, r.modelLabel(m), labels.get(a)));
        for (double e : r.config().eps()) {
          line.append(r.cell(m, a, e).map(c -> String.format(Locale.ROOT, " %7.1f", 100 * c.robustAccuracy()))
              .orElse(String.format(Locale.ROOT, " %7s", "-")));
        }
        System.out.println(line);
      }
      if (labels.size() > 1) {
        int model = m;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, rowStart, r.modelLabel(m), "any attack"));
        for (double e : r.config().eps()) {
          line.append(r.worstCase().stream().filter(w -> w.modelIndex() == model && w.eps() == e).findFirst()
              .map(w -> String.format(Locale.ROOT, " %7.1f", 100 * w.robustAccuracy()))
              .orElse(String.format(Locale.ROOT, " %7s", "-")));
        }
        System.out.println(line);
      }
    }
  }
}
