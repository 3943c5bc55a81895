package dqa.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model's fingerprint follows its network files, not the card that reproduce rewrites beside them. */
class ModelRecordTest {
  @Test
  void rewritingTheCardKeepsTheFingerprintChangingAWeightDoesNot(@TempDir Path folder) throws Exception {
    Files.writeString(folder.resolve("model.json"), "{\"spec\":1}");
    Files.write(folder.resolve("network-0000.params"), new byte[] {1, 2, 3});
    Files.writeString(folder.resolve("card.json"), "{\"robustness\":{}}");
    String before = ModelRecord.fingerprint(folder);

    Files.writeString(folder.resolve("card.json"), "{\"robustness\":{\"pgd\":0.81}}");
    assertEquals(before, ModelRecord.fingerprint(folder), "the card is not the model");

    Files.write(folder.resolve("network-0000.params"), new byte[] {1, 2, 4});
    assertNotEquals(before, ModelRecord.fingerprint(folder), "new weights are a new model");
  }

  private static ModelRecord at(String folder, String network) {
    return new ModelRecord(folder, folder, network, "mnist", 1, 28, 28, 10, "0");
  }

  @Test
  void modelsAreShownByTheirOwnNamesAndToldApartOnlyWhenNeeded() {
    java.util.List<ModelRecord> all = java.util.List.of(
        at("/repo/models/lenet-dqa2", "lenet/dqa:2"), at("/ws/runs/run-20261202-a1/model", "lenet/relu"),
        at("/a/x", "lenet/relu"), at("/b/x", "lenet/fixed:1"), at("/c/y", "lenet/relu"), at("/d/y", "lenet/relu"));
    assertEquals("lenet-dqa2", ModelRecord.label(all, 0));
    assertEquals("run-20261202-a1", ModelRecord.label(all, 1), "a run's model folder goes by the run");
    assertEquals("x (lenet/relu)", ModelRecord.label(all, 2), "same name: the network tells them apart");
    assertEquals("x (lenet/fixed:1)", ModelRecord.label(all, 3));
    assertEquals("y (lenet/relu) #5", ModelRecord.label(all, 4), "same name and network: the position");
    assertEquals("y (lenet/relu) #6", ModelRecord.label(all, 5));
  }

  @Test
  void aRenamedRunsModelIsRecordedUnderItsGivenName(@TempDir Path runs) {
    Path run = runs.resolve("20261202-120000-lenet-dqa-2");
    dqa.nn.NetworkSpec spec = new dqa.nn.NetworkSpec("mnist", dqa.nn.Architecture.CNN,
        dqa.nn.NetworkSpec.parseActivations("relu"), 1, 28, 28, 10, java.util.List.of(0f), java.util.List.of(1f));
    dqa.run.Json.writeFile(run.resolve("model").resolve("model.json"), spec);
    ModelRecord plain = ModelRecord.read(run.toString(), run.resolve("model"));
    assertEquals("20261202-120000-lenet-dqa-2", ModelRecord.label(java.util.List.of(plain), 0));
    new dqa.train.RunLabel("dqa for the lecture", null).write(run);
    ModelRecord named = ModelRecord.read(run.toString(), run.resolve("model"));
    assertEquals("dqa for the lecture", named.name());
    assertEquals("dqa for the lecture", ModelRecord.label(java.util.List.of(named), 0));
    assertEquals(plain.sha256(), named.sha256(), "a name is not a new model");
  }
}
