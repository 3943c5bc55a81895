package dqa.eval;

import dqa.attack.Norm;
import java.util.List;

/**
 * Per-example worst case of one model at one budget: an image counts as robust only if it
 * survived every attack of that norm ("any attack succeeded" breaks it).
 *
 * @param attacks the attacks whose cells were combined
 * @param complete every attack of this norm has finished its cell at this ε
 */
public record WorstCase(
    int modelIndex,
    String model,
    String network,
    Norm norm,
    double eps,
    List<String> attacks,
    boolean complete,
    int n,
    int cleanCorrect,
    int robustCorrect,
    double cleanAccuracy,
    double robustAccuracy) {

  public WorstCase {
    attacks = List.copyOf(attacks);
  }
}
