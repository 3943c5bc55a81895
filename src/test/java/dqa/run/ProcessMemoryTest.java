package dqa.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Parsing /proc/self/status: the peak (VmHWM) and current (VmRSS) resident memory. */
class ProcessMemoryTest {
  private static final String STATUS =
      """
      Name:\tjava
      Umask:\t0022
      State:\tS (sleeping)
      VmPeak:\t 9876543 kB
      VmSize:\t 8765432 kB
      VmHWM:\t 1048576 kB
      VmRSS:\t  524288 kB
      RssAnon:\t  400000 kB
      Threads:\t42
      """;

  @Test
  void readsPeakAndCurrentResidentMemory() {
    ProcessMemory.Snapshot s = ProcessMemory.parse(STATUS).orElseThrow();
    assertEquals(524_288, s.rssKb());
    assertEquals(1_048_576, s.peakKb());
    assertEquals(512.0, s.rssMb(), 1e-9);
    assertEquals(1024.0, s.peakMb(), 1e-9);
  }

  @Test
  void doesNotConfuseSimilarNames() {
    // VmRSS must not be read from RssAnon, nor VmHWM from VmPeak.
    assertEquals(OptionalLong.of(400_000), ProcessMemory.field(STATUS, "RssAnon"));
    assertEquals(OptionalLong.of(9_876_543), ProcessMemory.field(STATUS, "VmPeak"));
    assertEquals(OptionalLong.of(42), ProcessMemory.field(STATUS, "Threads"));
  }

  @Test
  void convertsOtherUnitsAndRejectsGarbage() {
    assertEquals(OptionalLong.of(2048), ProcessMemory.field("VmRSS: 2 mB\n", "VmRSS"));
    assertEquals(OptionalLong.of(1024L * 1024), ProcessMemory.field("VmRSS: 1 GB\n", "VmRSS"));
    assertTrue(ProcessMemory.field("VmRSS: lots kB\n", "VmRSS").isEmpty());
    assertTrue(ProcessMemory.field("VmRSS: 12 pages\n", "VmRSS").isEmpty());
    assertTrue(ProcessMemory.field(null, "VmRSS").isEmpty());
  }

  @Test
  void isEmptyWhenAFieldIsMissing() {
    assertTrue(ProcessMemory.parse("VmRSS:\t100 kB\n").isEmpty());
    assertTrue(ProcessMemory.parse("").isEmpty());
  }

  @Test
  void readsThisProcessOnLinux() {
    if (!System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      return;
    }
    ProcessMemory.Snapshot s = ProcessMemory.current().orElseThrow();
    assertTrue(s.rssKb() > 0 && s.peakKb() >= s.rssKb(), s.toString());
  }
}
