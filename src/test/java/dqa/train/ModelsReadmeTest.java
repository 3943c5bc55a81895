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
  void oneTablePerDataSetWithTheEpsItsNumbersWereMeasuredAt(@TempDir Path models) throws Exception {
    Files.writeString(models.resolve("README.md"), "# Shipped models\n");
    Path dir = Files.createDirectories(models.resolve("resnet20-relu-fgsm"));
    TrainConfig base = TrainConfig.defaults(DatasetId.CIFAR10, NetworkSpec.parseActivations("relu"));
    TrainConfig recipe = new TrainConfig(base.dataset(), base.architecture(), base.activations(), base.gradient(),
        base.optimizer(), base.learningRate(), base.momentum(), base.weightDecay(), base.schedule(), base.milestones(),
        base.decayFactor(), 9, 128, 1, 0, 0, true, new AdversarialConfig(AdversarialConfig.Method.PGD, 8 / 255.0,
        10 / 255.0, 1, true, 1.0), "cpu");
    new ModelCard("resnet20-relu-fgsm", "resnet20/relu", "cifar10", "resnet20-relu-fgsm.json", recipe, 1, "b".repeat(64),
        50000, 5000, 9, null, 0.71, 10000, 0.70, 1000, Map.of("pgd-20 ste accuracy", 0.412),
        "first 1000 cifar10 test images (100 for ZOO and Square), eps 0.03137; see docs/REPRODUCTION.md",
        "CIFAR-10 (JPEG copy)").write(dir);
    card(models, "lenet-relu", Map.of("pgd-40 ste accuracy", 0.0));
    ModelsReadme.update(models);
    String text = Files.readString(models.resolve("README.md"));
    int mnist = text.indexOf("**MNIST**");
    int cifar = text.indexOf("**CIFAR-10 (JPEG copy)** — robust accuracies at ε 8/255");
    assertTrue(mnist >= 0 && cifar > mnist, "MNIST's table first, then CIFAR-10's with its ε: " + text);
    assertTrue(text.indexOf("`lenet-relu`") < cifar && text.indexOf("`resnet20-relu-fgsm`") > cifar, text);
    assertTrue(text.contains("| fast FGSM ε 8/255 (random start, step 10/255) | 9 | 71.00 % | 70.0 % | 41.2 % |"), text);
  }

  @Test
  void appendsTheTableWhenTheMarkersAreMissing(@TempDir Path models) throws Exception {
    Files.writeString(models.resolve("README.md"), "# Shipped models\n");
    card(models, "m", Map.of());
    ModelsReadme.update(models);
    assertTrue(Files.readString(models.resolve("README.md")).contains(ModelsReadme.BEGIN + "\n**MNIST**"));
  }
}
