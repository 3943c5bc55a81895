package dqa.train;

import dqa.run.AtomicFiles;
import dqa.run.Json;
import dqa.run.Provenance;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a shipped model is and how well it does ({@code models/<name>/card.json}): the recipe it was
 * trained from, the data it saw, where and how long it trained, its clean accuracy on the full test
 * set and on the bundled sample (which a test checks on every build), and its robust accuracy under
 * the reproduction report's attacks once that has run.
 *
 * @param recipe the training configuration, as in the recipe file
 * @param recipeFile the recipe's file name under {@code models/recipes/}
 * @param dataSha256 combined SHA-256 of the training data set's files
 * @param trainingSeconds wall time of training, all epochs
 * @param trainedOn the machine and versions training ran on
 * @param testAccuracy accuracy on the data set's full test set after the last epoch
 * @param sampleAccuracy accuracy on the bundled sample's test images (1,000), the build's check
 * @param robustness robust accuracy per attack (key: the attack as the report names it), empty
 *     until {@code reproduce} has run; {@code robustnessImages} says on how many images
 * @param datasetName the training data set's name for people, e.g. "CIFAR-10 (JPEG copy)" (null on
 *     cards written before it was recorded)
 */
public record ModelCard(
    String name,
    String network,
    String dataset,
    String recipeFile,
    TrainConfig recipe,
    long seed,
    String dataSha256,
    int trainImages,
    double trainingSeconds,
    int epochs,
    Provenance trainedOn,
    double testAccuracy,
    int testImages,
    double sampleAccuracy,
    int sampleImages,
    Map<String, Double> robustness,
    String robustnessImages,
    String datasetName) {

  public static final String FILE = "card.json";

  public ModelCard {
    robustness = robustness == null ? Map.of() : new TreeMap<>(robustness);
  }

  public static ModelCard read(Path modelFolder) {
    return Json.readFile(modelFolder.resolve(FILE), ModelCard.class);
  }

  public void write(Path modelFolder) {
    AtomicFiles.writeString(modelFolder.resolve(FILE), Json.write(this));
  }

  /** This card with the robust accuracies of a reproduction run. */
  public ModelCard withRobustness(Map<String, Double> measured, String images) {
    return new ModelCard(name, network, dataset, recipeFile, recipe, seed, dataSha256, trainImages, trainingSeconds,
        epochs, trainedOn, testAccuracy, testImages, sampleAccuracy, sampleImages, measured, images, datasetName);
  }
}
