package dqa.attack;

/**
 * The one seed policy of batched attacks: every batch of images gets its own seed, a SplitMix64 hash
 * of the run's seed, the attack's index in the run, the budget and the batch's number, folded to a
 * non-negative int (the engine takes ints). The {@code attack} command, sweeps, the transfer matrix
 * and the window's attack all draw from it, so the same images in the same batches meet the same
 * random starts wherever they are attacked, and a result never depends on what ran before it.
 *
 * <p>A value holds the seeds of one run of one attack at one budget.
 *
 * @param attack the attack's index in the run (0 for a run of one attack)
 * @param eps the budget, or −1 for work that belongs to no budget (training a substitute)
 */
public record BatchSeeds(long seed, int attack, double eps) {
  /** The seed of batch {@code batch} (from 0) of this run. */
  public long of(int batch) {
    return of(seed, attack, eps, batch);
  }

  /**
   * The seed of one batch.
   *
   * @param attack the attack's index in the run (0 for a run of one attack)
   * @param eps the budget, or −1 for work that belongs to no budget (training a substitute)
   * @param batch the batch's number, from 0
   */
  public static long of(long seed, int attack, double eps, int batch) {
    long h = mix(seed ^ 0x5DEECE66DL);
    h = mix(h ^ (attack + 1L) * 0x9E3779B97F4A7C15L);
    h = mix(h ^ Double.doubleToLongBits(eps));
    h = mix(h ^ (batch + 1L) * 0xC2B2AE3D27D4EB4FL);
    return h & 0x7fffffffL;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
