package dqa.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
      assertEquals("mnist", c.dataset(), f.toString());
      assertEquals(c, Json.mapper().readValue(Json.write(c), TrainConfig.class), f + " round-trips");
    }
  }
}
