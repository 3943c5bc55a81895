package dqa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.cli.CliRun.Outcome;
import dqa.nn.Network;
import dqa.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the user names explicitly is a promise: a missing or incomplete data folder and a damaged
 * weights file are one clear line on stderr and exit 2, never a quiet fall-back or a 0 % result.
 */
@Tag("engine")
class ExplicitInputsTest {
  @TempDir Path tmp;

  private Outcome cli(String... args) {
    System.setProperty("dqa.home", tmp.resolve("home").toString());
    return CliRun.execute(args);
  }

  private static void assertOneLineError(Outcome o, String... fragments) {
    assertEquals(2, o.exit(), o.err());
    assertTrue(o.out().isBlank(), "nothing on stdout: " + o.out());
    String err = o.err().strip();
    assertEquals(1, err.lines().count(), "one line: " + err);
    for (String f : fragments) {
      assertTrue(err.contains(f), "'" + f + "' in: " + err);
    }
  }

  @Test
  void aMissingDataFolderIsAnError() {
    Path missing = tmp.resolve("no-such-folder");
    assertOneLineError(cli("eval", "--model", TinyModels.relu().toString(), "--data-dir", missing.toString(), "--json"),
        missing.toString(), "no such folder");
  }

  @Test
  void aDataFolderMissingOneFileNamesIt() throws Exception {
    Path mnist = Files.createDirectories(tmp.resolve("data").resolve("mnist"));
    Path sample = Path.of(System.getProperty("dqa.assets", "assets"), "sample", "mnist");
    try (Stream<Path> files = Files.list(sample)) {
      for (Path f : files.filter(p -> !p.getFileName().toString().startsWith("t10k-labels")).toList()) {
        Files.copy(f, mnist.resolve(f.getFileName()));
      }
    }
    assertOneLineError(
        cli("eval", "--model", TinyModels.relu().toString(), "--data-dir", tmp.resolve("data").toString(), "--json"),
        mnist.toString(), "t10k-labels-idx1-ubyte");
  }

  @Test
  void aDataFolderWithoutTheDataSetIsAnError() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertOneLineError(cli("eval", "--model", TinyModels.relu().toString(), "--data-dir", empty.toString(), "--json"),
        empty.toString(), "does not hold mnist");
  }

  @Test
  void weightsReplacedByRandomBytesOfTheSameSizeAreRefused() throws Exception {
    Path model = tmp.resolve("model");
    Files.createDirectories(model);
    try (Stream<Path> files = Files.list(TinyModels.relu())) {
      for (Path f : files.toList()) {
        Files.copy(f, model.resolve(f.getFileName()));
      }
    }
    Path weights = model.resolve("network-0000.params");
    byte[] noise = new byte[(int) Files.size(weights)];
    new Random(3).nextBytes(noise);
    Files.write(weights, noise);
    assertTrue(Files.readString(model.resolve(Network.SPEC_FILE)).contains(Network.WEIGHTS_SHA256));
    assertOneLineError(cli("eval", "--model", model.toString(), "--json"), weights.toString(), "checksum");
  }
}
