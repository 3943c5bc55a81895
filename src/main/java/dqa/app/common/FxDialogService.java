package dqa.app.common;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextArea;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/** The real dialogs: JavaFX alerts, choosers, and ControlsFX notifications. */
public final class FxDialogService implements DialogService {
  private final Window owner;

  public FxDialogService(Window owner) {
    this.owner = owner;
  }

  @Override
  public void showError(String title, String message, Throwable details) {
    Alert alert = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
    alert.initOwner(owner);
    styleLikeOwner(alert);
    alert.setTitle(title);
    alert.setHeaderText(title);
    if (details != null) {
      StringWriter trace = new StringWriter();
      details.printStackTrace(new PrintWriter(trace));
      TextArea area = new TextArea(trace.toString());
      area.setEditable(false);
      area.setPrefRowCount(12);
      alert.getDialogPane().setExpandableContent(area);
    }
    alert.show();
  }

  @Override
  public boolean confirm(String title, String message) {
    Alert alert = new Alert(Alert.AlertType.CONFIRMATION, message, ButtonType.YES, ButtonType.NO);
    alert.initOwner(owner);
    styleLikeOwner(alert);
    alert.setTitle(title);
    alert.setHeaderText(title);
    return alert.showAndWait().filter(b -> b == ButtonType.YES).isPresent();
  }

  /**
   * A dialog is a window of its own: it gets the window's theme and zoom (its stylesheets and the
   * root's font size) so that it is as legible on a projector as the window behind it.
   */
  void styleLikeOwner(Alert alert) {
    styleLikeOwner(alert.getDialogPane(), owner);
  }

  public static void styleLikeOwner(javafx.scene.control.DialogPane pane, Window owner) {
    if (owner == null || owner.getScene() == null) {
      return;
    }
    pane.getStylesheets().setAll(owner.getScene().getStylesheets());
    pane.setStyle(owner.getScene().getRoot().getStyle());
  }

  @Override
  public void notify(String message) {
    Notifications.create().owner(owner).text(message).hideAfter(Duration.seconds(4)).showInformation();
  }

  @Override
  public Optional<Path> chooseDirectory(String title, Path initial) {
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle(title);
    if (initial != null && Files.isDirectory(initial)) {
      chooser.setInitialDirectory(initial.toFile());
    }
    return Optional.ofNullable(chooser.showDialog(owner)).map(f -> f.toPath());
  }

  @Override
  public Optional<Path> chooseFile(String title, Path initial, String description, String... extensions) {
    FileChooser chooser = chooser(title, initial, description, extensions);
    return Optional.ofNullable(chooser.showOpenDialog(owner)).map(f -> f.toPath());
  }

  @Override
  public Optional<Path> chooseSaveFile(String title, Path initial, String description, String... extensions) {
    FileChooser chooser = chooser(title, initial, description, extensions);
    return Optional.ofNullable(chooser.showSaveDialog(owner)).map(f -> f.toPath());
  }

  private static FileChooser chooser(String title, Path initial, String description, String... extensions) {
    FileChooser chooser = new FileChooser();
    chooser.setTitle(title);
    if (initial != null) {
      Path dir = Files.isDirectory(initial) ? initial : initial.getParent();
      if (dir != null && Files.isDirectory(dir)) {
        chooser.setInitialDirectory(dir.toFile());
      }
      if (!Files.isDirectory(initial)) {
        chooser.setInitialFileName(initial.getFileName().toString());
      }
    }
    if (extensions.length > 0) {
      chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, extensions));
    }
    return chooser;
  }
}
