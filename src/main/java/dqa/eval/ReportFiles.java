package dqa.eval;

import dqa.run.Json;
import dqa.run.UserException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The files a sweep's results (and a transfer matrix) export to. The window's Export buttons and the
 * {@code report} command both write through here, so a chart, a CSV or a report is the same file
 * whichever wrote it.
 */
public final class ReportFiles {
  /** The accuracy-vs-ε chart's size in pixels (PNG) or points (SVG). */
  public static final int CHART_WIDTH = 900;
  public static final int CHART_HEIGHT = 560;

  /** What to write. */
  public enum Kind {
    PNG,
    SVG,
    CSV,
    JSON,
    HTML;

    /** The file name's extension, without the dot. */
    public String extension() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private ReportFiles() {}

  /**
   * Writes {@code kind} to {@code file} (atomically, as every writer here does) and returns the files
   * written: CSV adds the worst case and the checks beside the cells, and the transfer matrix when there
   * is one (alone: the matrix is the CSV). {@code checks} are the ones the report shows.
   *
   * @throws UserException when the kind needs a sweep and there is none
   */
  public static List<Path> write(Kind kind, Path file, SweepResult sweep, TransferResult transfer, List<Check> checks) {
    if (sweep == null && kind != Kind.HTML && !(kind == Kind.CSV && transfer != null)) {
      throw new UserException("the " + kind.extension() + " export draws a sweep; there is none");
    }
    List<Path> files = new ArrayList<>();
    switch (kind) {
      case PNG -> Charts.writePng(file, Charts.accuracyVsEps(sweep), CHART_WIDTH, CHART_HEIGHT);
      case SVG -> Charts.writeSvg(file, Charts.accuracyVsEps(sweep), CHART_WIDTH, CHART_HEIGHT);
      case JSON -> Json.writeFile(file, sweep);
      case HTML -> Report.write(file, sweep, transfer);
      case CSV -> {
        if (sweep == null) {
          ResultsCsv.writeTransfer(file, transfer);
        } else {
          files.addAll(ResultsCsv.writeSweep(file, sweep, checks));
          if (transfer != null) {
            Path matrix = ResultsCsv.sibling(file, "transfer");
            ResultsCsv.writeTransfer(matrix, transfer);
            files.add(matrix);
          }
          return files;
        }
      }
      default -> throw new IllegalStateException(kind.toString());
    }
    files.add(file);
    return files;
  }
}
