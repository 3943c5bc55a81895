package dqa.app;

import dqa.app.common.DialogService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A dialog service for robot tests: records what would have been shown, answers as told. Public so
 * that view-model tests in the views' packages can use it too.
 */
public final class RecordingDialogs implements DialogService {
  public final List<String> errors = new ArrayList<>();
  public final List<String> notices = new ArrayList<>();
  public boolean confirmAnswer = true;
  public Path nextPath;

  @Override
  public void showError(String title, String message, Throwable details) {
    errors.add(title + ": " + message);
  }

  @Override
  public boolean confirm(String title, String message) {
    return confirmAnswer;
  }

  @Override
  public void notify(String message) {
    notices.add(message);
  }

  @Override
  public Optional<Path> chooseDirectory(String title, Path initial) {
    return Optional.ofNullable(nextPath);
  }

  @Override
  public Optional<Path> chooseFile(String title, Path initial, String description, String... extensions) {
    return Optional.ofNullable(nextPath);
  }

  @Override
  public Optional<Path> chooseSaveFile(String title, Path initial, String description, String... extensions) {
    return Optional.ofNullable(nextPath);
  }
}
