package dqa.attack;

import ai.djl.ndarray.NDArray;

/**
 * Black-box access to a classifier: scores (logits) for a batch, and nothing else. Every image
 * scored is one query.
 */
public interface ScoreAccess {
  /** Logits N×K for images N×C×H×W in [0, 1]; counts N queries. */
  NDArray logits(NDArray images);

  int numClasses();

  /** Queries made so far (images scored). */
  long queries();
}
