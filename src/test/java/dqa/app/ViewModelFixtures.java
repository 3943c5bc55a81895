package dqa.app;

import dqa.app.common.EngineTasks;
import dqa.app.common.Settings;
import dqa.data.Dataset;
import dqa.data.DatasetId;
import dqa.data.DatasetLoader;
import dqa.run.AppPaths;
import java.nio.file.Path;

/** What a view-model test needs without a screen: the bundled MNIST sample, and a workbench that runs tasks inline. */
public final class ViewModelFixtures {
  private static Dataset mnist;

  private ViewModelFixtures() {}

  /** The bundled MNIST sample, read once for all tests. */
  public static synchronized Dataset mnistSample() {
    if (mnist == null) {
      mnist = DatasetLoader.load(DatasetId.MNIST, Path.of(System.getProperty("dqa.assets", "assets"), "sample", "mnist"));
    }
    return mnist;
  }

  /** A temporary home and workspace over the product's shipped models. */
  public static AppPaths paths(Path home) {
    return TestPaths.inHome(home);
  }

  /** A workbench whose tasks run on the calling thread, with settings in memory and dialogs recorded. */
  public static Workbench inline(AppPaths paths) {
    return new Workbench(paths, EngineTasks.inline(), Settings.inMemory(), new RecordingDialogs());
  }
}
