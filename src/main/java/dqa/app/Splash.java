package dqa.app;

import dqa.run.EngineCache;
import dqa.run.UserException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * What the window shows while the engine loads: on the very first start DJL unpacks libtorch (about
 * 430 MB) into its cache, so the progress is the size unpacked so far; later starts take seconds.
 * When the cache cannot be written, it says which folder and offers to choose another.
 */
public final class Splash extends VBox {
  /** Roughly what libtorch and its companions take once unpacked (CPU build, Linux x86-64). */
  static final long EXPECTED_BYTES = 430L << 20;

  private final Label status = new Label();
  private final Label detail = new Label();
  private final ProgressBar bar = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
  private final HBox actions = new HBox(8);
  private final Timeline poll;
  private final boolean firstStart;

  /**
   * @param chooseCacheFolder asks for another cache folder (null: cancelled) and remembers it
   */
  public Splash(Supplier<Path> chooseCacheFolder) {
    this.firstStart = EngineCache.firstStart();
    setId("splash");
    setSpacing(10);
    setPadding(new Insets(28));
    setPrefSize(560, 220);
    Label title = new Label("DQA Workbench");
    title.setStyle("-fx-font-size: 20px; -fx-font-weight: bold;");
    status.setId("splash-status");
    status.setWrapText(true);
    detail.setId("splash-detail");
    detail.setWrapText(true);
    bar.setPrefWidth(500);
    status.setText(firstStart
        ? "First start: unpacking the PyTorch engine into " + EngineCache.folder() + " (once, about 430 MB)…"
        : "Loading the PyTorch engine…");
    Button choose = new Button("Choose another folder…");
    choose.setId("splash-choose");
    choose.setOnAction(e -> {
      Path chosen = chooseCacheFolder.get();
      if (chosen != null) {
        detail.setText("Saved. Start the workbench again to unpack the engine into " + chosen + ".");
      }
    });
    Button quit = new Button("Quit");
    quit.setId("splash-quit");
    quit.setOnAction(e -> Platform.exit());
    actions.getChildren().addAll(choose, quit);
    actions.setVisible(false);
    actions.setManaged(false);
    getChildren().addAll(title, status, bar, detail, actions);
    poll = new Timeline(new KeyFrame(Duration.millis(300), e -> showUnpacked()));
    poll.setCycleCount(Timeline.INDEFINITE);
  }

  private void showUnpacked() {
    if (!firstStart) {
      return;
    }
    long bytes = EngineCache.unpackedBytes();
    bar.setProgress(Math.min(0.99, (double) bytes / EXPECTED_BYTES));
    detail.setText(String.format(Locale.ROOT, "%d MB unpacked", bytes >> 20));
  }

  /**
   * Loads the engine with {@code loader} on a background thread, then hands its result to {@code
   * ready} on the FX thread; a failure stays on the splash with its message.
   */
  public <T> void load(Callable<T> loader, Consumer<T> ready) {
    Task<T> task = new Task<>() {
      @Override
      protected T call() throws Exception {
        if (firstStart) {
          EngineCache.checkWritable();
        }
        return loader.call();
      }
    };
    task.setOnSucceeded(e -> {
      poll.stop();
      ready.accept(task.getValue());
    });
    task.setOnFailed(e -> {
      poll.stop();
      Throwable t = task.getException();
      bar.setProgress(0);
      status.setText("The engine could not start: " + message(t));
      detail.setText("Engine cache: " + EngineCache.folder()
          + ". Choose a writable folder for it, or start the workbench with " + EngineCache.PROPERTY + " set.");
      actions.setVisible(true);
      actions.setManaged(true);
    });
    poll.play();
    Thread thread = new Thread(task, "dqa-splash-load");
    thread.setDaemon(true);
    thread.start();
  }

  private static String message(Throwable t) {
    Throwable cause = t;
    while (!(cause instanceof UserException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String m = (cause instanceof UserException ? cause : t).getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }
}
