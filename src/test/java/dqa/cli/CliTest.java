package dqa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dqa.cli.CliRun.Outcome;
import dqa.run.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end on the bundled sample: JSON fields, exit codes, one-line errors. */
@Tag("engine")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliTest {
  @TempDir static Path tmp;
  static Path run;

  static Outcome cli(String... args) {
    return CliRun.execute(args);
  }

  /** The bundled sample only: an empty home so no cache or user data leaks in. */
  static String[] withHome(String... args) {
    System.setProperty("dqa.home", tmp.resolve("home").toString());
    return args;
  }

  @BeforeAll
  void trainOnce() {
    Outcome o =
        cli(withHome("train", "--dataset", "mnist", "--arch", "cnn", "--act", "fixed:2", "--epochs", "1", "--limit",
            "512", "--test-limit", "200", "--batch", "64", "--out", tmp.resolve("run").toString(), "--json"));
    assertEquals(0, o.exit(), o.err());
    run = tmp.resolve("run");
    JsonNode j = o.json();
    assertEquals(run.toString(), j.get("run").asText());
    assertEquals(1, j.get("epochs").asInt());
    assertTrue(j.get("test_accuracy").asDouble() > 0.3, o.out());
    assertTrue(j.has("seconds"));
  }

  @Test
  void shipRefusesARecipeFileTheRunWasNotTrainedFrom() throws Exception {
    Path models = Files.createDirectories(tmp.resolve("ship-models").resolve("recipes")).getParent();
    String config = Json.mapper().readTree(run.resolve("run.json").toFile()).get("config").toString();
    Files.writeString(models.resolve("recipes/same.json"), config);
    Files.writeString(models.resolve("recipes/other.json"), config.replace("\"seed\":1", "\"seed\":2"));

    Outcome other = cli(withHome("ship", "--run", run.toString(), "--name", "other", "--recipe-file", "other.json",
        "--models-dir", models.toString()));
    assertEquals(2, other.exit(), other.err());
    assertTrue(other.err().contains("other.json") && other.err().contains("different recipe"), other.err());
    assertFalse(Files.exists(models.resolve("other")), "nothing shipped");

    Outcome same = cli(withHome("ship", "--run", run.toString(), "--name", "same", "--recipe-file", "same.json",
        "--models-dir", models.toString()));
    assertEquals(0, same.exit(), same.err());
    assertTrue(Files.isRegularFile(models.resolve("same/card.json")));
  }

  @Test
  void reproduceStudiesTheShippedModelsOfOneDataSet() throws Exception {
    Path models = Files.createDirectories(tmp.resolve("reproduce-models"));
    Outcome none = cli(withHome("reproduce", "--models-dir", models.toString(), "--dataset", "fashion-mnist"));
    assertEquals(2, none.exit(), none.err());
    assertTrue(none.err().contains("no shipped fashion-mnist models"), none.err());
    Outcome bad = cli(withHome("reproduce", "--models-dir", models.toString(), "--dataset", "imagenet"));
    assertEquals(2, bad.exit(), bad.err());
    assertTrue(bad.err().contains("imagenet"), bad.err());
  }

  @Test
  void datasetsListsTheBundledSample() {
    Outcome o = cli(withHome("datasets", "--json"));
    assertEquals(0, o.exit(), o.err());
    JsonNode rows = o.json().get("datasets");
    boolean sample = false;
    for (JsonNode r : rows) {
      if (r.get("id").asText().equals("mnist") && r.get("source").asText().equals("BUNDLED_SAMPLE")) {
        sample = true;
        assertEquals(1000, r.get("test").asInt());
      }
    }
    assertTrue(sample, o.out());
  }

  @Test
  void evalPrintsAccuracyAndCount() {
    Outcome o = cli(withHome("eval", "--model", run.toString(), "--limit", "100", "--json"));
    assertEquals(0, o.exit(), o.err());
    assertEquals(100, o.json().get("n").asInt());
    assertTrue(o.json().get("accuracy").asDouble() > 0.3);
  }

  @Test
  void attackLowersAccuracyAndReportsTheFields() {
    Outcome clean = cli(withHome("attack", "--model", run.toString(), "--attack", "fgsm", "--eps", "0", "--limit", "100", "--json"));
    Outcome fgsm = cli(withHome("attack", "--model", run.toString(), "--attack", "pgd", "--eps", "0.3", "--steps", "10", "--step", "0.05", "--limit", "100", "--json"));
    assertEquals(0, fgsm.exit(), fgsm.err());
    JsonNode j = fgsm.json();
    for (String f : new String[] {"clean_accuracy", "accuracy", "success_rate", "n", "seconds"}) {
      assertTrue(j.has(f), f + " missing in " + fgsm.out());
    }
    assertEquals(clean.json().get("clean_accuracy").asDouble(), clean.json().get("accuracy").asDouble(), 1e-9, "eps 0 changes nothing");
    assertTrue(j.get("accuracy").asDouble() < j.get("clean_accuracy").asDouble(), fgsm.out());
  }

  @Test
  void attackSavesExamplesAsPicturesAndAnNpz() throws Exception {
    Path dir = tmp.resolve("examples");
    Outcome o = cli(withHome("attack", "--model", run.toString(), "--attack", "fgsm", "--eps", "0.2", "--limit", "20",
        "--batch", "8", "--save-examples", dir.toString(), "--pictures", "5", "--json"));
    assertEquals(0, o.exit(), o.err());
    assertEquals(dir.toString(), o.json().get("examples").asText());
    try (var files = Files.list(dir)) {
      assertEquals(5, files.filter(f -> f.getFileName().toString().matches("\\d{5}-label\\d-pred\\d-\\w+\\.png")).count());
    }
    JsonNode index = Json.mapper().readTree(dir.resolve("examples.json").toFile());
    assertEquals(20, index.get("examples").size(), "every attacked image is listed, across batches");
    assertEquals(0.2, index.get("heatmap_range").asDouble(), 1e-9, "L-inf heatmaps span +-eps");
    assertTrue(index.get("manifest").get("attack").asText().startsWith("fgsm"), index.toString());
    try (var zip = new java.util.zip.ZipFile(dir.resolve("adversarial.npz").toFile())) {
      for (String name : new String[] {"original.npy", "adversarial.npy", "labels.npy", "success.npy", "l2.npy"}) {
        assertTrue(zip.getEntry(name) != null, name + " missing");
      }
    }
    assertTrue(Files.exists(dir.resolve("legend.png")));
  }

  @Test
  void cwKeepsItsBinarySearchUnlessAsked() {
    Outcome o = cli(withHome("attack", "--model", run.toString(), "--attack", "cw", "--steps", "5", "--limit", "4", "--json"));
    assertEquals(0, o.exit(), o.err());
    assertTrue(o.json().get("attack").asText().contains("binary-steps=9"), o.out());
  }

  @Test
  void exportWritesAnNpz() throws Exception {
    Path npz = tmp.resolve("m.npz");
    Outcome o = cli(withHome("export", "--model", run.toString(), "--npz", npz.toString(), "--json"));
    assertEquals(0, o.exit(), o.err());
    assertTrue(Files.size(npz) > 1000);
  }

  @Test
  void badInputExitsTwoWithOneLineNamingTheProblem() {
    Outcome act = cli(withHome("train", "--act", "fixed:12", "--epochs", "1"));
    assertEquals(2, act.exit());
    assertTrue(act.err().contains("fixed:12"), act.err());
    assertEquals(1, act.err().strip().lines().count(), act.err());

    Outcome model = cli(withHome("eval", "--model", tmp.resolve("nope").toString()));
    assertEquals(2, model.exit());
    assertTrue(model.err().contains("nope"), model.err());
    assertFalse(model.err().contains("\tat "), "no stack trace: " + model.err());

    Outcome option = cli(withHome("attack", "--model", run.toString(), "--attack", "fgsm", "--eps", "lots"));
    assertEquals(2, option.exit());

    Outcome attack = cli(withHome("attack", "--model", run.toString(), "--attack", "deepfool"));
    assertEquals(2, attack.exit());
    assertTrue(attack.err().contains("deepfool"), attack.err());
  }

  @Test
  void fetchImportsALocalCopyIntoTheCache() {
    Path sample = Path.of(System.getProperty("dqa.assets", "assets"), "sample", "fashion-mnist");
    Outcome o = cli(withHome("fetch", "fashion-mnist", "--from", sample.toString(), "--json"));
    assertEquals(0, o.exit(), o.err());
    assertEquals(1000, o.json().get("test").asInt());
    assertTrue(o.json().get("folder").asText().startsWith(tmp.resolve("home").toString()), o.out());
    Outcome missing = cli(withHome("fetch", "mnist", "--from", tmp.resolve("absent").toString()));
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("absent"), missing.err());
  }

  @Test
  void resumingACompleteRunSaysSo() {
    Outcome o = cli(withHome("train", "--resume", run.toString()));
    assertEquals(2, o.exit());
    assertTrue(o.err().contains("already complete"), o.err());
  }
}
