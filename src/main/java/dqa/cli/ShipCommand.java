package dqa.cli;

import dqa.data.DatasetId;
import dqa.data.DatasetLoader;
import dqa.data.LabeledImages;
import dqa.nn.Network;
import dqa.run.AtomicFiles;
import dqa.run.CancellationToken;
import dqa.run.DeviceChoice;
import dqa.run.EngineWorker;
import dqa.run.Json;
import dqa.run.ProgressListener;
import dqa.run.UserException;
import dqa.train.Accuracy;
import dqa.train.ModelCard;
import dqa.train.ModelsReadme;
import dqa.train.RunFolder;
import dqa.train.RunManifest;
import dqa.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ship}: turns a finished training run into a shipped model, {@code models/<name>/} with the
 * network, its card and the run's manifest and metrics under {@code training/}.
 */
@Command(
    name = "ship",
    mixinStandardHelpOptions = true,
    description = "Copy a finished run into the shipped models with its card (recipe, data hash, time, accuracies).")
final class ShipCommand implements Callable<Integer> {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  @Mixin GlobalOptions global;

  @Option(names = "--run", required = true, paramLabel = "RUN_DIR", description = "A completed training run folder.")
  Path run;

  @Option(names = "--name", required = true, description = "The shipped model's name (lower case, digits, . _ -).")
  String name;

  @Option(names = "--recipe-file", description = "The recipe's file name under models/recipes/, for the card.")
  String recipeFile;

  @Option(names = "--models-dir", paramLabel = "DIR", description = "Where shipped models live (default: the product's models folder).")
  Path modelsDir;

  @Option(names = "--json", description = "Print the card as one JSON object on stdout and nothing else there.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (!NAME.matcher(name).matches()) {
      throw new UserException("--name '" + name + "': use lower-case letters, digits, '.', '_' or '-' (at most 64)");
    }
    RunFolder folder = RunFolder.open(run);
    RunManifest manifest = folder.readManifest();
    if (manifest.status() != RunManifest.Status.COMPLETED || manifest.testAccuracy() == null) {
      throw new UserException("--run " + run + ": the run is " + manifest.status().toString().toLowerCase(Locale.ROOT)
          + "; only a completed run can be shipped");
    }
    DatasetId id = DatasetId.parse(manifest.config().dataset());
    Path sampleFolder = global.paths().bundledSample().resolve(id.key());
    if (!Files.isDirectory(sampleFolder)) {
      throw new UserException("no bundled sample of " + id.key() + " at " + sampleFolder + " to check the model on");
    }
    LabeledImages sample = DatasetLoader.load(id, sampleFolder).test();
    double sampleAccuracy =
        EngineWorker.shared()
            .call(() -> {
              try (Network net = Network.load(folder.modelDir(), DeviceChoice.parse("cpu").resolve().device())) {
                return Accuracy.evaluate(net, sample, 256, ProgressListener.NONE, CancellationToken.none());
              }
            });
    Path models = modelsDir != null ? modelsDir : global.paths().models();
    Path target = models.resolve(name);
    Path recipe = recipeFile == null ? null : models.resolve("recipes").resolve(recipeFile);
    if (recipe != null && Files.isRegularFile(recipe)
        && !Json.readFile(recipe, TrainConfig.class).equals(manifest.config())) {
      // The card would claim a recipe the weights did not come from (e.g. a run folder left from an
      // older version of the recipe, resumed by models/retrain.sh --runs).
      throw new UserException("--recipe-file " + recipe + ": the run " + run + " was trained from a different recipe; "
          + "train it again from this one (or delete the run folder)");
    }
    ModelCard card =
        new ModelCard(
            name, manifest.network(), id.key(), recipeFile, manifest.config(), manifest.config().seed(),
            manifest.data().sha256(), manifest.data().trainImages(), manifest.seconds(), manifest.epochsCompleted(),
            manifest.provenance(), manifest.testAccuracy(), manifest.data().testImages(), sampleAccuracy,
            sample.count(), Map.of(), null,
            manifest.data().name() != null ? manifest.data().name() : id.displayName());
    Files.createDirectories(models);
    AtomicFiles.writeDirectory(
        target,
        staging -> {
          copyFiles(folder.modelDir(), staging);
          Path training = Files.createDirectories(staging.resolve("training"));
          Files.copy(run.resolve(RunManifest.FILE), training.resolve(RunManifest.FILE));
          for (String extra : new String[] {"metrics.csv"}) {
            if (Files.exists(run.resolve(extra))) {
              Files.copy(run.resolve(extra), training.resolve(extra));
            }
          }
          card.write(staging);
        });
    ModelsReadme.update(models);
    if (json) {
      System.out.println(Json.write(card));
    } else {
      System.out.printf(Locale.ROOT, "shipped %s (%s): test accuracy %.2f %%, bundled sample %.2f %%%n  %s%n", name,
          card.network(), 100 * card.testAccuracy(), 100 * sampleAccuracy, target);
    }
    return 0;
  }

  private static void copyFiles(Path from, Path to) throws IOException {
    try (var files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f)) {
          Files.copy(f, to.resolve(f.getFileName()));
        }
      }
    }
  }
}
