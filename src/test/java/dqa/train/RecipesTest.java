package dqa.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.data.DatasetId;
import dqa.run.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every committed recipe is a valid training configuration, and recipes round-trip through JSON. */
class RecipesTest {
  static final Path RECIPES = Path.of(System.getProperty("dqa.assets", "assets")).resolveSibling("models").resolve("recipes");

  @Test
  void everyRecipeParses() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(RECIPES)) {
      files = s.filter(p -> p.toString().endsWith(".json")).toList();
    }
    assertFalse(files.isEmpty());
    for (Path f : files) {
      TrainConfig c = Json.readFile(f, TrainConfig.class);
      String name = f.getFileName().toString();
      boolean fashion = DatasetId.parse(c.dataset()) == DatasetId.FASHION_MNIST;
      String prefix = (fashion ? "fashion-" : "") + c.architecture() + "-";
      assertTrue(name.startsWith(prefix), name + " is named by its network and, for Fashion-MNIST, its data set: " + prefix);
      assertEquals(c, Json.mapper().readValue(Json.write(c), TrainConfig.class), f + " round-trips");
    }
  }
}
