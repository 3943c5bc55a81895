package dqa.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.data.DatasetId;
import dqa.nn.NetworkSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped-models table is rewritten from the cards between its markers, the prose around it kept. */
class ModelsReadmeTest {
  static void card(Path models, String name, Map<String, Double> robustness) throws Exception {
    Path dir = Files.createDirectories(models.resolve(name));
    TrainConfig recipe = TrainConfig.defaults(DatasetId.MNIST, NetworkSpec.parseActivations("relu"));
    new ModelCard(name, "lenet/relu", "mnist", name + ".json", recipe, 1, "a".repeat(64), 60000, 95, 10, null, 0.9911,
        10000, 0.987, 1000, robustness, null, null).write(dir);
  }

  @Test
  void rewritesOnlyTheTable(@TempDir Path models) throws Exception {
    Files.writeString(models.resolve("README.md"),
        "# Shipped models\n\nIntro.\n\n" + ModelsReadme.BEGIN + "\nold table\n" + ModelsReadme.END + "\n\nOutro.\n");
    card(models, "b-model", Map.of("pgd-40 ste accuracy", 0.884));
    card(models, "a-model", Map.of());
    ModelsReadme.update(models);
    String text = Files.readString(models.resolve("README.md"));
    assertTrue(text.startsWith("# Shipped models\n\nIntro.\n\n") && text.endsWith("\n\nOutro.\n"), text);
    assertTrue(!text.contains("old table"));
    assertTrue(text.indexOf("`a-model`") < text.indexOf("`b-model`"), "sorted by name");
    assertTrue(text.contains("| 99.11 % | 98.7 % | 88.4 % |"), text);
    ModelsReadme.update(models);
    assertEquals(text, Files.readString(models.resolve("README.md")), "idempotent");
  }

  @Test
  void appendsTheTableWhenTheMarkersAreMissing(@TempDir Path models) throws Exception {
    Files.writeString(models.resolve("README.md"), "# Shipped models\n");
    card(models, "m", Map.of());
    ModelsReadme.update(models);
    assertTrue(Files.readString(models.resolve("README.md")).contains(ModelsReadme.BEGIN + "\n| model |"));
  }
}
