package dqa.app.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UiQueueTest {
  @Test
  void aBurstIsOneDeliveryInOrderAndALaterPostSchedulesTheNext() {
    List<Runnable> pulses = new ArrayList<>();
    List<List<Integer>> batches = new ArrayList<>();
    UiQueue<Integer> queue = new UiQueue<>(pulses::add, batches::add);
    queue.post(1);
    queue.post(2);
    queue.post(3);
    assertEquals(1, pulses.size());
    pulses.get(0).run();
    assertEquals(List.of(List.of(1, 2, 3)), batches);
    queue.post(4);
    assertEquals(2, pulses.size(), "after a delivery the next post needs a new pulse");
    pulses.get(1).run();
    pulses.get(0).run(); // a stray second run of an old pulse delivers nothing
    assertEquals(List.of(List.of(1, 2, 3), List.of(4)), batches);
  }
}
