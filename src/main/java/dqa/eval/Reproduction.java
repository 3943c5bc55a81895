package dqa.eval;

import ai.djl.Device;
import dqa.attack.AttackLoss;
import dqa.data.Dataset;
import dqa.data.LabeledImages;
import dqa.nn.GradientMode;
import dqa.nn.Network;
import dqa.run.AtomicFiles;
import dqa.run.CancellationToken;
import dqa.run.Json;
import dqa.run.ProgressListener;
import dqa.run.Provenance;
import dqa.run.UserException;
import dqa.train.ModelCard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reproduction study of the shipped models: for each model a fixed set of sweeps (each its own
 * resumable file under {@code <out>/<model>/}), then one summary row per model, accuracy-vs-ε
 * charts and {@code REPRODUCTION.md} ({@link ReproductionReport}). Rerunning with the same
 * settings resumes what is missing and rewrites the report from the files.
 *
 * <p>Per model, on the first {@code limit} test images (C&amp;W and the score-based attacks on the
 * first {@code blackBoxLimit}):
 *
 * <ul>
 *   <li>{@code curves}: FGSM and PGD-40 (straight-through gradients) over the ε list, with the
 *       sweep's sanity checks;
 *   <li>{@code gradients}: PGD-40 at ε with {@code ste}, {@code exact} and {@code surrogate}
 *       gradients, each on every image (no reuse), so the three modes compare directly;
 *   <li>{@code autoattack}: AutoAttack (APGD-CE, APGD-T, Square; straight-through gradients) at ε,
 *       the attack a robustness claim is judged by since Croce &amp; Hein (2020);
 *   <li>{@code cw}: C&amp;W-L2, unbounded: success and median L2;
 *   <li>{@code transfer}: the substitute attack (Papernot et al.) at ε: transfer success and oracle
 *       labels bought;
 *   <li>{@code blackbox}: ZOO (unbounded L2, success and queries) and Square (L∞ ε).
 * </ul>
 *
 * <p>The per-example worst case is over every L∞ attack at ε (FGSM, the three PGDs, AutoAttack, the
 * substitute, Square) on the images all of them attacked; unbounded attacks break every image given enough
 * distortion and are reported by success rate and distance instead.
 */
