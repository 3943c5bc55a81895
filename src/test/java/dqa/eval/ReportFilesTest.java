package dqa.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.run.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one export path of the window and the report command: what each kind writes, and what it refuses. */
class ReportFilesTest {
  @TempDir Path dir;

  @Test
  void everyKindOfASweepAndItsTransferMatrix() throws Exception {
    SweepResult s = SanityChecksRulesTest.sweep(new double[][] {{0.9, 0.5, 0.2}, {0.9, 0.3, 0.0}});
    TransferResult t = SanityChecksRulesTest.transfer(new double[][] {{0.9, 0.5}, {0.6, 0.9}});
    List<Check> checks = SanityChecks.forReport(s, t);
    List<Path> csv = ReportFiles.write(ReportFiles.Kind.CSV, dir.resolve("r.csv"), s, t, checks);
    assertEquals(List.of("r.csv", "r-worst-case.csv", "r-checks.csv", "r-transfer.csv"),
        csv.stream().map(p -> p.getFileName().toString()).toList());
    for (ReportFiles.Kind k : List.of(ReportFiles.Kind.PNG, ReportFiles.Kind.SVG, ReportFiles.Kind.JSON, ReportFiles.Kind.HTML)) {
      Path f = dir.resolve("r." + k.extension());
      assertEquals(List.of(f), ReportFiles.write(k, f, s, t, checks));
      assertTrue(Files.size(f) > 100, k.toString());
    }
  }

  @Test
  void aMatrixAloneIsItsCsvAndItsReportButNoChart() {
    TransferResult t = SanityChecksRulesTest.transfer(new double[][] {{0.9, 0.5}, {0.6, 0.9}});
    List<Check> checks = SanityChecks.forReport(null, t);
    assertEquals(1, checks.size(), "with a matrix alone, the one check that reads it");
    assertEquals(List.of(dir.resolve("m.csv")), ReportFiles.write(ReportFiles.Kind.CSV, dir.resolve("m.csv"), null, t, checks));
    UserException e = assertThrows(UserException.class,
        () -> ReportFiles.write(ReportFiles.Kind.PNG, dir.resolve("m.png"), null, t, checks));
    assertTrue(e.getMessage().contains("png export draws a sweep"), e.getMessage());
  }
}
