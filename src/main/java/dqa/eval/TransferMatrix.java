package dqa.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dqa.attack.Attack;
import dqa.attack.AttackResult;
import dqa.attack.BatchSeeds;
import dqa.data.Dataset;
import dqa.data.LabeledImages;
import dqa.nn.Network;
import dqa.run.CancellationToken;
import dqa.run.ProgressListener;
import dqa.run.Provenance;
import dqa.run.UserException;
import dqa.train.Accuracy;
import java.util.ArrayList;
import java.util.List;

/**
 * A transfer matrix: adversarial examples of one attack at one budget, crafted on each model and
 * classified by every model (Papernot et al. 2016, "Transferability in Machine Learning"), e.g. the
 * full-precision twin against its quantized sibling. Rows are sources, columns targets; the
 * diagonal is the white-box accuracy.
 *
 * <p>Runs synchronously on the caller's (engine) thread. All models are loaded at once (they are
 * small); each source batch is crafted as every batched attack is ({@link BatchedAttack}), and its
 * 8-bit adversarial images are classified by every target in a sub-manager of the target.
 */
public final class TransferMatrix {
  private TransferMatrix() {}

  /**
   * Computes the matrix.
   *
   * @throws UserException for unknown models, models that take other images, or a bad attack
   */
  public static TransferResult run(
      TransferConfig config, Dataset data, ModelResolver resolver, Device device, ProgressListener progress,
      CancellationToken cancel) {
    long start = System.nanoTime();
    if (!data.id().key().equals(config.dataset())) {
      throw new UserException("transfer: the config is for " + config.dataset() + " but the data set given is "
          + data.id().key());
    }
    DataRecord record = DataRecord.of(data, config.subset());
    if (record.n() == 0) {
      throw new UserException("transfer: the test set of " + config.dataset() + " has no images");
    }
    LabeledImages images = data.test().select(record.indices());
    List<ModelRecord> models = new ArrayList<>();
    for (String ref : config.models()) {
      models.add(ModelRecord.resolve(ref, resolver, images, config.dataset()));
    }
    Attack attack = config.attack().withEps(config.eps()).create(config.dataset());
    int k = models.size();
    int n = images.count();
    int[][] correct = new int[k][k];
    double[] clean = new double[k];
    List<Network> nets = new ArrayList<>();
    try {
      for (ModelRecord m : models) {
        nets.add(Network.load(m.path(), device));
      }
      for (int t = 0; t < k; t++) {
        clean[t] = Accuracy.evaluate(nets.get(t), images, config.batch(), ProgressListener.NONE, cancel);
      }
      long total = (long) k * n;
      for (int s = 0; s < k; s++) {
        String label = ModelRecord.label(models, s);
        int source = s;
        long base = (long) s * n;
        BatchSeeds seeds = new BatchSeeds(config.seed(), 0, config.eps());
        BatchedAttack.run(nets.get(s), attack, images, null, config.batch(), seeds,
            (done, steps, msg) -> progress.progress(base + done, total, "crafting on " + label + ": " + msg), cancel,
            b -> {
              AttackResult r = b.result();
              for (int t = 0; t < k; t++) {
                int[] predicted = t == source ? r.adversarialPredictions() : classify(nets.get(t), r);
                for (int j = 0; j < r.n(); j++) {
                  if (predicted[j] == r.labels()[j]) {
                    correct[source][t]++;
                  }
                }
              }
            });
      }
    } finally {
      for (Network net : nets) {
        net.close();
      }
    }
    double[][] accuracy = new double[k][k];
    for (int s = 0; s < k; s++) {
      for (int t = 0; t < k; t++) {
        accuracy[s][t] = (double) correct[s][t] / n;
      }
    }
    Provenance provenance = Provenance.current(device.isGpu() ? "GPU " + device.getDeviceId() : "CPU");
    return new TransferResult(
        TransferResult.FORMAT, config, record, models, provenance, attack.describe(), clean, accuracy, correct,
        (System.nanoTime() - start) / 1e9);
  }

  private static int[] classify(Network target, AttackResult crafted) {
    try (NDManager sub = target.manager().newSubManager()) {
      NDArray x = sub.create(crafted.adversarial(), Network.inputShape(target.spec(), crafted.n()));
      return target.logits(x, false).argMax(1).toType(DataType.INT32, false).toIntArray();
    }
  }
}
