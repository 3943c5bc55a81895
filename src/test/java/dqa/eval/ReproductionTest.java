package dqa.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dqa.data.DatasetId;
import dqa.nn.NetworkSpec;
import dqa.run.CancellationToken;
import dqa.run.ProgressListener;
import dqa.testing.TinyModels;
import dqa.train.ModelCard;
import dqa.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reproduction study on two tiny models with cheap attack settings: every part runs into its
 * own file, rows agree with the sweeps they come from, the worst case is per example, a rerun reads
 * the finished files without touching them, and the report carries the numbers.
 */
@Tag("engine")
class ReproductionTest {
  static final Map<String, String> CHEAP =
      Map.of(
          "curves", "fgsm,pgd[steps=5,step=0.1]",
          "gradients", "pgd[steps=5,step=0.1],pgd[steps=5,step=0.1,grad=exact],pgd[steps=5,step=0.1,grad=surrogate]",
          "autoattack", "autoattack[steps=5,queries=50]",
          "cw", "cw[steps=30,restarts=5,step=0.05]",
          // The substitute's own sweep test covers it; here any L∞ attack exercises the plumbing.
          "transfer", "mifgsm[steps=3]",
          "blackbox", "zoo[queries=400,step=0.1],square[queries=100]");

  static Reproduction.Subject subject(String name, Path folder, String activation) {
    TrainConfig recipe = TrainConfig.defaults(DatasetId.MNIST, NetworkSpec.parseActivations(activation));
    ModelCard card = new ModelCard(name, "cnn/" + activation, "mnist", name + ".json", recipe, 1, "0".repeat(64), 1024,
        1, 1, null, 0.9, 64, 0.9, 1000, Map.of(), null, null);
    return new Reproduction.Subject(name, folder, card);
  }

  @Test
  void everyPartRunsOnceAndTheReportCarriesItsNumbers(@TempDir Path tmp) throws Exception {
    Reproduction.Settings settings = new Reproduction.Settings(40, 20, 0.3, List.of(0.0, 0.1, 0.2, 0.3), 40, 1, CHEAP);
    List<Reproduction.Subject> subjects =
        List.of(subject("tiny-relu", TinyModels.relu(), "relu"), subject("tiny-fixed1", TinyModels.fixed1(), "fixed:1"));
    Reproduction study =
        new Reproduction(settings, TinyModels.sample(), tmp, Device.cpu(), ProgressListener.NONE, CancellationToken.none());
    List<Reproduction.Row> rows = study.run(subjects);

    assertEquals(2, rows.size());
    for (Reproduction.Subject s : subjects) {
      for (Reproduction.Part p : Reproduction.parts(settings)) {
        assertTrue(Files.isRegularFile(study.file(s, p)), study.file(s, p).toString());
      }
    }
    Reproduction.Row relu = rows.get(0);
    Reproduction.Row fixed1 = rows.get(1);
    SweepResult gradients = study.read(subjects.get(1), Reproduction.parts(settings).get(1));
    assertEquals(gradients.cell(0, 1, 0.3).orElseThrow().robustAccuracy(), fixed1.pgdExact());
    assertEquals(0.0, relu.zeroGradientShare().get("exact"), "relu has no quantizer to hide behind");
    assertTrue(fixed1.zeroGradientShare().get("exact") > 0.9, "sign activations: exact gradients vanish");
    assertTrue(fixed1.pgdExact() >= fixed1.pgdSte(), "exact gradients are no stronger than straight-through");
    for (Reproduction.Row r : rows) {
      assertEquals(20, r.worstCaseImages());
      assertTrue(r.worstCase() <= r.squareAccuracy() + 1e-12, "worst case is at most each attack on the same images");
      assertTrue(r.autoAttack() != null && r.autoAttack() <= r.pgdSte() + 0.05,
          "AutoAttack, whose first member is an APGD-CE, is about as strong as PGD at least: " + r);
      assertTrue(r.cwSuccess() != null && r.cwMedianL2() != null, r.toString());
      assertEquals(4, r.fgsm().size());
    }

    FileTime before = Files.getLastModifiedTime(study.file(subjects.get(0), Reproduction.parts(settings).get(0)));
    List<Reproduction.Row> again = study.run(subjects);
    assertEquals(rows.get(0).pgdSte(), again.get(0).pgdSte());
    assertEquals(rows.get(1).worstCase(), again.get(1).worstCase());
    assertEquals(before, Files.getLastModifiedTime(study.file(subjects.get(0), Reproduction.parts(settings).get(0))),
        "a finished part is read, not rewritten");

    String md = ReproductionReport.markdown(rows,
        new ReproductionReport.Meta("dqa reproduce", "mnist", "bundled sample", "ab", 40, 20, 0.3,
            dqa.run.Provenance.current("CPU"), List.of("0123456789ab"), "reproduction", "c.png", "a.png"));
    assertTrue(md.contains("| tiny-fixed1 | clean | " + ReproductionReport.pct(fixed1.clean())), md);
    assertTrue(md.contains(ReproductionReport.pct(fixed1.pgdExact())));
    assertTrue(md.contains("## What the numbers say") && md.contains("Athalye"));
    assertTrue(md.contains("Numbers computed by commit 0123456789ab (the provenance of the part files)"), md);
    assertTrue(md.contains("| worst case (first 20) |"), md);
  }
}
