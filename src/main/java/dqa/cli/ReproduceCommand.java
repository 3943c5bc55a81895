package dqa.cli;

import dqa.data.Dataset;
import dqa.data.DatasetId;
import dqa.eval.Charts;
import dqa.eval.EpsList;
import dqa.eval.Reproduction;
import dqa.eval.ReproductionReport;
import dqa.eval.SweepResult;
import dqa.run.AtomicFiles;
import dqa.run.CancellationToken;
import dqa.run.DeviceChoice;
import dqa.run.EngineWorker;
import dqa.run.Json;
import dqa.run.Provenance;
import dqa.run.UserException;
import dqa.train.ModelCard;
import dqa.train.ModelsReadme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code reproduce}: the reproduction study of the shipped models, written as {@code
 * docs/REPRODUCTION.md} with its sweep files and charts, and the robust accuracies on every card.
 */
@Command(
    name = "reproduce",
    mixinStandardHelpOptions = true,
    description = {
      "Attack every shipped model with FGSM, PGD (ste/exact/surrogate), C&W, ZOO, Square and the substitute attack,",
      "and write the reproduction report. Resumable: rerun the same command after a stop."
    })
final class ReproduceCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--models", split = ",", paramLabel = "NAME", description = "Shipped models to study (default: every model in the models folder with a card).")
  List<String> names;

  @Option(names = "--dataset", defaultValue = "mnist", paramLabel = "KEY", description = "Without --models: study the shipped models of this data set (default: ${DEFAULT-VALUE}).")
  String dataset;

  @Option(names = "--models-dir", paramLabel = "DIR", description = "Where shipped models live (default: the product's models folder).")
  Path modelsDir;

  @Option(names = "--report", defaultValue = "docs/REPRODUCTION.md", paramLabel = "FILE", description = "The report to write (default: ${DEFAULT-VALUE}).")
  Path report;

  @Option(names = "--sweeps", defaultValue = "docs/reproduction", paramLabel = "DIR", description = "Sweep files and charts (default: ${DEFAULT-VALUE}).")
  Path sweeps;

  @Option(names = "--limit", defaultValue = "1000", description = "Test images attacked (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--black-box-limit", defaultValue = "100", description = "Test images for ZOO and Square (default: ${DEFAULT-VALUE}).")
  int blackBoxLimit;

  @Option(names = "--no-cards", description = "Leave the model cards as they are.")
  boolean noCards;

  @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE}).")
  String device;

  @Override
  public Integer call() throws IOException {
    Path models = modelsDir != null ? modelsDir : global.paths().models();
    List<Reproduction.Subject> subjects = subjects(models);
    Reproduction.Settings defaults = Reproduction.Settings.mnist();
    Reproduction.Settings settings =
        new Reproduction.Settings(limit, blackBoxLimit, defaults.eps(), defaults.curveEps(), defaults.batch(), defaults.seed(),
            defaults.attacks());
    String datasetKey = subjects.get(0).card().dataset();
    for (Reproduction.Subject s : subjects) {
      if (!s.card().dataset().equals(datasetKey)) {
        throw new UserException("--models: " + s.name() + " is a " + s.card().dataset() + " model, "
            + subjects.get(0).name() + " a " + datasetKey + " one; study one data set at a time");
      }
    }
    Dataset data = global.load(DatasetId.parse(datasetKey));
    if (data.test().count() < limit + 150) {
      throw new UserException("reproduce needs " + (limit + 150) + " test images (" + limit + " attacked, 150 held out for "
          + "the substitute); " + data.location().describe() + " has " + data.test().count()
          + ". Use the full test set (--data-dir) or a smaller --limit.");
    }
    CancellationToken cancel = CliSignals.cancelOnInterrupt();
    TerminalProgress bar = new TerminalProgress(System.err, false);
    var resolved = DeviceChoice.parse(device).resolve();
    var deviceChoice = resolved.device();
    Reproduction study =
        new Reproduction(settings, data, sweeps, deviceChoice,
            (done, total, msg) -> bar.update(total <= 0 ? 0 : (double) done / total, msg), cancel);
    List<Reproduction.Row> rows = EngineWorker.shared().call(() -> study.run(subjects));
    bar.done();

    Files.createDirectories(sweeps);
    Map<String, SweepResult> curves = new LinkedHashMap<>();
    for (Reproduction.Subject s : subjects) {
      curves.put(s.name(), study.read(s, Reproduction.parts(settings).get(0)));
    }
    List<Reproduction.Subject> clean = subjects.stream().filter(s -> !adversarial(s)).toList();
    List<Reproduction.Subject> adv = subjects.stream().filter(ReproduceCommand::adversarial).toList();
    Path cleanChart = sweeps.resolve("curves-clean.png");
    Path advChart = sweeps.resolve("curves-adversarial.png");
    String title = "Accuracy under attack — " + datasetKey + ", first " + limit + " test images";
    Charts.writePng(cleanChart, Reproduction.curves(title + ", clean-trained", clean, curves), 1000, 620);
    Charts.writePng(advChart, Reproduction.curves(title + ", PGD-trained", adv, curves), 1000, 620);

    Path reportDir = report.toAbsolutePath().getParent();
    Files.createDirectories(reportDir);
    ReproductionReport.Meta meta =
        new ReproductionReport.Meta(
            command(), datasetKey, data.location().describe(), data.sha256(), limit, blackBoxLimit, settings.eps(),
            Provenance.current(resolved.label()), computedBy(study, subjects, settings),
            relative(reportDir, sweeps.toAbsolutePath()),
            relative(reportDir, cleanChart.toAbsolutePath()), relative(reportDir, advChart.toAbsolutePath()));
    AtomicFiles.writeString(report, ReproductionReport.markdown(rows, meta));
    AtomicFiles.writeString(sweeps.resolve("summary.json"), Json.write(Map.of("meta", meta, "rows", rows)));
    if (!noCards) {
      for (int i = 0; i < subjects.size(); i++) {
        Reproduction.Subject s = subjects.get(i);
        s.card().withRobustness(robustness(rows.get(i)), "first " + limit + " " + datasetKey + " test images ("
            + blackBoxLimit + " for ZOO and Square), eps " + EpsList.format(settings.eps()) + "; see " + report)
            .write(s.folder());
      }
    }
    if (!noCards) {
      ModelsReadme.update(models);
    }
    for (Reproduction.Row r : rows) {
      System.out.printf(Locale.ROOT,
          "%-18s clean %5.1f %%  PGD ste %5.1f %%  exact %5.1f %%  AutoAttack %5.1f %%  worst case %5.1f %%%n",
          r.name(), 100 * r.clean(), 100 * r.pgdSte(), 100 * r.pgdExact(), 100 * r.autoAttack(), 100 * r.worstCase());
    }
    System.out.println("wrote " + report + " and " + sweeps);
    return 0;
  }

  /** The commits that computed the part files: each file's own provenance and that of every session that resumed it. */
  private static List<String> computedBy(Reproduction study, List<Reproduction.Subject> subjects,
      Reproduction.Settings settings) {
    java.util.Set<String> commits = new java.util.LinkedHashSet<>();
    for (Reproduction.Subject s : subjects) {
      for (Reproduction.Part part : Reproduction.parts(settings)) {
        SweepResult r = study.read(s, part);
        if (r == null) {
          continue;
        }
        java.util.stream.Stream.concat(java.util.stream.Stream.of(r.provenance()),
                r.resumed() == null ? java.util.stream.Stream.empty() : r.resumed().stream())
            .filter(java.util.Objects::nonNull)
            .map(Provenance::gitCommit)
            .filter(java.util.Objects::nonNull)
            .forEach(commits::add);
      }
    }
    return List.copyOf(commits);
  }

  private static boolean adversarial(Reproduction.Subject s) {
    return !s.card().recipe().adversarial().method().toString().equalsIgnoreCase("none");
  }

  /** Robust accuracy per attack for the card (success rates for the unbounded attacks). */
  static Map<String, Double> robustness(Reproduction.Row r) {
    Map<String, Double> m = new LinkedHashMap<>();
    r.fgsm().forEach((eps, acc) -> {
      if (eps > 0) {
        m.put("fgsm eps=" + EpsList.format(eps) + " accuracy", acc);
      }
    });
    m.put("pgd-40 ste accuracy", r.pgdSte());
    m.put("pgd-40 exact accuracy", r.pgdExact());
    m.put("pgd-40 surrogate accuracy", r.pgdSurrogate());
    m.put("autoattack accuracy", r.autoAttack());
    m.put("substitute accuracy", r.substituteAccuracy());
    m.put("square accuracy", r.squareAccuracy());
    m.put("worst case accuracy", r.worstCase());
    m.put("cw success", r.cwSuccess());
    m.put("cw median l2", r.cwMedianL2());
    m.put("zoo success", r.zooSuccess());
    m.put("zoo median queries", r.zooMedianQueries());
    m.values().removeIf(java.util.Objects::isNull);
    return m;
  }

  private List<Reproduction.Subject> subjects(Path models) throws IOException {
    List<Path> folders = new ArrayList<>();
    if (names == null || names.isEmpty()) {
      if (Files.isDirectory(models)) {
        try (Stream<Path> s = Files.list(models)) {
          String key = DatasetId.parse(dataset).key();
          s.filter(d -> Files.isRegularFile(d.resolve(ModelCard.FILE)))
              .filter(d -> ModelCard.read(d).dataset().equals(key))
              .sorted().forEach(folders::add);
        }
      }
      if (folders.isEmpty()) {
        throw new UserException("no shipped " + dataset + " models with a card.json under " + models
            + " (train them with models/retrain.sh, or choose another --dataset)");
      }
    } else {
      for (String n : names) {
        Path d = models.resolve(n);
        if (!Files.isRegularFile(d.resolve(ModelCard.FILE))) {
          throw new UserException("--models: no shipped model '" + n + "' with a card.json in " + models);
        }
        folders.add(d);
      }
    }
    List<Reproduction.Subject> out = new ArrayList<>();
    Path here = Path.of("").toAbsolutePath();
    for (Path d : folders) {
      // The sweep files name the model by this path: relative to the working folder when inside it, so
      // that the same command resumes them whether --models-dir was given or found.
      Path abs = d.toAbsolutePath().normalize();
      Path ref = abs.startsWith(here) ? here.relativize(abs) : abs;
      out.add(new Reproduction.Subject(d.getFileName().toString(), ref, ModelCard.read(d)));
    }
    return out;
  }

  private String command() {
    // The arguments as typed, after the launcher used from the project folder (the installed launcher,
    // dqa-workbench, takes the same ones).
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    return "java -jar target/dqa-workbench.jar " + String.join(" ", args);
  }

  private static String relative(Path from, Path to) {
    try {
      return from.relativize(to).toString();
    } catch (IllegalArgumentException e) {
      return to.toString();
    }
  }
}
