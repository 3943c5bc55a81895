package dqa.app.common;

import java.nio.file.Path;
import java.util.Optional;

/** Dialogs and file choosers behind an interface, so view-models stay testable without a screen. */
public interface DialogService {
  /** Shows an error: a one-line message, with details (e.g. a stack trace) expandable. */
  void showError(String title, String message, Throwable details);

  /** Asks a yes/no question; true for yes. */
  boolean confirm(String title, String message);

  /** A short, non-blocking notice. */
  void notify(String message);

  Optional<Path> chooseDirectory(String title, Path initial);

  Optional<Path> chooseFile(String title, Path initial, String description, String... extensions);

  Optional<Path> chooseSaveFile(String title, Path initial, String description, String... extensions);
}
