package dqa.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dqa.run.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the command line in this JVM and captures what it prints (System.out/err are swapped, so one at a time). */
final class CliRun {
  private CliRun() {}

  /** Exit code and both streams of one run. */
  record Outcome(int exit, String out, String err) {
    /** Stdout as the single JSON object {@code --json} promises. */
    JsonNode json() {
      JsonNode node;
      try {
        node = Json.mapper().readTree(out);
      } catch (Exception e) {
        throw new AssertionError("stdout is not one JSON object: " + out, e);
      }
      if (node == null || !node.isObject()) {
        throw new AssertionError("stdout is not one JSON object: " + out);
      }
      return node;
    }

    /** The non-blank lines of stdout. */
    List<String> lines() {
      return out.lines().filter(l -> !l.isBlank()).toList();
    }

    /** The last stdout line as JSON (a command that prints progress first, then a verdict). */
    JsonNode lastLineJson() {
      List<String> lines = lines();
      assertFalse(lines.isEmpty(), "nothing on stdout; stderr: " + err);
      String last = lines.get(lines.size() - 1);
      try {
        return Json.mapper().readTree(last);
      } catch (Exception e) {
        throw new AssertionError("last stdout line is not JSON: " + last, e);
      }
    }
  }

  /** Through picocli's command line, as the tests of each command do. */
  static Outcome execute(String... args) {
    return run(false, args);
  }

  /** Through {@link Cli#run}, the entry point {@code dqa.Main} uses (exit codes, flag rewriting). */
  static Outcome main(String... args) {
    return run(true, args);
  }

  private static synchronized Outcome run(boolean viaMain, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit;
      if (viaMain) {
        exit = Cli.run(args);
      } else {
        var cl = Cli.newCommandLine();
        cl.setOut(new PrintWriter(System.out, true));
        cl.setErr(new PrintWriter(System.err, true));
        exit = cl.execute(args);
      }
      return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
