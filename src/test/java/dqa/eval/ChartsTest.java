package dqa.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Chart series are named by the models' own names, long ones shortened in the middle. */
class ChartsTest {
  @Test
  void longNamesKeepTheirStartAndEnd() {
    assertEquals("lenet-dqa2", Charts.middle("lenet-dqa2", 28));
    String run = "run-20261202-071500-lenet-dqa2-pgd-seed1";
    String shown = Charts.middle(run, 28);
    assertEquals(28, shown.length());
    assertTrue(shown.startsWith("run-20261202-") && shown.endsWith("-pgd-seed1") && shown.contains("…"), shown);
  }

  @Test
  void legendsUseTheCellsNames() {
    SweepResult s = SyntheticSweeps.of(2, List.of(SyntheticSweeps.AttackSpec.whiteBox("fgsm")), List.of(0.0, 0.3),
        new double[][][] {{{0.9, 0.2}}, {{0.9, 0.5}}}, 0.9, 100, null);
    Charts.LineChart chart = Charts.accuracyVsEps("t", s.cells(), List.of());
    assertEquals(s.cells().get(0).network() + " · fgsm", chart.series().get(0).label());
  }
}
