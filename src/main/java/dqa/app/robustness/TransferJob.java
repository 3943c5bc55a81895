package dqa.app.robustness;

import dqa.app.Workbench;
import dqa.app.common.Job;
import dqa.data.Dataset;
import dqa.eval.AttackSpecs;
import dqa.eval.EpsList;
import dqa.eval.ModelResolver;
import dqa.eval.TransferConfig;
import dqa.eval.TransferMatrix;
import dqa.eval.TransferResult;
import dqa.run.DeviceChoice;
import dqa.run.Json;
import dqa.run.Sha256;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The Robustness step's transfer-matrix job: crafts on each ticked model, classifies on every other,
 * saves the matrix next to the sweeps and keeps the last one for the heatmap, the checks and exports.
 */
final class TransferJob {
  private final Workbench workbench;
  private final BooleanProperty running;
  private final Consumer<String> status;
  private final ReadOnlyObjectWrapper<TransferResult> result = new ReadOnlyObjectWrapper<>();

  /** Shares the step's running flag and status line, so one job at a time shows in one place. */
  TransferJob(Workbench workbench, BooleanProperty running, Consumer<String> status) {
    this.workbench = workbench;
    this.running = running;
    this.status = status;
  }

  /** Where the matrix of a config on a data set is written: the same config gives the same file. */
  Path fileFor(TransferConfig config, Dataset d) {
    String key = Sha256.of(Json.write(config) + "\n" + d.sha256() + "\n" + d.location().describe()).substring(0, 12);
    return workbench.paths().sweeps().resolve("transfer-" + config.dataset() + "-" + key + ".json");
  }

  /** Computes the matrix on the engine thread; {@code done} runs on the FX thread with it. */
  Job<TransferResult> start(TransferConfig config, Dataset d, Consumer<TransferResult> done) {
    Path out = fileFor(config, d);
    ModelResolver resolver = ModelResolver.standard(workbench.paths().models());
    running.set(true);
    status.accept("Transfer matrix: " + AttackSpecs.format(config.attack()) + " at ε " + EpsList.format(config.eps())
        + " crafted on each of " + config.models().size() + " models…");
    Job<TransferResult> job = Job.of("Transfer matrix", (progress, cancel) -> {
      TransferResult r = TransferMatrix.run(config, d, resolver, DeviceChoice.AUTO.resolve().device(), progress, cancel);
      Json.writeFile(out, r);
      return r;
    });
    job.onSucceeded(r -> {
          result.set(r);
          done.accept(r);
          status.accept(String.format(Locale.ROOT, "Transfer matrix of %s in %.1f s — saved in %s", r.attack(), r.seconds(),
              out));
        })
        .onCancelled(() -> status.accept("Transfer matrix cancelled."))
        .onFailed(t -> status.accept("Transfer matrix failed: " + t.getMessage()))
        .reportingFailures(workbench.dialogs(), "The transfer matrix failed")
        .onDone(() -> running.set(false));
    return workbench.tasks().start(job);
  }

  /** Forgets the matrix (it measured another data set's images). */
  void clear() {
    result.set(null);
  }

  ReadOnlyObjectProperty<TransferResult> resultProperty() {
    return result.getReadOnlyProperty();
  }

  TransferResult get() {
    return result.get();
  }
}
