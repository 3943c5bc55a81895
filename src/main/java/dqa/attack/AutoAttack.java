package dqa.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dqa.nn.GradientMode;
import java.util.ArrayList;
import java.util.List;

/**
 * AutoAttack's "standard" ensemble (Croce &amp; Hein 2020), L∞, as one untargeted attack: APGD-CE,
 * then targeted APGD-DLR against each of the {@code targets} classes the clean image scores highest
 * after its own, then Square ({@code squareQueries} queries). Each member attacks only the images no
 * earlier member broke (checked as the 8-bit images the runner measures), so the result is the worst
 * case per image; the gradient mode applies to every gradient-based member, the score-based Square
 * needs none (it sees through any masking of gradients).
 *
 * <p>Differences from the reference: no FAB-T (a minimum-norm attack that the reference runs between
 * APGD-T and Square; it rarely breaks an image the others leave, and is left for later); a targeted
 * member counts an iterate as found only when it reaches its target (the final image still counts
 * whichever wrong class it lands in). Defaults: 100 iterations per APGD, 9 targets, 5000 queries.
 */
public record AutoAttack(double eps, int steps, int targets, int squareQueries, GradientMode gradient)
    implements Attack {

  public AutoAttack {
    if (!(eps >= 0 && eps <= 1)) {
      throw new IllegalArgumentException("AutoAttack eps must be in [0, 1], got " + eps);
    }
    if (steps < 1 || steps > 100_000) {
      throw new IllegalArgumentException("AutoAttack steps must be 1..100000, got " + steps);
    }
    if (targets < 0 || targets > 1000) {
      throw new IllegalArgumentException("AutoAttack targets must be 0..1000, got " + targets);
    }
    if (squareQueries < 0) {
      throw new IllegalArgumentException("AutoAttack's Square queries must be 0 (none) or positive, got " + squareQueries);
    }
    gradient = gradient == null ? GradientMode.ste() : gradient;
  }

  /** The standard version at a budget ε, with straight-through gradients. */
  public static AutoAttack standard(double eps) {
    return new AutoAttack(eps, 100, 9, 5000, GradientMode.ste());
  }

  @Override
  public String name() {
    return "autoattack";
  }

  @Override
  public Norm norm() {
    return Norm.LINF;
  }

  @Override
  public Access access() {
    return Access.WHITE_BOX;
  }

  @Override
  public Crafted craft(ModelAccess model, NDArray x, Goal goal, AttackContext ctx) {
    if (goal.isTargeted()) {
      throw new IllegalArgumentException("AutoAttack is untargeted; its targeted members choose their own targets");
    }
    int n = (int) x.getShape().get(0);
    int size = (int) (x.size() / Math.max(1, n));
    NDManager manager = x.getManager();
    float[] out = x.toFloatArray();
    boolean[] broken;
    int[] order; // per example, the classes by clean score, highest first
    try (NDArray logits = model.logits(x)) {
      try (NDArray hit = goal.success(logits)) {
        broken = hit.toBooleanArray(); // misclassified already: nothing to attack
      }
      order = topClasses(logits, n);
    }
    int classes = order.length / Math.max(1, n);
    List<Member> members = new ArrayList<>();
    members.add(new Member(new Apgd(Norm.LINF, eps, steps, 1, AttackLoss.CE, gradient), 0));
    for (int t = 1; t <= Math.min(targets, classes - 1); t++) {
      members.add(new Member(new Apgd(Norm.LINF, eps, steps, 1, AttackLoss.DLR, gradient), t));
    }
    if (squareQueries > 0) {
      members.add(new Member(new Square(eps, 0.8, squareQueries), 0));
    }
    long[] queries = new long[n];
    for (int m = 0; m < members.size(); m++) {
      int[] rows = remaining(broken);
      if (rows.length == 0) {
        break;
      }
      Member member = members.get(m);
      ctx.step(m, members.size(), "autoattack: " + member.label() + " on " + rows.length + " of " + n + " images");
      try (NDManager scope = manager.newSubManager()) {
        NDArray index = scope.create(rows);
        NDArray xs = x.get(index);
        xs.attach(scope);
        Goal selected = goal.select(index);
        Goal gs = selected;
        if (member.targetRank() > 0) {
          int[] t = new int[rows.length];
          for (int j = 0; j < rows.length; j++) {
            t[j] = order[rows[j] * classes + member.targetRank()];
          }
          gs = Goal.targeted(gs.labels(), scope.create(t).toType(goal.labels().getDataType(), false));
        }
        Crafted crafted = member.attack().craft(model, xs, gs, ctx);
        NDArray adv = norm().roundTo8Bit(norm().project(crafted.images(), xs, eps), xs, eps);
        boolean[] fooled;
        try (NDArray advLogits = model.logits(adv);
            NDArray hit = selected.success(advLogits)) {
          fooled = hit.toBooleanArray();
        }
        float[] images = adv.toFloatArray();
        for (int j = 0; j < rows.length; j++) {
          if (crafted.queries() != null) {
            queries[rows[j]] += crafted.queries()[j];
          }
          if (fooled[j]) {
            broken[rows[j]] = true;
            System.arraycopy(images, j * size, out, rows[j] * size, size);
          }
        }
      }
    }
    return new Crafted(manager.create(out, x.getShape()), queries);
  }

  /** One member of the ensemble: the attack and, for a targeted one, the rank of its target class. */
  private record Member(Attack attack, int targetRank) {
    String label() {
      return targetRank == 0 ? attack.name() : attack.name() + " towards class rank " + (targetRank + 1);
    }
  }

  private static int[] remaining(boolean[] broken) {
    return java.util.stream.IntStream.range(0, broken.length).filter(i -> !broken[i]).toArray();
  }

  /** Per example, the class indices sorted by score, highest first (N×K, row-major). */
  private static int[] topClasses(NDArray logits, int n) {
    float[] z = logits.toFloatArray();
    int k = z.length / Math.max(1, n);
    int[] out = new int[z.length];
    for (int i = 0; i < n; i++) {
      Integer[] idx = new Integer[k];
      for (int c = 0; c < k; c++) {
        idx[c] = c;
      }
      final int row = i;
      java.util.Arrays.sort(idx, (a, b) -> Float.compare(z[row * k + b], z[row * k + a]));
      for (int c = 0; c < k; c++) {
        out[i * k + c] = idx[c];
      }
    }
    return out;
  }

  @Override
  public String describe() {
    return name() + " eps=" + Attacks.format(eps) + " steps=" + steps + " targets=" + targets + " square-queries="
        + squareQueries + " grad=" + gradient;
  }
}
