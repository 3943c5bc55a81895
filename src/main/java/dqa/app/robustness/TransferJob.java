package dqa.app.robustness;

import dqa.app.Workbench;
import dqa.app.common.EngineTasks.EngineTask;
import dqa.data.Dataset;
import dqa.eval.AttackSpecs;
import dqa.eval.EpsList;
import dqa.eval.ModelResolver;
import dqa.eval.TransferConfig;
import dqa.eval.TransferMatrix;
import dqa.eval.TransferResult;
import dqa.run.CancellationToken;
import dqa.run.CancelledException;
import dqa.run.DeviceChoice;
import dqa.run.Json;
import dqa.run.ProgressListener;
import dqa.run.Sha256;
import dqa.run.UserException;
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
  EngineTask<TransferResult> start(TransferConfig config, Dataset d, Consumer<TransferResult> done) {
    Path out = fileFor(config, d);
    ModelResolver resolver = ModelResolver.standard(workbench.paths().models());
    running.set(true);
    status.accept("Transfer matrix: " + AttackSpecs.format(config.attack()) + " at ε " + EpsList.format(config.eps())
        + " crafted on each of " + config.models().size() + " models…");
    EngineTask<TransferResult> task = new EngineTask<>("Transfer matrix") {
      @Override
      protected TransferResult work(ProgressListener progress, CancellationToken cancel) {
        TransferResult r = TransferMatrix.run(config, d, resolver, DeviceChoice.AUTO.resolve().device(), progress,
            cancel);
        Json.writeFile(out, r);
        return r;
      }
    };
    task.setOnSucceeded(e -> {
      running.set(false);
      TransferResult r = task.getValue();
      result.set(r);
      done.accept(r);
      status.accept(String.format(Locale.ROOT, "Transfer matrix of %s in %.1f s — saved in %s", r.attack(), r.seconds(),
          out));
    });
    task.setOnCancelled(e -> {
      running.set(false);
      status.accept("Transfer matrix cancelled.");
    });
    task.setOnFailed(e -> {
      running.set(false);
      Throwable t = task.getException();
      status.accept("Transfer matrix failed: " + t.getMessage());
      if (!(t instanceof CancelledException)) {
        workbench.dialogs().showError("The transfer matrix failed", t.getMessage(),
            t instanceof UserException ? null : t);
      }
    });
    return workbench.tasks().start(task);
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
