package dqa.run;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Where and with what a result was made, so it can be re-run and compared: product, engine and
 * runtime versions, machine, device and (when known) the git commit of the product's source.
 *
 * <p>{@code engineThreads} is libtorch's intra-op thread count: training splits its sums across
 * threads, so the same recipe gives other weights with another count (1 and 2 threads differ after
 * one epoch); null in manifests written before it was recorded.
 */
public record Provenance(
    String product,
    String productVersion,
    String gitCommit,
    String djlVersion,
    String pytorchVersion,
    String java,
    String os,
    int cores,
    String device,
    String createdAt,
    Integer engineThreads) {

  public static final String PRODUCT = "DQA Workbench";

  /** Reads the current environment; {@code device} is the label of the device in use. */
  public static Provenance current(String device) {
    String version = Provenance.class.getPackage().getImplementationVersion();
    return new Provenance(
        PRODUCT,
        version == null ? "dev" : version,
        detectGitCommit(),
        Engine.getDjlVersion(),
        TorchEngine.get().getVersion(),
        System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors(),
        device,
        Instant.now().toString(),
        ai.djl.pytorch.jni.JniUtils.getNumThreads());
  }

  private static volatile String cachedCommit;

  /** Where the build writes the commit it was made from (src/build/build-info.sh). */
  static final String BUILD_INFO = "/dqa/build-info.properties";

  /**
   * The commit the running code was built from, with {@code -dirty} when the build's sources had
   * uncommitted changes; null when unknown (a build outside a git checkout). Read from the build,
   * never from the current folder, whose checkout may have moved on since.
   */
  static String detectGitCommit() {
    String c = cachedCommit;
    if (c == null) {
      c = readBuildCommit();
      cachedCommit = c;
    }
    return c.isEmpty() ? null : c;
  }

  private static String readBuildCommit() {
    try (var in = Provenance.class.getResourceAsStream(BUILD_INFO)) {
      if (in == null) {
        return "";
      }
      java.util.Properties p = new java.util.Properties();
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      String commit = p.getProperty("commit", "").trim();
      if (!commit.matches("[0-9a-f]{7,40}")) {
        return "";
      }
      return "true".equals(p.getProperty("dirty", "").trim()) ? commit + "-dirty" : commit;
    } catch (IOException e) {
      return "";
    }
  }
}
