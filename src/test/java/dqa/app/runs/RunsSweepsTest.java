package dqa.app.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.app.RecordingDialogs;
import dqa.app.Workbench;
import dqa.app.WorkbenchState;
import dqa.app.common.EngineTasks;
import dqa.app.common.Settings;
import dqa.run.AppPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Runs step reads the workspace's sweeps: a robustness column per run, and a sweep opened as its chart. */
class RunsSweepsTest {
  @TempDir Path home;

  @Test
  void aRunShowsTheNewestSweepThatAttackedItsModelAndASweepOpensWhereTheWindowSends() throws Exception {
    AppPaths paths = new AppPaths(home, home.resolve("workspace"), home.resolve("assets"), home.resolve("models"));
    RecordingDialogs dialogs = new RecordingDialogs();
    Workbench wb = new Workbench(paths, EngineTasks.inline(), Settings.inMemory(), dialogs);
    RunsViewModel model = new RunsViewModel(wb, new WorkbenchState());
    Path runA = paths.runs().resolve("run-a");
    Path runB = paths.runs().resolve("run-b");
    Files.createDirectories(paths.sweeps());
    Path older = sweep(paths.sweeps().resolve("older.json"), runA.resolve("model"), 0.5, 1);
    Path newer = sweep(paths.sweeps().resolve("newer.json"), runA.resolve("model"), 0.125, 3);
    older.toFile().setLastModified(System.currentTimeMillis() - 60_000);
    Path empty = sweep(paths.sweeps().resolve("empty.json"), runB, 0.9, 0);
    model.refreshSweeps();

    assertEquals("12.5 % at ε 0.3 (fgsm, pgd)", model.robustnessOf(row(runA)), "the newest sweep of the run's model");
    assertEquals("", model.robustnessOf(row(paths.runs().resolve("run-c"))), "no sweep attacked it");

    List<Path> opened = new ArrayList<>();
    model.onOpenSweep(opened::add);
    RunsViewModel.SweepRow newest = model.sweeps().stream().filter(r -> r.file().equals(newer)).findFirst().orElseThrow();
    assertTrue(model.openSweep(newest));
    assertEquals(List.of(newer), opened);
    RunsViewModel.SweepRow nothing = model.sweeps().stream().filter(r -> r.file().equals(empty)).findFirst().orElseThrow();
    assertFalse(model.openSweep(nothing));
    assertEquals(List.of(newer), opened, "a sweep without a finished cell has no chart to open");
    assertTrue(dialogs.errors.get(0).contains("no finished cell"), dialogs.errors.toString());
  }

  private static RunsViewModel.Row row(Path dir) {
    return new RunsViewModel.Row(dir, dir.getFileName().toString(), "lenet/relu", "mnist", "completed", 1, 0.98, 1, null,
        null, null);
  }

  private static Path sweep(Path file, Path modelFolder, double worst, int cells) throws Exception {
    String cellList = String.join(",", java.util.Collections.nCopies(cells, "{}"));
    return Files.writeString(file, """
        {"format":"dqa-sweep/1","status":"COMPLETED",
         "config":{"models":["m"],"attacks":[{"name":"fgsm"},{"name":"pgd"}],"eps":[0,0.3]},
         "models":[{"ref":"m","folder":"%s","network":"lenet/relu"}],
         "cells":[%s],
         "worst_case":[{"model_index":0,"norm":"LINF","eps":0.3,"attacks":["fgsm","pgd"],"complete":true,
                        "robust_accuracy":%s}]}
        """.formatted(modelFolder.toString().replace("\\", "\\\\"), cellList, worst));
  }
}
