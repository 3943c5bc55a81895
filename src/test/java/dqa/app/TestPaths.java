package dqa.app;

import dqa.run.AppPaths;
import java.nio.file.Path;

/** Where the window's tests keep things: a temporary home and workspace over the product's bundled assets and models. */
final class TestPaths {
  private TestPaths() {}

  static AppPaths inHome(Path home) {
    Path assets = Path.of(System.getProperty("dqa.assets", "assets"));
    return new AppPaths(home, home.resolve("workspace"), assets, assets.resolveSibling("models"));
  }
}
