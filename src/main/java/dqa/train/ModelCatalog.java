package dqa.train;

import dqa.nn.Network;
import dqa.nn.NetworkSpec;
import dqa.run.Json;
import dqa.run.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Every model a user can pick: the shipped ones and the finished runs of the workspace. */
public final class ModelCatalog {
  private ModelCatalog() {}

  /** A pickable model: a display name, its folder (holding model.json) and its spec. */
  public record Entry(String name, Path folder, NetworkSpec spec, boolean shipped) {
    @Override
    public String toString() {
      return name + " — " + spec.label() + " (" + spec.dataset() + ")";
    }
  }

  /** Shipped models first (by name), then runs (newest first); unreadable folders are skipped. */
  public static List<Entry> list(Path shippedModels, Path runs) {
    List<Entry> out = new ArrayList<>();
    for (Path dir : children(shippedModels, Comparator.naturalOrder())) {
      read(dir.getFileName().toString(), dir, true).ifPresent(out::add);
    }
    for (Path dir : children(runs, Comparator.reverseOrder())) {
      String name = RunLabel.read(dir).map(RunLabel::name).orElse(dir.getFileName().toString());
      read(name, dir.resolve(RunFolder.MODEL), false).ifPresent(out::add);
    }
    return out;
  }

  /**
   * The entry to offer first for a data set: the first one trained on it, else the first of all (so a form
   * opened with MNIST loaded does not start on a Fashion-MNIST model that it would then refuse).
   */
  public static java.util.Optional<Entry> firstFor(List<Entry> entries, String datasetKey) {
    return entries.stream().filter(e -> e.spec().dataset().equals(datasetKey)).findFirst()
        .or(() -> entries.stream().findFirst());
  }

  private static java.util.Optional<Entry> read(String name, Path folder, boolean shipped) {
    Path spec = folder.resolve(Network.SPEC_FILE);
    if (!Files.isRegularFile(spec)) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(new Entry(name, folder, Json.readFile(spec, NetworkSpec.class), shipped));
    } catch (UserException e) {
      return java.util.Optional.empty();
    }
  }

  private static List<Path> children(Path dir, Comparator<Path> order) {
    if (dir == null || !Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).sorted(order).toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
