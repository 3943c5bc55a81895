package dqa.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dqa.data.DatasetId;
import dqa.data.DatasetLoader;
import dqa.data.LabeledImages;
import dqa.nn.Network;
import dqa.run.CancellationToken;
import dqa.run.Json;
import dqa.run.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every shipped model still loads and scores what its card says on the bundled sample, so a change
 * that breaks the model format, an architecture or a quantizer fails the build. The tolerance is
 * three images in 1,000: CPU kernels may round differently between libtorch builds, the model may not.
 */
@Tag("engine")
class ShippedModelsTest {
  static final Path MODELS = RecipesTest.RECIPES.getParent();
  static final double TOLERANCE = 0.003;

  /**
   * Test accuracy below which a shipped model cannot be called trained, per data set: far above chance,
   * below the weakest model the issue accepts (an adversarially trained CIFAR-10 ResNet-20 keeps about 65 %).
   */
  static final Map<String, Double> TRAINED = Map.of("mnist", 0.9, "fashion-mnist", 0.8, "cifar10", 0.6);

  static List<Path> shipped() throws Exception {
    try (Stream<Path> s = Files.list(MODELS)) {
      return s.filter(p -> Files.isRegularFile(p.resolve(ModelCard.FILE))).sorted().toList();
    }
  }

  @Test
  void everyShippedModelMatchesItsCardOnTheBundledSample() throws Exception {
    List<Path> models = shipped();
    assertFalse(models.isEmpty(), "no shipped models under " + MODELS);
    Path assets = Path.of(System.getProperty("dqa.assets", "assets"));
    for (Path dir : models) {
      ModelCard card = ModelCard.read(dir);
      assertEquals(dir.getFileName().toString(), card.name());
      LabeledImages sample = DatasetLoader.load(DatasetId.parse(card.dataset()), assets.resolve("sample").resolve(card.dataset())).test();
      assertEquals(card.sampleImages(), sample.count(), card.name());
      double accuracy;
      try (Network net = Network.load(dir, Device.cpu())) {
        assertEquals(card.network(), net.spec().label(), card.name());
        accuracy = Accuracy.evaluate(net, sample, 250, ProgressListener.NONE, CancellationToken.none());
      }
      assertEquals(card.sampleAccuracy(), accuracy, TOLERANCE, card.name() + " on the bundled sample");
      double floor = TRAINED.getOrDefault(card.dataset(), 0.9);
      assertTrue(card.testAccuracy() > floor, card.name() + " is a trained model: " + card.testAccuracy());
    }
  }

  @Test
  void everyCardNamesItsCommittedRecipe() throws Exception {
    for (Path dir : shipped()) {
      ModelCard card = ModelCard.read(dir);
      Path recipe = RecipesTest.RECIPES.resolve(card.recipeFile());
      assertTrue(Files.isRegularFile(recipe), card.name() + ": " + recipe);
      assertEquals(Json.readFile(recipe, TrainConfig.class), card.recipe(), card.name() + " was trained from its recipe");
      assertEquals(64, card.dataSha256().length());
    }
  }
}
