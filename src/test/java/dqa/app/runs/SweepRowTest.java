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
  void aBrokenFileIsListedAsUnreadable(@TempDir Path tmp) throws Exception {
    Path f = Files.writeString(tmp.resolve("broken.json"), "{ not json");
    assertTrue(RunsViewModel.sweepRow(f).status().startsWith("unreadable"));
  }
}
