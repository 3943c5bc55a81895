package dqa.data;

import java.nio.file.Path;
import java.util.Objects;

/** A folder holding a complete copy of a data set's files, and how it was found. */
public record DatasetLocation(DatasetId id, DataSource source, Path folder) {

  public DatasetLocation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(folder, "folder");
  }

  /** A one-line description for people, e.g. "bundled sample (assets/sample/mnist)". */
  public String describe() {
    return source.label() + " (" + folder + ")";
  }
}
