package dqa.train;

import dqa.run.AtomicFiles;
import dqa.run.Json;
import dqa.run.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A name and a note a user gives a run, kept in {@value #FILE} beside its manifest: the folder's name
 * stays the run's id and the manifest stays what the run wrote, so renaming changes only what people
 * read (the model pickers, the Runs table, and the name later sweeps record for the run's model).
 *
 * @param name shown instead of the folder's name; null for none
 * @param note free text, null for none
 */
public record RunLabel(String name, String note) {
  public static final String FILE = "label.json";
  static final int MAX_NAME = 80;
  static final int MAX_NOTE = 4000;

  public RunLabel {
    name = name == null || name.isBlank() ? null : name.strip();
    note = note == null || note.isBlank() ? null : note.strip();
    if (name != null && name.length() > MAX_NAME) {
      throw new UserException("Name: at most " + MAX_NAME + " characters (" + name.length() + " given)");
    }
    if (name != null && name.chars().anyMatch(Character::isISOControl)) {
      throw new UserException("Name: one line without control characters");
    }
    if (note != null && note.length() > MAX_NOTE) {
      throw new UserException("Note: at most " + MAX_NOTE + " characters (" + note.length() + " given)");
    }
  }

  /** The label of the run in {@code runDir}; empty when it has none or the file cannot be read. */
  public static Optional<RunLabel> read(Path runDir) {
    Path file = runDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.readFile(file, RunLabel.class));
    } catch (UserException e) {
      // A damaged label must not hide the run: it keeps its folder's name.
      return Optional.empty();
    }
  }

  /** The label of the run whose final model is {@code modelFolder} ({@code <run>/model}), if any. */
  public static Optional<RunLabel> ofModelFolder(Path modelFolder) {
    Path folder = modelFolder.toAbsolutePath().normalize();
    Path last = folder.getFileName();
    if (last == null || !last.toString().equals(RunFolder.MODEL) || folder.getParent() == null) {
      return Optional.empty();
    }
    return read(folder.getParent());
  }

  /** Writes the label into {@code runDir} atomically; an empty label removes the file. */
  public void write(Path runDir) {
    Path file = runDir.resolve(FILE);
    if (name == null && note == null) {
      try {
        Files.deleteIfExists(file);
      } catch (java.io.IOException e) {
        throw new UserException(file + ": cannot remove the run's label (" + e.getMessage() + ")", e);
      }
      return;
    }
    AtomicFiles.writeString(file, Json.write(this) + "\n");
  }
}
