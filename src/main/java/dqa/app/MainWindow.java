package dqa.app;

import dqa.app.common.EngineTasks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

/**
 * The window's frame: a navigation of steps on the left, the chosen step's view in the centre
 * (each built on first use), and a status line with the running job's progress and a cancel button.
 */
public final class MainWindow extends BorderPane {
  /** One step of the navigation. */
  public record Step(String id, String title, String hint, Supplier<Node> view) {}

  private final Map<String, Step> steps = new LinkedHashMap<>();
  private final Map<String, Node> built = new LinkedHashMap<>();
  private final ListView<Step> nav = new ListView<>();
  private final StackPane content = new StackPane();
  private final EngineTasks tasks;
  private final HBox statusControls = new HBox(4);
  private final java.util.List<AutoCloseable> owned = new java.util.ArrayList<>();

  public MainWindow(EngineTasks tasks) {
    this.tasks = tasks;
    createView();
  }

  /** Adds a step to the navigation; its view is built when first shown. */
  public MainWindow add(Step step) {
    steps.put(step.id(), step);
    nav.getItems().add(step);
    return this;
  }

  /** Something the window's views own that must be closed with it (models kept loaded, say). */
  public MainWindow own(AutoCloseable resource) {
    owned.add(resource);
    return this;
  }

  /** Closes what the views own; call once, when the window goes away. */
  public void close() {
    for (AutoCloseable r : owned) {
      try {
        r.close();
      } catch (Exception e) {
        java.util.logging.Logger.getLogger(MainWindow.class.getName()).warning("closing " + r + ": " + e.getMessage());
      }
    }
    owned.clear();
  }

  /** Shows a step by id (also used by keyboard shortcuts and the guided demo). */
  public void show(String id) {
    Step step = steps.get(id);
    if (step != null) {
      nav.getSelectionModel().select(step);
    }
  }

  /** Puts controls at the left of the status line (the presentation switches). */
  public void addStatusControls(Node controls) {
    statusControls.getChildren().add(controls);
  }

  private void createView() {
    nav.setId("nav");
    nav.setPrefWidth(170);
    nav.setCellFactory(list -> new ListCell<>() {
      @Override
      protected void updateItem(Step step, boolean empty) {
        super.updateItem(step, empty);
        setText(empty || step == null ? null : step.title());
        setTooltip(empty || step == null ? null : new javafx.scene.control.Tooltip(step.hint()));
        setId(empty || step == null ? null : "nav-" + step.id());
      }
    });
    nav.getSelectionModel().selectedItemProperty().addListener((obs, old, step) -> {
      if (step != null) {
        Node view = built.computeIfAbsent(step.id(), k -> step.view().get());
        content.getChildren().setAll(view);
      }
    });
    nav.getStyleClass().add("nav");
    setLeft(nav);
    setCenter(content);
    setBottom(statusBar());
  }

  private Node statusBar() {
    Label message = new Label("Ready.");
    message.setId("status-message");
    ProgressBar progress = new ProgressBar(0);
    progress.setId("status-progress");
    progress.setPrefWidth(220);
    Button cancel = new Button("Cancel");
    cancel.setId("status-cancel");
    cancel.setOnAction(e -> tasks.cancelRunning());
    cancel.setTooltip(new javafx.scene.control.Tooltip("Cancel the running job (Esc); finished work is kept"));
    tasks.runningProperty().addListener((obs, old, task) -> {
      message.textProperty().unbind();
      progress.progressProperty().unbind();
      if (task == null) {
        message.setText("Ready.");
        progress.setProgress(0);
      } else {
        message.textProperty().bind(Bindings.createStringBinding(
            () -> task.title() + (task.cancelRequestedProperty().get() ? ": cancelling…"
                : task.messageProperty().get().isEmpty() ? "…" : ": " + task.messageProperty().get()),
            task.messageProperty(), task.cancelRequestedProperty()));
        progress.progressProperty().bind(task.progressProperty());
      }
    });
    cancel.disableProperty().bind(tasks.runningProperty().isNull());
    progress.visibleProperty().bind(tasks.runningProperty().isNotNull());
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    HBox bar = new HBox(10, statusControls, message, grow, progress, cancel);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(4, 10, 4, 10));
    bar.getStyleClass().add("status-bar");
    return bar;
  }
}
