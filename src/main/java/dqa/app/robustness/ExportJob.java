package dqa.app.robustness;

import dqa.app.Workbench;
import dqa.app.common.Job;
import dqa.eval.Check;
import dqa.eval.ReportFiles;
import dqa.eval.SanityChecks;
import dqa.eval.SweepResult;
import dqa.eval.TransferResult;
import dqa.run.UserException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Robustness step's exports: asks where, then writes through {@link ReportFiles} on the engine
 * queue — the same files the {@code report} command writes.
 */
final class ExportJob {
  private final Workbench workbench;
  private final Consumer<String> status;

  ExportJob(Workbench workbench, Consumer<String> status) {
    this.workbench = workbench;
    this.status = status;
  }

  /**
   * Exports {@code sweep} (and {@code transfer} when it measured the same images and models); empty
   * when the user declined the dialog.
   *
   * @param stem the file name the dialog suggests, without extension
   */
  Optional<Job<List<Path>>> start(RobustnessViewModel.Export kind, SweepResult sweep, TransferResult transfer,
      String stem) {
    // A matrix of other models or images is not part of this sweep's export.
    TransferResult t = transfer != null && (sweep == null || transfer.belongsTo(sweep)) ? transfer : null;
    if (sweep == null && !(kind == RobustnessViewModel.Export.HTML && t != null)) {
      throw new UserException("Nothing to export yet: run a sweep first");
    }
    Path suggested = workbench.paths().sweeps().resolve(stem + "." + kind.extension);
    var chosen = workbench.dialogs().chooseSaveFile("Export " + kind.description, suggested, kind.description,
        "*." + kind.extension);
    if (chosen.isEmpty()) {
      return Optional.empty();
    }
    Path file = withExtension(chosen.get(), kind.extension);
    Job<List<Path>> job = Job.of("Exporting " + kind.description, (progress, cancel) -> write(kind, file, sweep, t));
    job.onSucceeded(files -> {
          status.accept("Exported " + String.join(", ", files.stream().map(Path::toString).toList()));
          workbench.dialogs().notify("Exported " + file.getFileName());
        })
        .reportingFailures(workbench.dialogs(), "Export failed");
    return Optional.of(workbench.tasks().start(job));
  }

  /** Writes one export (as the {@code report} command does); returns the files written. */
  static List<Path> write(RobustnessViewModel.Export kind, Path file, SweepResult s, TransferResult t) {
    List<Check> checks = s == null ? SanityChecks.forReport(null, t) : RobustnessViewModel.withTransfer(s, t);
    return ReportFiles.write(kind.kind, file, s, t, checks);
  }

  /** File choosers on some desktops return the typed name without the filter's extension. */
  static Path withExtension(Path file, String extension) {
    String name = file.getFileName().toString();
    return name.toLowerCase(Locale.ROOT).endsWith("." + extension) ? file : file.resolveSibling(name + "." + extension);
  }
}
