package dqa.run;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the product keeps and finds things: the user's home folder (cache, workspace, settings) and
 * the installation's read-only assets and shipped models.
 *
 * <p>User data lives under {@code DQA_HOME} (default {@code ~/.dqa-workbench}); the installation is
 * never written to.
 */
public record AppPaths(Path home, Path workspace, Path assets, Path models) {

  public AppPaths {
    home = home.toAbsolutePath().normalize();
    workspace = workspace.toAbsolutePath().normalize();
    assets = assets.toAbsolutePath().normalize();
    models = models.toAbsolutePath().normalize();
  }

  /** Resolves the paths from system properties, environment and the installation layout. */
  public static AppPaths detect() {
    return detect(System.getenv(), null);
  }

  /**
   * Resolves the paths, with an optional workspace override (the {@code --workspace} option).
   *
   * <p>Order for home: {@code -Ddqa.home}, {@code DQA_HOME}, {@code ~/.dqa-workbench}. Workspace:
   * the override, {@code DQA_WORKSPACE}, {@code home/workspace}. Assets and models: {@code
   * -Ddqa.assets} / {@code DQA_ASSETS}, else the first of {@code <install>/assets}, {@code ./assets}.
   */
  public static AppPaths detect(Map<String, String> env, Path workspaceOverride) {
    Path home =
        firstNonBlank(System.getProperty("dqa.home"), env.get("DQA_HOME"))
            .map(Path::of)
            .orElse(Path.of(System.getProperty("user.home"), ".dqa-workbench"));
    Path workspace =
        Optional.ofNullable(workspaceOverride)
            .or(() -> firstNonBlank(env.get("DQA_WORKSPACE")).map(Path::of))
            .orElse(home.resolve("workspace"));
    Path assets =
        firstNonBlank(System.getProperty("dqa.assets"), env.get("DQA_ASSETS"))
            .map(Path::of)
            .orElseGet(() -> installed("assets"));
    Path models =
        firstNonBlank(System.getProperty("dqa.models"), env.get("DQA_MODELS"))
            .map(Path::of)
            .orElseGet(() -> installed("models"));
    return new AppPaths(home, workspace, assets, models);
  }

  /** The user's data-set cache: {@code home/datasets}. */
  public Path datasetCache() {
    return home.resolve("datasets");
  }

  /** Where training runs are written: {@code workspace/runs}. */
  public Path runs() {
    return workspace.resolve("runs");
  }

  /**
   * Where robustness sweeps and transfer matrices are written: {@code workspace/sweeps}. Each is one
   * JSON file that is also its manifest, apart from the run folders, which hold trained models.
   */
  public Path sweeps() {
    return workspace.resolve("sweeps");
  }

  /** The bundled sample data sets: {@code assets/sample}. */
  public Path bundledSample() {
    return assets.resolve("sample");
  }

  private static Path installed(String folder) {
    List<Path> candidates = new ArrayList<>();
    codeLocation()
        .ifPresent(
            code -> {
              // target/classes or target/dqa-workbench.jar -> project root; lib/app/x.jar -> install root
              for (Path p = code.getParent(); p != null; p = p.getParent()) {
                candidates.add(p.resolve(folder));
                if (candidates.size() >= 3) {
                  break;
                }
              }
            });
    candidates.add(Path.of(folder));
    return candidates.stream().filter(Files::isDirectory).findFirst().orElse(Path.of(folder));
  }

  private static Optional<Path> codeLocation() {
    try {
      var source = AppPaths.class.getProtectionDomain().getCodeSource();
      return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
