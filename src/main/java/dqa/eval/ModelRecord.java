package dqa.eval;

import dqa.data.LabeledImages;
import dqa.nn.Network;
import dqa.nn.NetworkSpec;
import dqa.run.Json;
import dqa.run.Sha256;
import dqa.run.UserException;
import dqa.train.RunLabel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A model an evaluation used: what the user named, the folder it resolved to, what it is, and a
 * fingerprint of its files so that a resumed or repeated evaluation can tell it is the same model.
 *
 * @param ref the model as the user named it (folder, run folder or shipped name)
 * @param network the spec's label, e.g. {@code cnn/fixed:1}
 * @param sha256 SHA-256 over the lines {@code name:sha256} of the folder's regular files but the model card,
 *     sorted by name
 * @param name the name the user gave the run whose model this is ({@link RunLabel}) when the record was
 *     made; null for none (and in results written before names were recorded)
 */
public record ModelRecord(
    String ref, String folder, String network, String dataset, int channels, int height, int width, int classes,
    String sha256, String name) {

  /** A record of a model without a user-given name. */
  public ModelRecord(String ref, String folder, String network, String dataset, int channels, int height, int width,
      int classes, String sha256) {
    this(ref, folder, network, dataset, channels, height, width, classes, sha256, null);
  }

  /** Reads the spec and fingerprints the files of a model folder (no engine work). */
  public static ModelRecord read(String ref, Path folder) {
    NetworkSpec spec = Json.readFile(folder.resolve(Network.SPEC_FILE), NetworkSpec.class);
    return new ModelRecord(
        ref, folder.toAbsolutePath().normalize().toString(), spec.label(), spec.dataset(), spec.channels(),
        spec.height(), spec.width(), spec.classes(), fingerprint(folder),
        RunLabel.ofModelFolder(folder).map(RunLabel::name).orElse(null));
  }

  /**
   * Resolves and reads a model, and checks that it takes the images of the evaluation.
   *
   * @throws UserException naming the model when it is missing or takes other images
   */
  static ModelRecord resolve(String ref, ModelResolver resolver, LabeledImages images, String dataset) {
    ModelRecord record = read(ref, resolver.resolve(ref));
    if (record.channels() != images.channels() || record.height() != images.height()
        || record.width() != images.width()) {
      throw new UserException(
          "model " + ref + " takes " + record.channels() + "x" + record.height() + "x" + record.width() + " images, "
              + dataset + " has " + images.channels() + "x" + images.height() + "x" + images.width());
    }
    return record;
  }

  /** The model folder as a path. */
  Path path() {
    return Path.of(folder);
  }

  /**
   * The model's own name, as tables, legends and exports show it: its folder's name ({@code
   * lenet-dqa2}), or the run's for a run's {@code model} folder. When two models of {@code all} share a
   * name their networks tell them apart ({@code relu-test (lenet/relu)}), and only when those are the
   * same too, their position ({@code #2}).
   */
  static String label(List<ModelRecord> all, int index) {
    String name = name(all.get(index));
    if (all.stream().filter(m -> name(m).equals(name)).count() == 1) {
      return name;
    }
    String withNetwork = name + " (" + all.get(index).network() + ")";
    long same = all.stream().filter(m -> (name(m) + " (" + m.network() + ")").equals(withNetwork)).count();
    return same > 1 ? withNetwork + " #" + (index + 1) : withNetwork;
  }

  /** The run's given name; else the folder's name, or its parent's when the folder is a run's {@code model} folder. */
  static String name(ModelRecord r) {
    if (r.name() != null) {
      return r.name();
    }
    Path folder = Path.of(r.folder());
    Path last = folder.getFileName();
    if (last == null) {
      return r.network();
    }
    if (last.toString().equals("model") && folder.getParent() != null && folder.getParent().getFileName() != null) {
      return folder.getParent().getFileName().toString();
    }
    return last.toString();
  }

  /**
   * The network's files, not the model card beside them: {@code reproduce} rewrites a shipped model's
   * card with its robust accuracies, and that must not make the model look changed to a sweep that
   * resumes afterwards.
   */
  static String fingerprint(Path folder) {
    StringBuilder lines = new StringBuilder();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().equals(dqa.train.ModelCard.FILE)).sorted().toList()) {
        lines.append(f.getFileName()).append(':').append(Sha256.ofFile(f)).append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read model folder " + folder + ": " + e.getMessage(), e);
    }
    if (lines.length() == 0) {
      throw new UserException(folder + ": the model folder is empty");
    }
    return Sha256.of(lines.toString());
  }
}
