package dqa.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dqa.nn.ActivationSpec;
import dqa.nn.Architecture;
import dqa.run.UserException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The benchmark's summaries and settings, without the engine. */
class BenchStatsTest {
  @Test
  void medianOfAnOddCountIsTheMiddleValue() {
    Bench.Stats s = Bench.Stats.of(List.of(3.0, 1.0, 2.0));
    assertEquals(2.0, s.median());
    assertEquals(1.0, s.min());
    assertEquals(3.0, s.max());
    assertEquals(List.of(3.0, 1.0, 2.0), s.samples(), "samples keep their measured order");
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    Bench.Stats s = Bench.Stats.of(List.of(10.0, 4.0, 1.0, 7.0));
    assertEquals(5.5, s.median());
    assertEquals(1.0, s.min());
    assertEquals(10.0, s.max());
  }

  @Test
  void oneSampleIsItsOwnMedianMinAndMax() {
    Bench.Stats s = Bench.Stats.of(List.of(42.5));
    assertEquals(42.5, s.median());
    assertEquals(42.5, s.min());
    assertEquals(42.5, s.max());
  }

  @Test
  void refusesNoSamplesAndNaN() {
    assertThrows(IllegalArgumentException.class, () -> Bench.Stats.of(List.of()));
    assertThrows(IllegalArgumentException.class, () -> Bench.Stats.of(List.of(1.0, Double.NaN)));
  }

  @Test
  void roundingKeepsTheOrderOfSamples() {
    Bench.Stats s = Bench.roundStats(Bench.Stats.of(List.of(1.23456, 9.87654)), 2);
    assertEquals(5.56, s.median());
    assertEquals(List.of(1.23, 9.88), s.samples());
  }

  @Test
  void partsParseAsASetInTheirOwnOrder() {
    assertEquals(Set.of(Bench.Part.INFER, Bench.Part.FGSM), Bench.Part.parseList(" fgsm,infer,fgsm "));
    UserException e = assertThrows(UserException.class, () -> Bench.Part.parseList("infer,speed"));
    assertEquals("--only: 'speed' is not one of train, infer, fgsm, pgd, sweep, slider", e.getMessage());
  }

  @Test
  void workloadsAreArchSlashActivation() {
    Bench.Workload w = Bench.Workload.parse("lenet-wide/dqa:2/channel");
    assertEquals(Architecture.LENET_WIDE, w.architecture());
    assertEquals(ActivationSpec.parse("dqa:2/channel"), w.activation());
    assertEquals("lenet-wide/dqa:2/channel", w.label());
    assertEquals(3, Bench.Workload.parseList(Bench.Settings.DEFAULT_NETWORKS).size());
    assertThrows(UserException.class, () -> Bench.Workload.parse("lenet"));
  }

  @Test
  void defaultsAreTheIssuesWorkloads() {
    Bench.Settings d = Bench.Settings.defaults("mnist");
    assertEquals(3, d.repeats());
    assertEquals(128, d.batch());
    assertEquals(List.of(Bench.Part.values()), d.parts());
    assertEquals(10, d.sweepEps().size());
    assertEquals(0.0, d.sweepEps().get(0));
    assertEquals(0.3, d.sweepEps().get(9), 1e-12);
    assertEquals(40, d.sweepSteps());
    assertEquals(1000, d.sweepImages());
  }

  @Test
  void settingsRefuseNonsense() {
    Bench.Settings d = Bench.Settings.defaults("mnist");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Bench.Settings(
            d.dataset(), d.parts(), 0, d.batch(), d.warmupBatches(), d.trainBatches(), d.inferImages(),
            d.attackBatches(), d.attackEps(), d.pgdSteps(), d.pgdStep(), d.networks(), d.sweepModel(),
            d.sweepImages(), d.sweepEps(), d.sweepSteps(), d.sliderModels(), d.sliderImages(), d.seed(), d.device()));
    assertEquals("--repeats must be 1..100, got 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Bench.Settings(
        d.dataset(), d.parts(), 1, d.batch(), 0, d.trainBatches(), d.inferImages(),
        d.attackBatches(), d.attackEps(), d.pgdSteps(), d.pgdStep(), d.networks(), d.sweepModel(),
        d.sweepImages(), d.sweepEps(), d.sweepSteps(), d.sliderModels(), d.sliderImages(), d.seed(), d.device()), "warm-up is never skipped");
  }
}
