package dqa.eval;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import dqa.attack.Attack;
import dqa.attack.AttackContext;
import dqa.attack.AttackLoss;
import dqa.attack.AttackResult;
import dqa.attack.AttackSettings;
import dqa.attack.BatchSeeds;
import dqa.attack.Norm;
import dqa.attack.Pgd;
import dqa.attack.SubstituteAttack;
import dqa.attack.TrainedSubstitute;
import dqa.data.Dataset;
import dqa.data.LabeledImages;
import dqa.nn.GradientMode;
import dqa.nn.Network;
import dqa.run.AppPaths;
import dqa.run.CancellationToken;
import dqa.run.CancelledException;
import dqa.run.Json;
import dqa.run.ProgressListener;
import dqa.run.Provenance;
import dqa.run.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A robustness sweep: every model under every attack at every budget ε, on a fixed, recorded
 * subset of the test set; per (model, attack, ε) cell the clean and robust accuracy, success rate,
 * median distances and queries, and per (model, ε) the worst case across attacks.
 *
 * <p><b>Running.</b> {@link #run} works synchronously on the caller's thread (put it on the engine
 * thread); models are loaded one at a time; each cell is attacked in batches of {@link
 * SweepConfig#batch()} images by the shared {@link BatchedAttack}, each batch in its own engine
 * sub-manager and with its own seed ({@link BatchSeeds}: a hash of the config seed, the attack's
 * index, ε and the batch's number, the same for every model so models meet the same random starts). It reports progress in images,
 * polls the cancellation token every batch and attack step, and hands every finished cell to the
 * {@link SweepListener} as plain values.
 *
 * <p><b>Saving and resuming.</b> With an output file, the whole sweep file ({@link SweepResult}) is
 * rewritten atomically at the start, after every cell, and at the end, so a crash or kill loses at
 * most the cell in progress. Built again with the same config and output, a sweep resumes: it
 * keeps the finished cells and computes only the missing ones, which gives the same numbers as an
 * uninterrupted run because each cell depends only on the config, the saved outcomes of earlier
 * cells and its batch seeds. It refuses, naming the difference, when the file's config, data set
 * fingerprint or a model's fingerprint differs from this one's.
 *
 * <p><b>Reusing work across ε</b> ({@link SweepConfig#reuse()}, on by default). For an attack with a
 * budget, the ε-ball of a smaller budget lies inside that of every larger budget in the same norm,
 * and the adversarial image found there (already rounded to 8-bit pixels, which for L∞ clamps to
 * ⌊255ε⌋ steps and for L2 only shortens the change) is therefore also a valid adversarial example
 * under the larger budget. So an example broken at a smaller ε is counted as broken at every
 * larger ε with the same image and distances, and only the examples that survived the previous ε
 * are attacked. The robust-accuracy curve becomes monotone, as the true one is, and a stochastic
 * attack no longer "un-breaks" an example by bad luck at a larger budget. Each cell says whether it
 * was used ({@code reused_from_eps}). Minimum-distortion attacks without a budget (ε = ∞, such as
 * C&amp;W) are run once per model at the first ε; every ε then counts as broken the examples whose
 * adversarial distance in the attack's norm is at most ε (also reported as {@code reused_from_eps}).
 *
 * <p><b>Sanity checks.</b> When the cells are done the sweep probes each model (input gradients,
 * a stronger PGD; see {@link SanityChecks}) and stores the checks' verdicts in the file.
 */
public final class Sweep {
  /** Held-out images a substitute attack learns from (Papernot et al. used 150). */
  static final int HELD_OUT = 150;

  private final SweepConfig config;
  private final Device device;
  private final Path output;
  private final SweepListener listener;
  private final ProgressListener progress;
  private final CancellationToken cancel;
  private final boolean checks;
  private final DataRecord data;
  private final LabeledImages images;
  private final List<Path> folders;
  private final List<ModelRecord> models;
  private final Attack[][] attacks;
  private final List<String> attackLabels;
  private final SweepResult existing;

  private Sweep(Builder b) {
    this.config = b.config;
    this.device = b.device;
    this.output = b.output;
    this.listener = b.listener;
    this.progress = b.progress;
    this.cancel = b.cancel;
    this.checks = b.checks;
    if (!b.data.id().key().equals(config.dataset())) {
      throw new UserException(
          "sweep: the config is for " + config.dataset() + " but the data set given is " + b.data.id().key());
    }
    this.data = DataRecord.of(b.data, config.subset());
    if (data.n() == 0) {
      throw new UserException("sweep: the test set of " + config.dataset() + " has no images");
    }
    this.images = b.data.test().select(data.indices());
    this.folders = new ArrayList<>();
    this.models = new ArrayList<>();
    for (String ref : config.models()) {
      ModelRecord record = ModelRecord.resolve(ref, b.resolver, images, config.dataset());
      folders.add(record.path());
      models.add(record);
    }
    this.attackLabels = config.attackLabels();
    LabeledImages heldOut = heldOut(b.data.test(), data.indices(), HELD_OUT);
    this.attacks = new Attack[config.attacks().size()][config.eps().size()];
    for (int a = 0; a < attacks.length; a++) {
      AttackSettings s = config.attacks().get(a);
      for (int e = 0; e < config.eps().size(); e++) {
        double eps = config.eps().get(e);
        Attack attack;
        try {
          attack = b.factory.create(s, eps, config.dataset(), heldOut);
        } catch (IllegalArgumentException ex) {
          throw new UserException("attack " + AttackSpecs.format(s) + " at eps " + EpsList.format(eps) + ": "
              + ex.getMessage(), ex);
        }
        if (Double.isFinite(attack.eps()) && Math.abs(attack.eps() - eps) > 1e-9) {
          throw new UserException("attack " + attackLabels.get(a) + " does not take its budget from the sweep (asked "
              + EpsList.format(eps) + ", got " + EpsList.format(attack.eps()) + ")");
        }
        attacks[a][e] = attack;
      }
    }
    this.existing = output != null && Files.exists(output) ? resumable(output) : null;
  }

  public static Builder builder() {
    return new Builder();
  }

  public SweepConfig config() {
    return config;
  }

  /** The models as resolved and fingerprinted. */
  public List<ModelRecord> models() {
    return List.copyOf(models);
  }

  /** The images of the sweep's subset, as a record. */
  public DataRecord data() {
    return data;
  }

  /** Cells already finished in the output file this sweep resumes (0 for a new sweep). */
  public int cellsAlreadyDone() {
    return existing == null ? 0 : existing.cells().size();
  }

  /**
   * Runs (or resumes) the sweep on the caller's thread.
   *
   * @return the complete sweep, also in the output file when one was given
   * @throws CancelledException when cancelled; the file then holds every cell finished so far
   */
  public SweepResult run() {
    long start = System.nanoTime();
    double before = existing == null ? 0 : existing.seconds();
    Provenance now = Provenance.current(device.isGpu() ? "GPU " + device.getDeviceId() : "CPU");
    State state = new State(now, before, start);
    if (existing != null) {
      state.first = existing.provenance();
      state.resumed.addAll(existing.resumed());
      state.resumed.add(now);
      state.cells.addAll(existing.cells());
      state.outcomes.addAll(existing.outcomes());
      state.probes = existing.probes();
      state.checks = existing.checks();
      for (SweepCell c : existing.cells()) {
        listener.cellRestored(c);
      }
    }
    write(state.snapshot(SweepResult.Status.RUNNING, null));
    try {
      for (int m = 0; m < models.size(); m++) {
        if (missingCells(state, m)) {
          runModel(state, m);
        }
      }
      if (checks && state.probes == null) {
        state.probes = probe(state);
        write(state.snapshot(SweepResult.Status.RUNNING, null));
      }
      SweepResult done = state.snapshot(SweepResult.Status.COMPLETED, null);
      if (checks) {
        state.checks = SanityChecks.all(done, null);
        listener.checksFinished(state.checks);
        done = state.snapshot(SweepResult.Status.COMPLETED, null);
      }
      progress.progress(totalUnits(), totalUnits(), "sweep finished");
      write(done);
      return done;
    } catch (CancelledException e) {
      write(state.snapshot(SweepResult.Status.CANCELLED,
          "cancelled after " + state.cells.size() + " of " + config.cellCount() + " cells"));
      throw e;
    } catch (RuntimeException | Error e) {
      try {
        write(state.snapshot(SweepResult.Status.FAILED, String.valueOf(e.getMessage())));
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * The substitute attack's initial set: the last {@code count} test images that are not in the
   * subset (the paper's 150 held-out images), so no attacked image ever trains a substitute.
   */
  static LabeledImages heldOut(LabeledImages test, int[] subset, int count) {
    Set<Integer> attacked = new java.util.HashSet<>();
    for (int i : subset) {
      attacked.add(i);
    }
    List<Integer> picked = new ArrayList<>();
    for (int i = test.count() - 1; i >= 0 && picked.size() < count; i--) {
      if (!attacked.contains(i)) {
        picked.add(i);
      }
    }
    if (picked.isEmpty()) {
      return null;
    }
    java.util.Collections.reverse(picked);
    return test.select(picked.stream().mapToInt(Integer::intValue).toArray());
  }

  private boolean missingCells(State state, int m) {
    for (int a = 0; a < attacks.length; a++) {
      for (double e : config.eps()) {
        if (state.index(m, a, e) < 0) {
          return true;
        }
      }
    }
    return false;
  }

  private void runModel(State state, int m) {
    // A substitute is trained once per target model and then crafts every ε of its attack.
    Map<Integer, TrainedSubstitute> substitutes = new HashMap<>();
    try (Network net = Network.load(folders.get(m), device)) {
      for (int a = 0; a < attacks.length; a++) {
        for (int e = 0; e < config.eps().size(); e++) {
          double eps = config.eps().get(e);
          if (state.index(m, a, eps) >= 0) {
            continue;
          }
          cancel.throwIfCancelled();
          Computed c = runCell(net, state, m, a, e, substitutes);
          state.cells.add(c.cell());
          state.outcomes.add(c.outcome());
          SweepResult snapshot = state.snapshot(SweepResult.Status.RUNNING, null);
          write(snapshot);
          listener.cellFinished(c.cell());
          for (WorstCase w : snapshot.worstCase()) {
            if (w.modelIndex() == m && w.eps() == eps && w.norm() == c.cell().norm()) {
              listener.worstCaseUpdated(w);
            }
          }
        }
      }
    } finally {
      substitutes.values().forEach(TrainedSubstitute::close);
    }
  }

  /** The attack a cell runs: a substitute attack crafts on its model's prepared substitute. */
  private Attack cellAttack(Network net, int m, int a, int e, Map<Integer, TrainedSubstitute> substitutes) {
    Attack attack = attacks[a][e];
    if (!(attack instanceof SubstituteAttack substitute)) {
      return attack;
    }
    TrainedSubstitute trained = substitutes.get(a);
    if (trained == null) {
      String message = ModelRecord.label(models, m) + " · " + attackLabels.get(a) + ": training the substitute";
      long base = (long) cellPosition(m, a, e) * images.count();
      trained =
          substitute.prepare(net, new AttackContext(BatchSeeds.of(config.seed(), a, -1, 0),
              (done, total, msg) -> progress.progress(base, totalUnits(), message + " " + msg), cancel));
      substitutes.put(a, trained);
    }
    return trained.attack(substitute.crafter());
  }

  private record Computed(SweepCell cell, CellOutcome outcome) {}

  private Computed runCell(Network net, State state, int m, int a, int e, Map<Integer, TrainedSubstitute> substitutes) {
    long start = System.nanoTime();
    Attack attack = cellAttack(net, m, a, e, substitutes);
    String description =
        substitutes.containsKey(a)
            ? attack.describe() + " oracle-queries=" + substitutes.get(a).report().oracleQueries()
            : attack.describe();
    double eps = config.eps().get(e);
    boolean bounded = Double.isFinite(attack.eps());
    int n = images.count();
    boolean[] robust = new boolean[n];
    float[] l2 = new float[n];
    float[] linf = new float[n];
    Arrays.fill(l2, -1f);
    Arrays.fill(linf, -1f);
    long[] queries = new long[n];
    boolean counted = false;
    Double reusedFrom = null;
    int[] targets;
    CellOutcome prev = null;
    if (!bounded && e > 0) {
      reusedFrom = config.eps().get(0);
      prev = state.outcomes.get(state.index(m, a, reusedFrom));
    } else if (bounded && config.reuse() && e > 0) {
      reusedFrom = config.eps().get(e - 1);
      prev = state.outcomes.get(state.index(m, a, reusedFrom));
    }
    boolean[] clean = prev == null ? new boolean[n] : prev.cleanFlags();
    if (prev == null) {
      targets = range(n);
    } else {
      boolean[] survived = prev.robustFlags();
      counted = prev.queries() != null;
      List<Integer> again = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (bounded && survived[i]) {
          again.add(i);
        } else {
          l2[i] = prev.l2()[i];
          linf[i] = prev.linf()[i];
          queries[i] = counted ? prev.queries()[i] : 0;
        }
      }
      targets = again.stream().mapToInt(Integer::intValue).toArray();
    }
    float[] distance = attack.norm() == Norm.L2 ? l2 : linf;
    List<Example> examples = new ArrayList<>();
    long cellBase = (long) cellPosition(m, a, e) * n;
    String prefix = ModelRecord.label(models, m) + " · " + attackLabels.get(a) + " eps=" + EpsList.format(eps);
    int total = targets.length;
    int size = images.imageSize();
    boolean[] countedQueries = {counted};
    BatchedAttack.run(net, attack, images, targets, config.batch(), new BatchSeeds(config.seed(), a, eps),
        (done, all, msg) ->
            progress.progress(cellBase + n * done / Math.max(1, total), totalUnits(), prefix + " " + msg),
        cancel, batch -> {
          AttackResult r = batch.result();
          for (int j = 0; j < r.n(); j++) {
            int i = batch.images()[j];
            clean[i] = r.cleanPredictions()[j] == r.labels()[j];
            boolean broken = clean[i] && r.adversarialPredictions()[j] != r.labels()[j];
            if (broken) {
              l2[i] = (float) r.l2()[j];
              linf[i] = (float) r.linf()[j];
              queries[i] = r.queries()[j];
              if (examples.size() < config.examples()) {
                examples.add(example(m, a, eps, i, r, j, size));
              }
            }
            if (r.queries()[j] > 0) {
              countedQueries[0] = true;
            }
          }
        });
    counted = countedQueries[0];
    for (int i = 0; i < n; i++) {
      boolean broken = distance[i] >= 0 && (bounded || distance[i] <= eps + 1e-9);
      robust[i] = clean[i] && !broken;
    }
    int cleanCorrect = Bits.count(clean);
    int robustCorrect = Bits.count(robust);
    List<Double> brokenL2 = new ArrayList<>();
    List<Double> brokenLinf = new ArrayList<>();
    List<Double> brokenQueries = new ArrayList<>();
    int brokenAny = 0;
    for (int i = 0; i < n; i++) {
      if (clean[i] && distance[i] >= 0) {
        brokenAny++;
      }
      // An unbounded attack's distances describe all its successes, not only those within this ε.
      if (bounded ? clean[i] && !robust[i] : clean[i] && distance[i] >= 0) {
        brokenL2.add((double) l2[i]);
        brokenLinf.add((double) linf[i]);
        brokenQueries.add((double) queries[i]);
      }
    }
    SweepCell cell =
        new SweepCell(
            m, config.models().get(m), ModelRecord.label(models, m), a, attackLabels.get(a), description,
            attack.norm(), attack.access(), bounded, eps, n, cleanCorrect, robustCorrect, (double) cleanCorrect / n,
            (double) robustCorrect / n, cleanCorrect == 0 ? 0 : 1 - (double) robustCorrect / cleanCorrect,
            targets.length, reusedFrom, bounded ? null : cleanCorrect == 0 ? 0.0 : (double) brokenAny / cleanCorrect,
            median(brokenL2), median(brokenLinf), counted ? median(brokenQueries) : null,
            (System.nanoTime() - start) / 1e9);
    return new Computed(
        cell, CellOutcome.of(m, a, eps, clean, robust, l2, linf, counted ? queries : null, examples));
  }

  private Example example(int m, int a, double eps, int i, AttackResult r, int j, int size) {
    byte[] adv = new byte[size];
    for (int k = 0; k < size; k++) {
      adv[k] = (byte) Math.round(Math.max(0, Math.min(1, r.adversarial()[j * size + k])) * 255);
    }
    int predicted = r.adversarialPredictions()[j];
    Base64.Encoder b64 = Base64.getEncoder();
    return new Example(
        m, a, eps, data.indices()[i], r.labels()[j], r.cleanPredictions()[j], predicted,
        r.adversarialProbabilities()[j * r.classes() + predicted], images.channels(), images.height(), images.width(),
        b64.encodeToString(images.image(i)), b64.encodeToString(adv));
  }

  private Probes probe(State state) {
    List<Probes.GradientProbe> gradients = new ArrayList<>();
    List<Probes.ConvergenceProbe> convergence = new ArrayList<>();
    int last = config.eps().size() - 1;
    for (int m = 0; m < models.size(); m++) {
      cancel.throwIfCancelled();
      progress.progress(totalUnits(), totalUnits(), "sanity probes: " + ModelRecord.label(models, m));
      String label = ModelRecord.label(models, m);
      try (Network net = Network.load(folders.get(m), device)) {
        Set<String> seen = new LinkedHashSet<>();
        for (int a = 0; a < attacks.length; a++) {
          Attack attack = attacks[a][last];
          if (attack.access() != Attack.Access.WHITE_BOX) {
            continue;
          }
          GradientMode mode = attack.gradient();
          AttackLoss loss = Objects.requireNonNullElse(config.attacks().get(a).loss(), AttackLoss.CE);
          if (seen.add(mode + "/" + loss)) {
            gradients.add(SanityChecks.probeGradients(net, m, label, images, mode, loss, config.batch(), cancel));
          }
        }
        for (int a = 0; a < attacks.length; a++) {
          int e = steepest(state, m, a);
          if (e < 0 || !(attacks[a][e] instanceof Pgd pgd)) {
            continue;
          }
          convergence.add(
              SanityChecks.probeConvergence(
                  net, m, label, a, attackLabels.get(a), images, pgd, config.batch(),
                  BatchSeeds.of(config.seed(), a, config.eps().get(e), 1_000_000), cancel));
        }
      }
    }
    return new Probes(gradients, convergence);
  }

  /** The ε index (> 0 budget) where the attack's robust accuracy is nearest half the clean accuracy. */
  private int steepest(State state, int m, int a) {
    int best = -1;
    double bestGap = Double.MAX_VALUE;
    for (int e = 0; e < config.eps().size(); e++) {
      double eps = config.eps().get(e);
      int i = state.index(m, a, eps);
      if (eps <= 0 || i < 0) {
        continue;
      }
      SweepCell c = state.cells.get(i);
      double gap = Math.abs(c.robustAccuracy() - c.cleanAccuracy() / 2);
      if (gap <= bestGap) {
        best = e;
        bestGap = gap;
      }
    }
    return best;
  }

  private int cellPosition(int m, int a, int e) {
    return (m * attacks.length + a) * config.eps().size() + e;
  }

  private long totalUnits() {
    return (long) config.cellCount() * images.count();
  }

  private static int[] range(int n) {
    int[] r = new int[n];
    Arrays.setAll(r, i -> i);
    return r;
  }

  static Double median(List<Double> values) {
    if (values.isEmpty()) {
      return null;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int k = v.length / 2;
    return v.length % 2 == 1 ? v[k] : (v[k - 1] + v[k]) / 2;
  }

  private void write(SweepResult result) {
    if (output != null) {
      Json.writeFile(output, result);
    }
  }

  private SweepResult resumable(Path file) {
    SweepResult old = Json.readFile(file, SweepResult.class);
    List<String> diffs = new ArrayList<>();
    JsonNode was = Json.mapper().valueToTree(old.config());
    JsonNode now = Json.mapper().valueToTree(config);
    Set<String> fields = new LinkedHashSet<>();
    now.fieldNames().forEachRemaining(fields::add);
    was.fieldNames().forEachRemaining(fields::add);
    for (String f : fields) {
      JsonNode w = was.get(f);
      JsonNode n = now.get(f);
      if (!Objects.equals(w, n)) {
        diffs.add(f + " " + compact(w) + " in the file, " + compact(n) + " now");
      }
    }
    if (!diffs.isEmpty()) {
      throw new UserException(
          file + " holds a sweep with a different config (" + String.join("; ", diffs)
              + "); to start over, delete it or write to another file");
    }
    if (!old.data().sha256().equals(data.sha256()) || !old.data().indicesSha256().equals(data.indicesSha256())) {
      throw new UserException(
          file + " was made on other images (data set sha256 " + old.data().sha256().substring(0, 12) + "…, now "
              + data.sha256().substring(0, 12) + "…); to start over, delete it or write to another file");
    }
    for (int m = 0; m < models.size(); m++) {
      if (!old.models().get(m).sha256().equals(models.get(m).sha256())) {
        throw new UserException(
            file + ": model " + config.models().get(m) + " changed since the sweep began (sha256 "
                + old.models().get(m).sha256().substring(0, 12) + "…, now " + models.get(m).sha256().substring(0, 12)
                + "…); to start over, delete it or write to another file");
      }
    }
    return old;
  }

  private static String compact(JsonNode node) {
    String s = node == null ? "(none)" : node.toString();
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }

  /** What a sweep has made so far. */
  private final class State {
    final Provenance session;
    final double secondsBefore;
    final long startNanos;
    Provenance first;
    final List<Provenance> resumed = new ArrayList<>();
    final List<SweepCell> cells = new ArrayList<>();
    final List<CellOutcome> outcomes = new ArrayList<>();
    Probes probes;
    List<Check> checks = List.of();

    State(Provenance session, double secondsBefore, long startNanos) {
      this.session = session;
      this.first = session;
      this.secondsBefore = secondsBefore;
      this.startNanos = startNanos;
    }

    int index(int m, int a, double eps) {
      for (int i = 0; i < cells.size(); i++) {
        if (cells.get(i).at(m, a, eps)) {
          return i;
        }
      }
      return -1;
    }

    SweepResult snapshot(SweepResult.Status status, String message) {
      // Cells in config order, whatever order the sessions made them in.
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < cells.size(); i++) {
        order.add(i);
      }
      order.sort(
          (x, y) ->
              Integer.compare(
                  cellPosition(cells.get(x).modelIndex(), cells.get(x).attackIndex(),
                      config.eps().indexOf(cells.get(x).eps())),
                  cellPosition(cells.get(y).modelIndex(), cells.get(y).attackIndex(),
                      config.eps().indexOf(cells.get(y).eps()))));
      List<SweepCell> c = new ArrayList<>();
      List<CellOutcome> o = new ArrayList<>();
      for (Iterator<Integer> it = order.iterator(); it.hasNext(); ) {
        int i = it.next();
        c.add(cells.get(i));
        o.add(outcomes.get(i));
      }
      List<Norm> norms = new ArrayList<>();
      for (Attack[] perEps : attacks) {
        norms.add(perEps[0].norm());
      }
      return new SweepResult(
          SweepResult.FORMAT, status, config, data, models, first, resumed, c, WorstCases.of(config, models, norms, c, o),
          probes, checks, o, secondsBefore + (System.nanoTime() - startNanos) / 1e9, message);
    }
  }

  /** Builds a sweep (DJL style: {@code setX} required, {@code optX} optional); validates in {@link #build()}. */
  public static final class Builder {
    private SweepConfig config;
    private Dataset data;
    private ModelResolver resolver;
    private Device device = Device.cpu();
    private Path output;
    private SweepListener listener = SweepListener.NONE;
    private ProgressListener progress = ProgressListener.NONE;
    private CancellationToken cancel = CancellationToken.none();
    private boolean checks = true;
    private AttackFactory factory = AttackFactory.STANDARD;

    private Builder() {}

    public Builder setConfig(SweepConfig config) {
      this.config = config;
      return this;
    }

    /** The data set whose test images the subset is drawn from (its id must be the config's). */
    public Builder setData(Dataset data) {
      this.data = data;
      return this;
    }

    /** How model names are resolved (default: folders, run folders and the shipped models). */
    public Builder optModels(ModelResolver resolver) {
      this.resolver = resolver;
      return this;
    }

    public Builder optDevice(Device device) {
      this.device = device;
      return this;
    }

    /** The sweep file, rewritten after every cell; an existing one with the same config is resumed. */
    public Builder optOutput(Path output) {
      this.output = output;
      return this;
    }

    public Builder optListener(SweepListener listener) {
      this.listener = listener;
      return this;
    }

    public Builder optProgress(ProgressListener progress) {
      this.progress = progress;
      return this;
    }

    public Builder optCancel(CancellationToken cancel) {
      this.cancel = cancel;
      return this;
    }

    /** Whether to probe the models and run the sanity checks at the end (default: yes). */
    public Builder optChecks(boolean checks) {
      this.checks = checks;
      return this;
    }

    /** How an attack is built for a budget (default: {@link AttackFactory#STANDARD}). */
    public Builder optAttackFactory(AttackFactory factory) {
      this.factory = factory;
      return this;
    }

    /**
     * Resolves and fingerprints the models, builds every attack at every ε, and reads the output
     * file when it exists (no engine work).
     *
     * @throws UserException naming the problem: unknown model or attack, wrong image shape, or an
     *     output file that holds a different sweep
     */
    public Sweep build() {
      if (config == null || data == null) {
        throw new IllegalStateException("a sweep needs setConfig and setData");
      }
      if (resolver == null) {
        resolver = ModelResolver.standard(AppPaths.detect().models());
      }
      listener = Objects.requireNonNullElse(listener, SweepListener.NONE);
      progress = Objects.requireNonNullElse(progress, ProgressListener.NONE);
      cancel = Objects.requireNonNullElse(cancel, CancellationToken.none());
      device = Objects.requireNonNullElse(device, Device.cpu());
      return new Sweep(this);
    }
  }

  /** Builds the attack of a setting for one budget. */
  @FunctionalInterface
  public interface AttackFactory {
    /**
     * {@code settings.withEps(eps).create(dataset, heldOut)}: the attack's own defaults for the data
     * set; attacks that {@linkplain AttackSettings#takesBudget() take no budget} are built without ε.
     */
    AttackFactory STANDARD =
        (settings, eps, dataset, heldOut) ->
            (settings.takesBudget() ? settings.withEps(eps) : settings).create(dataset, heldOut);

    /**
     * @param heldOut test images outside the sweep's subset, for attacks that learn from the target
     *     (the substitute attack); null when the subset is the whole test set
     */
    Attack create(AttackSettings settings, double eps, String dataset, LabeledImages heldOut);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Sweep[%d models x %d attacks x %d eps on %s]", models.size(), attacks.length,
        config.eps().size(), data.subset());
  }
}
