package dqa.cli;

import dqa.eval.Check;
import dqa.eval.ReportFiles;
import dqa.eval.SanityChecks;
import dqa.eval.SweepResult;
import dqa.eval.TransferResult;
import dqa.run.Json;
import dqa.run.UserException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code report}: renders a saved sweep and/or transfer matrix as HTML (and CSV, PNG, SVG) again. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Render a saved sweep (and/or transfer matrix) as a self-contained HTML report; optionally CSV and"
        + " the accuracy-vs-eps chart as PNG/SVG. No engine work.")
final class ReportCommand implements Callable<Integer> {
  @Option(names = "--sweep", paramLabel = "FILE", description = "A sweep file written by the sweep command.")
  Path sweep;

  @Option(names = "--transfer", paramLabel = "FILE", description = "A transfer file written by the transfer command.")
  Path transfer;

  @Option(names = "--html", required = true, paramLabel = "FILE", description = "The HTML report to write.")
  Path html;

  @Option(names = "--csv", paramLabel = "FILE", description = "Also write CSV: the sweep's cells here, its worst case"
      + " and checks next to it (FILE-worst-case.csv, FILE-checks.csv); or the transfer matrix when only --transfer.")
  Path csv;

  @Option(names = "--png", paramLabel = "FILE", description = "Also write the accuracy-vs-eps chart as PNG.")
  Path png;

  @Option(names = "--svg", paramLabel = "FILE", description = "Also write the accuracy-vs-eps chart as SVG.")
  Path svg;

  @Option(names = "--json", description = "Print one JSON object on stdout and nothing else there.")
  boolean json;

  /** What {@code --json} prints. */
  record Output(String html, List<String> files, List<Check> checks, int warnings) {}

  @Override
  public Integer call() {
    if (sweep == null && transfer == null) {
      throw new UserException("report: give --sweep FILE and/or --transfer FILE");
    }
    SweepResult s = sweep == null ? null : Json.readFile(sweep, SweepResult.class);
    TransferResult t = transfer == null ? null : Json.readFile(transfer, TransferResult.class);
    if (s != null && t != null && !t.belongsTo(s)) {
      System.err.println("report: " + transfer + " measured other images or models than " + sweep
          + "; its matrix is shown but no check reads it");
    }
    List<Check> checks = SanityChecks.forReport(s, t);
    List<Path> files = writeOutputs(s, t, checks, csv, html, png, svg);
    int warnings = (int) checks.stream().filter(c -> c.warns()).count();
    if (json) {
      System.out.println(Json.write(new Output(html.toString(), files.stream().map(Path::toString).toList(), checks,
          warnings)));
    } else {
      for (Check c : checks) {
        System.out.println(c.verdict().label() + "  " + c.name() + ": " + c.evidence());
      }
      System.out.println("wrote " + String.join(", ", files.stream().map(Path::toString).toList()));
    }
    return 0;
  }

  /** Writes whichever of the report files are asked for (null: not wanted); returns them. */
  static List<Path> writeOutputs(
      SweepResult s, TransferResult t, List<Check> checks, Path csv, Path html, Path png, Path svg) {
    if (png != null || svg != null || html != null) {
      // Charts render with AWT; a command line never opens a window.
      if (System.getProperty("java.awt.headless") == null) {
        System.setProperty("java.awt.headless", "true");
      }
    }
    if ((png != null || svg != null) && s == null) {
      throw new UserException("report: --png and --svg draw a sweep's chart; give --sweep");
    }
    List<Path> files = new ArrayList<>();
    if (csv != null) {
      files.addAll(ReportFiles.write(ReportFiles.Kind.CSV, csv, s, t, checks));
    }
    if (png != null) {
      files.addAll(ReportFiles.write(ReportFiles.Kind.PNG, png, s, t, checks));
    }
    if (svg != null) {
      files.addAll(ReportFiles.write(ReportFiles.Kind.SVG, svg, s, t, checks));
    }
    if (html != null) {
      files.addAll(ReportFiles.write(ReportFiles.Kind.HTML, html, s, t, checks));
    }
    return files;
  }
}