public final class Reproduction {
  /** What the study runs on. */
  public record Settings(
      int limit, int blackBoxLimit, double eps, List<Double> curveEps, int batch, long seed, Map<String, String> attacks) {
    /** The attacks of each part, as sweep attack lists (see {@link #parts}). */
    public static final Map<String, String> ATTACKS =
        java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Map.of(
            "curves", "fgsm,pgd",
            "gradients", "pgd,pgd[grad=exact],pgd[grad=surrogate]",
            "autoattack", "autoattack",
            "cw", "cw",
            "transfer", "substitute",
            "blackbox", "zoo,square")));

    public Settings {
      attacks = Map.copyOf(attacks);
      if (!attacks.keySet().equals(ATTACKS.keySet())) {
        throw new IllegalArgumentException("reproduce: attacks for exactly " + ATTACKS.keySet() + ", got " + attacks.keySet());
      }
      if (limit < 1 || blackBoxLimit < 1 || blackBoxLimit > limit) {
        throw new UserException("reproduce: need 1 <= --black-box-limit <= --limit, got " + blackBoxLimit + " and " + limit);
      }
      curveEps = List.copyOf(curveEps);
      if (!curveEps.contains(eps)) {
        throw new UserException("reproduce: the ε list " + EpsList.format(curveEps) + " must contain ε " + EpsList.format(eps));
      }
    }

    /**
     * The paper's MNIST setting: 1,000 images, 100 for score-based attacks, ε 0.3. The curves go on
     * past the PGD-trained models' training budget (0.4, 0.5) so that their accuracy, expected to
     * stay high at 0.3, can be seen to fall once the budget grows: if it did not, the attack would be
     * the limit, not the model.
     */
    public static Settings mnist() {
      return new Settings(1000, 100, 0.3, EpsList.parse("0:0.3:0.05,0.4,0.5"), 128, 1, ATTACKS);
    }
  }

  /** A shipped model to study. */
  public record Subject(String name, Path folder, ModelCard card) {}

  /** One sweep of the study. */
  public record Part(String name, String attacks, List<Double> eps, int limit, boolean reuse, boolean checks) {}

  /** The parts every model gets, in the order they run. */
  public static List<Part> parts(Settings s) {
    List<Double> one = List.of(s.eps());
    Map<String, String> a = s.attacks();
    return List.of(
        new Part("curves", a.get("curves"), s.curveEps(), s.limit(), true, true),
        new Part("gradients", a.get("gradients"), one, s.limit(), false, false),
        new Part("autoattack", a.get("autoattack"), one, s.limit(), false, false),
        // C&W at its full settings (9 × 1,000 iterations) costs minutes per 100 images on 2 cores.
        new Part("cw", a.get("cw"), one, s.blackBoxLimit(), false, false),
        new Part("transfer", a.get("transfer"), one, s.limit(), false, false),
        new Part("blackbox", a.get("blackbox"), one, s.blackBoxLimit(), false, false));
  }

  /**
   * One model's numbers (fractions in [0, 1]; null where the part did not run).
   *
   * @param zeroGradientShare share of images whose input gradient is exactly zero, per gradient mode
   * @param worstCaseImages how many images the worst case is over
   */
  public record Row(
      String name, String network, String trainedWith, double clean, Map<Double, Double> fgsm,
      Map<Double, Double> pgdCurve, Double pgdSte, Double pgdExact, Double pgdSurrogate, Double autoAttack, Double cwSuccess,
      Double cwMedianL2, Double zooSuccess, Double zooMedianQueries, Double squareAccuracy, Double squareSuccess,
      Double squareMedianQueries, Double substituteAccuracy, Double substituteSuccess, Long oracleQueries,
      Double worstCase, int worstCaseImages, Map<String, Double> zeroGradientShare, List<Check> checks) {}

  private final Settings settings;
  private final Dataset data;
  private final Path out;
  private final Device device;
  private final ProgressListener progress;
  private final CancellationToken cancel;

  public Reproduction(
      Settings settings, Dataset data, Path out, Device device, ProgressListener progress, CancellationToken cancel) {
    this.settings = settings;
    this.data = data;
    this.out = out;
    this.device = device;
    this.progress = progress;
    this.cancel = cancel;
  }

  /** Runs (or resumes) every part for every subject and returns one row per subject. */
  public List<Row> run(List<Subject> subjects) {
    List<Row> rows = new ArrayList<>();
    List<Part> parts = parts(settings);
    int total = subjects.size() * parts.size();
    int done = 0;
    for (Subject subject : subjects) {
      Map<String, SweepResult> results = new LinkedHashMap<>();
      for (Part part : parts) {
        cancel.throwIfCancelled();
        int step = done++;
        String prefix = subject.name() + " · " + part.name() + " (" + (step + 1) + "/" + total + ")";
        results.put(part.name(), sweep(subject, part, (d, t, msg) ->
            progress.progress((long) step * 1000 + (t <= 0 ? 0 : 1000 * d / t), (long) total * 1000, prefix + ": " + msg)));
      }
      rows.add(row(subject, results, zeroGradients(subject)));
    }
    progress.progress(total, total, "reproduction finished");
    return rows;
  }

  /** The sweep file of a model's part. */
  public Path file(Subject subject, Part part) {
    return out.resolve(subject.name()).resolve(part.name() + ".json");
  }

  private SweepResult sweep(Subject subject, Part part, ProgressListener listener) {
    SweepConfig config =
        new SweepConfig(data.id().key(), List.of(subject.folder().toString()), AttackSpecs.parseList(part.attacks(), null),
            part.eps(), TestSubset.first(part.limit()), settings.batch(), settings.seed(), part.reuse(), 2);
    SweepResult done = read(subject, part);
    if (done != null && done.status() == SweepResult.Status.COMPLETED && done.config().equals(config)) {
      return done; // finished earlier: read it, leave its file (and provenance) untouched
    }
    try {
      Files.createDirectories(file(subject, part).getParent());
    } catch (java.io.IOException e) {
      throw new UserException("cannot create " + file(subject, part).getParent() + ": " + e.getMessage(), e);
    }
    return Sweep.builder()
        .setConfig(config)
        .setData(data)
        .optModels(Path::of)
        .optDevice(device)
        .optOutput(file(subject, part))
        .optChecks(part.checks())
        .optProgress(listener)
        .optCancel(cancel)
        .build()
        .run();
  }

  /** Share of exactly-zero input gradients under {@code exact} and {@code ste} (cheap: one pass each). */
  private Map<String, Double> zeroGradients(Subject subject) {
    Path file = out.resolve(subject.name()).resolve("zero-gradients.json");
    if (Files.exists(file)) {
      return Json.readFile(file, ZeroGradients.class).share();
    }
    LabeledImages images = data.test().head(Math.min(settings.limit(), data.test().count()));
    Map<String, Double> share = new LinkedHashMap<>();
    try (Network net = Network.load(subject.folder(), device)) {
      for (GradientMode mode : List.of(GradientMode.exact(), GradientMode.ste())) {
        Probes.GradientProbe p =
            SanityChecks.probeGradients(net, 0, subject.name(), images, mode, AttackLoss.CE, settings.batch(), cancel);
        share.put(mode.toString(), p.zeroShare());
      }
    }
    AtomicFiles.writeString(file, Json.write(new ZeroGradients(images.count(), share, Provenance.current(device.toString()))));
    return share;
  }

  /** The zero-gradient probe's file. */
  record ZeroGradients(int images, Map<String, Double> share, Provenance provenance) {}

  static Row row(Subject subject, Map<String, SweepResult> r, Map<String, Double> zeroShare) {
    SweepResult curves = r.get("curves");
    SweepResult gradients = r.get("gradients");
    SweepResult autoattack = r.get("autoattack");
    SweepResult cw = r.get("cw");
    SweepResult transfer = r.get("transfer");
    SweepResult blackbox = r.get("blackbox");
    double eps = gradients.config().eps().get(0);
    Map<Double, Double> fgsm = new LinkedHashMap<>();
    Map<Double, Double> pgd = new LinkedHashMap<>();
    for (double e : curves.config().eps()) {
      fgsm.put(e, curves.cell(0, 0, e).orElseThrow().robustAccuracy());
      pgd.put(e, curves.cell(0, 1, e).orElseThrow().robustAccuracy());
    }
    SweepCell ste = gradients.cell(0, 0, eps).orElseThrow();
    SweepCell exact = gradients.cell(0, 1, eps).orElseThrow();
    SweepCell surrogate = gradients.cell(0, 2, eps).orElseThrow();
    SweepCell auto = autoattack.cell(0, 0, eps).orElseThrow();
    SweepCell c = cw.cell(0, 0, eps).orElseThrow();
    SweepCell substitute = transfer.cell(0, 0, eps).orElseThrow();
    SweepCell zoo = blackbox.cell(0, 0, eps).orElseThrow();
    SweepCell square = blackbox.cell(0, 1, eps).orElseThrow();

    int n = blackbox.data().n();
    boolean[] robust = blackbox.outcomes().get(index(blackbox, 0, 1, eps)).robustFlags().clone();
    and(robust, curves, 0, 0, eps);
    for (int a = 0; a < 3; a++) {
      and(robust, gradients, 0, a, eps);
    }
    and(robust, autoattack, 0, 0, eps);
    and(robust, transfer, 0, 0, eps);
    int survivors = 0;
    for (int i = 0; i < n; i++) {
      if (robust[i]) {
        survivors++;
      }
    }
    List<Check> checks = new ArrayList<>(curves.checks());
    String trainedWith = subject.card() == null ? "unknown" : subject.card().recipe().adversarial().method().toString().toLowerCase(java.util.Locale.ROOT);
    double clean = curves.cell(0, 0, curves.config().eps().get(0)).orElseThrow().cleanAccuracy();
    return new Row(
        subject.name(), curves.models().get(0).network(), trainedWith, clean,
        fgsm, pgd, ste.robustAccuracy(), exact.robustAccuracy(), surrogate.robustAccuracy(), auto.robustAccuracy(),
        c.unboundedSuccessRate(),
        c.medianL2(), zoo.unboundedSuccessRate(), zoo.medianQueries(), square.robustAccuracy(), square.successRate(),
        square.medianQueries(), substitute.robustAccuracy(), substitute.successRate(), oracleQueries(substitute),
        (double) survivors / n, n, zeroShare, checks);
  }

  private static int index(SweepResult s, int model, int attack, double eps) {
    for (int i = 0; i < s.outcomes().size(); i++) {
      if (s.outcomes().get(i).at(model, attack, eps)) {
        return i;
      }
    }
    throw new IllegalStateException("no outcome for attack " + attack + " at " + eps);
  }

  /** Keeps an image robust only if it is also robust in that cell (subsets are first-N, so indices align). */
  private static void and(boolean[] robust, SweepResult s, int model, int attack, double eps) {
    boolean[] other = s.outcomes().get(index(s, model, attack, eps)).robustFlags();
    for (int i = 0; i < robust.length; i++) {
      robust[i] &= other[i];
    }
  }

  private static Long oracleQueries(SweepCell c) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("oracle-queries=(\\d+)").matcher(c.description());
    return m.find() ? Long.parseLong(m.group(1)) : null;
  }

  /** The curves of several models as one chart (each model's own sweep, relabelled by its name). */
  public static Charts.LineChart curves(String title, List<Subject> subjects, Map<String, SweepResult> curvesByName) {
    List<SweepCell> cells = new ArrayList<>();
    int m = 0;
    for (Subject s : subjects) {
      SweepResult r = curvesByName.get(s.name());
      if (r == null) {
        continue;
      }
      for (SweepCell c : r.cells()) {
        cells.add(c.relabelled(m, s.name()));
      }
      m++;
    }
    return Charts.accuracyVsEps(title, cells, List.of());
  }

  /** Reads a finished part back (for the report), or null when it has not run. */
  public SweepResult read(Subject subject, Part part) {
    Path f = file(subject, part);
    return Files.exists(f) ? Json.readFile(f, SweepResult.class) : null;
  }
}
