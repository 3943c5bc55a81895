package dqa.attack;

import java.util.List;

/** Opens {@link Apgd}'s package-private schedule to tests in other packages. */
public final class ApgdAccess {
  private ApgdAccess() {}

  public static List<Integer> checkpoints(int steps) {
    return Apgd.checkpoints(steps);
  }
}
