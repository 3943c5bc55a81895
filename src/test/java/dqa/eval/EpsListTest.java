package dqa.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.run.UserException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ε list: comma lists, ranges with both ends, fractions, order, and one-line refusals. */
class EpsListTest {
  @Test
  void commaListIsSortedWithoutRepeats() {
    assertEquals(List.of(0.0, 0.1, 0.3), EpsList.parse("0.3, 0.1,0,0.1"));
  }

  @Test
  void rangeIncludesBothEndsWithoutFloatingNoise() {
    assertEquals(List.of(0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3), EpsList.parse("0:0.3:0.05"));
    assertEquals(List.of(0.0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.2, 0.3), EpsList.parse("0:0.1:0.02,0.2,0.3"));
    assertEquals(List.of(0.1, 0.3), EpsList.parse("0.1:0.4:0.2"), "stop is included only when a step lands on it");
  }

  @Test
  void fractionsAsPeopleWriteThem() {
    assertEquals(8 / 255.0, EpsList.parse("8/255").get(0), 1e-9);
  }

  @Test
  void badTextIsRefusedNamingTheItem() {
    for (String bad : new String[] {"", "a", "0,,1", "-0.1", "0:0.3", "0.3:0:0.1", "0:1:0", "0:1:0.0001", "inf"}) {
      UserException e = assertThrows(UserException.class, () -> EpsList.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("--eps"), e.getMessage());
    }
  }

  @Test
  void formatsAsTyped() {
    assertEquals("0, 0.05, 0.3", EpsList.format(List.of(0.0, 0.05, 0.3)));
  }
}
