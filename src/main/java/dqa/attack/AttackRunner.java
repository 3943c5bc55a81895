package dqa.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dqa.nn.Network;
import dqa.run.TorchEngine;

/** The template behind {@link Attack#run}: freeze, seed, craft, project, round, measure. */
final class AttackRunner {
  private AttackRunner() {}

  static AttackResult run(
      Attack attack, Network network, NDArray x, NDArray labels, NDArray targets, AttackContext ctx) {
    long start = System.nanoTime();
    TorchEngine.get().setRandomSeed((int) ctx.seed());
    Goal goal = targets == null ? Goal.untargeted(labels) : Goal.targeted(labels, targets);
    ModelAccess access = new ModelAccess(network, attack.gradient());
    NDArray adv;
    long[] queries;
    network.setParametersTrainable(false);
    try {
      Attack.Crafted crafted =
          attack.eps() == 0 ? Attack.Crafted.of(x.duplicate()) : attack.craft(access, x, goal, ctx.stoppingAtSuccess());
      Norm norm = attack.norm();
      adv = norm.roundTo8Bit(norm.project(crafted.images(), x, attack.eps()), x, attack.eps());
      queries = crafted.queries();
    } finally {
      network.setParametersTrainable(true);
    }
    NDArray cleanLogits = network.logits(x, false);
    NDArray advLogits = network.logits(adv, false);
    NDArray delta = adv.sub(x);
    NDArray flat = delta.reshape(delta.getShape().get(0), -1);
    int n = (int) x.getShape().get(0);
    return new AttackResult(
        attack.describe(),
        n,
        (int) cleanLogits.getShape().get(1),
        ints(labels),
        targets == null ? null : ints(targets),
        ints(cleanLogits.argMax(1)),
        ints(advLogits.argMax(1)),
        goal.success(advLogits).toBooleanArray(),
        doubles(flat.abs().gt(1e-7f).toType(DataType.FLOAT32, false).sum(new int[] {1})),
        doubles(flat.square().sum(new int[] {1}).sqrt()),
        doubles(flat.abs().max(new int[] {1})),
        queries == null ? new long[n] : queries,
        cleanLogits.softmax(1).toFloatArray(),
        advLogits.softmax(1).toFloatArray(),
        adv.toFloatArray(),
        ctx.seed(),
        (System.nanoTime() - start) / 1e9);
  }

  private static int[] ints(NDArray a) {
    return a.toType(DataType.INT32, false).toIntArray();
  }

  private static double[] doubles(NDArray a) {
    float[] f = a.toType(DataType.FLOAT32, false).toFloatArray();
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
