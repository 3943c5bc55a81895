package dqa.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ProvenanceTest {
  /** The commit comes from the build (src/build/build-info.sh), not from the folder the product runs in. */
  @Test
  void theCommitIsTheOneTheBuildRecorded() throws Exception {
    Properties p = new Properties();
    try (InputStream in = Provenance.class.getResourceAsStream(Provenance.BUILD_INFO)) {
      org.junit.jupiter.api.Assumptions.assumeTrue(in != null, "built without build info");
      p.load(in);
    }
    String commit = p.getProperty("commit");
    org.junit.jupiter.api.Assumptions.assumeTrue(!commit.isEmpty(), "built outside a git checkout");
    String expected = commit + ("true".equals(p.getProperty("dirty")) ? "-dirty" : "");
    assertEquals(expected, Provenance.detectGitCommit());
    assertTrue(expected.matches("[0-9a-f]{12}(-dirty)?"), expected);
    // Built from this checkout (mvn verify compiles before testing): the commit is its HEAD.
    Process git = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").redirectErrorStream(true).start();
    String head = new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
    if (git.waitFor() == 0) {
      assertEquals(head, commit, "the build recorded another commit than the checkout's HEAD");
    }
  }
}
