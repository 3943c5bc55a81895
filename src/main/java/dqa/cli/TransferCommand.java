package dqa.cli;

import dqa.attack.AttackSettings;
import dqa.data.Dataset;
import dqa.data.DatasetId;
import dqa.eval.AttackSpecs;
import dqa.eval.EpsList;
import dqa.eval.ModelRecord;
import dqa.eval.ModelResolver;
import dqa.eval.TestSubset;
import dqa.eval.TransferConfig;
import dqa.eval.TransferMatrix;
import dqa.eval.TransferResult;
import dqa.run.CancellationToken;
import dqa.run.DeviceChoice;
import dqa.run.EngineWorker;
import dqa.run.Json;
import dqa.run.UserException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code transfer}: adversarial examples crafted on each model, classified by every model. */
@Command(
    name = "transfer",
    mixinStandardHelpOptions = true,
    description = "Transfer matrix: adversarial examples of one attack crafted on each model (rows) and classified by"
        + " every model (columns); the diagonal is white-box.")
final class TransferCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(names = "--models", required = true, split = ",", paramLabel = "DIR|NAME", description = "At least two models, comma-separated.")
  List<String> models;

  @Option(names = "--attack", required = true, paramLabel = "ATTACK", description = "The attack: a name or name[key=value,...], e.g. pgd[steps=20].")
  String attack;

  @Option(names = "--eps", required = true, description = "The budget in the attack's norm, [0,1] pixel units (8/255 allowed).")
  String eps;

  @Option(names = "--limit", defaultValue = "1000", description = "Number of test images, 0 = all (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--random-subset", description = "Draw the --limit images at random with --seed.")
  boolean randomSubset;

  @Option(names = "--dataset", description = "Data set to test on (default: the first model's).")
  String dataset;

  @Option(names = "--grad", description = "Gradient through quantizers on the source model: ste, exact or surrogate:τ.")
  String grad;

  @Option(names = "--loss", description = "ce or margin.")
  String loss;

  @Option(names = "--steps", description = "Iterations of an iterative attack.")
  Integer steps;

  @Option(names = "--step", description = "Step size of an iterative attack.")
  Double step;

  @Option(names = "--restarts", description = "PGD random restarts.")
  Integer restarts;

  @Option(names = "--batch", defaultValue = "128", description = "Images per batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The transfer file (JSON) to write.")
  Path out;

  @Option(names = "--csv", paramLabel = "FILE", description = "Also write the matrix as CSV.")
  Path csv;

  @Option(names = "--html", paramLabel = "FILE", description = "Also write a self-contained HTML report.")
  Path html;

  @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--json", description = "Print one JSON object on stdout and nothing else there.")
  boolean json;

  /** What {@code --json} prints. */
  record Output(
      String out, String dataset, String images, int n, String attack, List<String> models, double[] cleanAccuracy,
      double[][] accuracy, List<String> files, double seconds) {}

  @Override
  public Integer call() {
    if (limit < 0) {
      throw new UserException("--limit must be 0 (all) or positive");
    }
    List<Double> budget = EpsList.parse(eps);
    if (budget.size() != 1 || eps.contains(":")) {
      throw new UserException("--eps: give one budget for a transfer matrix, got '" + eps + "'");
    }
    ModelResolver resolver = ModelResolver.standard(global.paths().models());
    String data =
        dataset != null ? dataset : ModelRecord.read(models.get(0), resolver.resolve(models.get(0))).dataset();
    DatasetId id = DatasetId.parse(data);
    Map<String, String> defaults = new LinkedHashMap<>();
    put(defaults, "gradient", grad);
    put(defaults, "loss", loss);
    put(defaults, "steps", steps);
    put(defaults, "step", step);
    put(defaults, "restarts", restarts);
    AttackSettings settings = AttackSpecs.parse(attack, defaults);
    TransferConfig config =
        new TransferConfig(id.key(), models, settings, budget.get(0),
            randomSubset ? TestSubset.random(limit, seed) : TestSubset.first(limit), batch, seed);
    Dataset loaded = global.load(id);
    CancellationToken cancel = CliSignals.cancelOnInterrupt();
    TerminalProgress bar = new TerminalProgress(System.err, false);
    var deviceChoice = DeviceChoice.parse(device).resolve().device();
    TransferResult r =
        EngineWorker.shared()
            .call(() -> TransferMatrix.run(config, loaded, resolver, deviceChoice,
                (done, total, msg) -> bar.update(total <= 0 ? 0 : (double) done / total, msg), cancel));
    bar.done();
    Json.writeFile(out, r);
    List<Path> files = new ArrayList<>(List.of(out));
    files.addAll(ReportCommand.writeOutputs(null, r, List.of(), csv, html, null, null));
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < r.models().size(); i++) {
      labels.add(r.modelLabel(i));
    }
    if (json) {
      System.out.println(Json.write(new Output(out.toString(), r.data().dataset(), r.data().subset(), r.data().n(),
          r.attack(), labels, r.cleanAccuracy(), r.accuracy(), files.stream().map(Path::toString).toList(),
          r.seconds())));
    } else {
      System.out.println("accuracy (%) of each target (column) on examples crafted on each source (row); " + r.attack());
      StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-28s", "source \\ target"));
      for (String l : labels) {
        head.append(String.format(Locale.ROOT, " %14s", l));
      }
      System.out.println(head);
      for (int s = 0; s < labels.size(); s++) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-28s", labels.get(s)));
        for (double v : r.accuracy()[s]) {
          line.append(String.format(Locale.ROOT, " %14.1f", 100 * v));
        }
        System.out.println(line);
      }
      StringBuilder clean = new StringBuilder(String.format(Locale.ROOT, "%-28s", "(no attack)"));
      for (double v : r.cleanAccuracy()) {
        clean.append(String.format(Locale.ROOT, " %14.1f", 100 * v));
      }
      System.out.println(clean);
      System.out.println("wrote " + String.join(", ", files.stream().map(Path::toString).toList()));
    }
    return 0;
  }

  private static void put(Map<String, String> d, String key, Object value) {
    if (value != null) {
      d.put(key, value.toString());
    }
  }
}
