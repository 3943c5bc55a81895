package dqa.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LabeledImagesTest {
  private final LabeledImages five =
      new LabeledImages(
          5, 1, 2, 2, SyntheticData.pixels(5, 4, 0), new byte[] {3, 1, 3, 9, (byte) 200});

  @Test
  void validatesLengths() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new LabeledImages(2, 1, 2, 2, new byte[7], new byte[2]));
    assertThrows(
        IllegalArgumentException.class,
        () -> new LabeledImages(2, 1, 2, 2, new byte[8], new byte[3]));
    assertThrows(
        IllegalArgumentException.class,
        () -> new LabeledImages(1, 0, 2, 2, new byte[0], new byte[1]));
    assertEquals(0, new LabeledImages(0, 3, 32, 32, new byte[0], new byte[0]).count());
  }

  @Test
  void accessorsHeadAndSelect() {
    assertEquals(4, five.imageSize());
    assertEquals(200, five.label(4), "labels are unsigned");
    assertSame(five, five.head(10));
    LabeledImages two = five.head(2);
    assertEquals(2, two.count());
    assertArrayEquals(five.image(1), two.image(1));
    LabeledImages picked = five.select(new int[] {3, 0, 3});
    assertEquals(9, picked.label(0));
    assertArrayEquals(five.image(3), picked.image(2));
    assertArrayEquals(five.image(0), picked.image(1));
    assertThrows(IndexOutOfBoundsException.class, () -> five.select(new int[] {5}));
    assertEquals(five, five.select(new int[] {0, 1, 2, 3, 4}), "content equality");
    assertTrue(five.toString().contains("5 x 1x2x2"));
  }

  @Test
  void classCountsCoverTheDataSetsClasses() {
    int[] counts = five.head(4).classCounts(10);
    assertEquals(10, counts.length);
    assertArrayEquals(new int[] {0, 1, 0, 2, 0, 0, 0, 0, 0, 1}, counts);
    assertEquals(201, five.classCounts(201).length);
    assertThrows(IllegalArgumentException.class, () -> five.classCounts(10), "a label of 200 is not one of 10 classes");
  }
}
