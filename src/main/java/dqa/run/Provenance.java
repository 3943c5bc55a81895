package dqa.run;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Where and with what a result was made, so it can be re-run and compared: product, engine and
 * runtime versions, machine, device and (when known) the git commit of the product's source.
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
    String createdAt) {

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
        Instant.now().toString());
  }

  private static volatile String cachedCommit;

  /** The commit of the working tree the product runs from, or null outside a git checkout. */
  static String detectGitCommit() {
    String c = cachedCommit;
    if (c != null) {
      return c.isEmpty() ? null : c;
    }
    String found = "";
    try {
      Process p =
          new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD")
              .redirectErrorStream(true)
              .start();
      if (p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0) {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (out.matches("[0-9a-f]{7,40}")) {
          found = out;
        }
      } else {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      // No git on this machine: the commit stays unknown.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    cachedCommit = found;
    return found.isEmpty() ? null : found;
  }
}
