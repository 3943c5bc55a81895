package dqa.app.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the Runs step lists a sweep file: coverage, progress and warnings, its manifest without outcomes. */
class SweepRowTest {
  @Test
  void summarisesASweepFile(@TempDir Path tmp) throws Exception {
    Path f = Files.writeString(tmp.resolve("s.json"), """
        {"format":"dqa-sweep/1","status":"CANCELLED",
         "config":{"models":["a","b"],"attacks":[{"name":"fgsm"},{"name":"pgd","gradient":"exact"}],"eps":[0,0.1,0.3]},
         "models":[{"ref":"a","network":"lenet/relu"},{"ref":"b","network":"lenet/fixed:1"}],
         "cells":[{},{},{},{},{}],
         "checks":[{"name":"x","verdict":"WARN"},{"name":"y","verdict":"PASS"}],
         "outcomes":[{"robust":"lots of per-example data"}],
         "seconds":12.5}
        """);
    RunsViewModel.SweepRow row = RunsViewModel.sweepRow(f);
    assertEquals("cancelled", row.status());
    assertEquals("lenet/relu, lenet/fixed:1", row.models());
    assertEquals("fgsm, pgd[exact]", row.attacks());
    assertEquals(5, row.cells());
    assertEquals(12, row.totalCells());
    assertEquals(1, row.warnings());
    assertTrue(row.manifest().contains("\"config\""));
    assertFalse(row.manifest().contains("per-example"), "outcomes are left out of the details");
  }

  @Test
  void eachModelsRobustnessIsItsWorstCaseAtTheLargestLinfEps(@TempDir Path tmp) throws Exception {
    Path f = Files.writeString(tmp.resolve("s.json"), """
        {"format":"dqa-sweep/1","status":"COMPLETED",
         "config":{"models":["a","b"],"attacks":[{"name":"fgsm"},{"name":"pgd"}],"eps":[0,0.1,0.3]},
         "models":[{"ref":"a","folder":"/ws/runs/run-a/model","network":"lenet/relu"},
                   {"ref":"b","folder":"/ws/runs/run-b","network":"lenet/fixed:1"}],
         "cells":[{}],
         "worst_case":[
           {"model_index":0,"norm":"LINF","eps":0.1,"attacks":["fgsm","pgd"],"complete":true,"robust_accuracy":0.5},
           {"model_index":0,"norm":"LINF","eps":0.3,"attacks":["fgsm","pgd"],"complete":true,"robust_accuracy":0.125},
           {"model_index":0,"norm":"L2","eps":2.0,"attacks":["cw"],"complete":true,"robust_accuracy":0.0},
           {"model_index":1,"norm":"LINF","eps":0.3,"attacks":["fgsm"],"complete":false,"robust_accuracy":0.75}]}
        """);
    RunsViewModel.SweepRow row = RunsViewModel.sweepRow(f);
    assertEquals(2, row.robustness().size());
    assertEquals("12.5 % at ε 0.3 (fgsm, pgd)", row.robustness().get(0).describe(),
        "the largest L∞ ε, not a larger budget of another norm");
    assertEquals("75.0 % at ε 0.3 (fgsm) (partial)", row.robustness().get(1).describe());
    assertEquals("/ws/runs/run-a/model", row.robustness().get(0).folder());
  }

  @Test
  void aBrokenFileIsListedAsUnreadable(@TempDir Path tmp) throws Exception {
    Path f = Files.writeString(tmp.resolve("broken.json"), "{ not json");
    assertTrue(RunsViewModel.sweepRow(f).status().startsWith("unreadable"));
  }
}
