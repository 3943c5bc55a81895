package dqa.eval;

import java.util.List;

/**
 * Receives a sweep's results as they are made, as plain values (the window draws its live
 * accuracy-vs-ε chart from these). Called on the thread that runs the sweep.
 */
public interface SweepListener {
  SweepListener NONE = cell -> {};

  /** A cell was just computed. */
  void cellFinished(SweepCell cell);

  /** A cell was read back from the sweep file of an earlier, interrupted run; by default like a finished one. */
  default void cellRestored(SweepCell cell) {
    cellFinished(cell);
  }

  /** The worst case of a model at a budget changed (after each cell). */
  default void worstCaseUpdated(WorstCase worstCase) {}

  /** The sanity checks were computed, at the end of the sweep. */
  default void checksFinished(List<Check> checks) {}
}
