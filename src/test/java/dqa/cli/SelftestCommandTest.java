package dqa.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dqa.run.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code selftest} through the command line: the JSON verdict is the last stdout line, exit 0 or 1. */
@Tag("engine")
class SelftestCommandTest {
  @TempDir Path tmp;

  record Outcome(int exit, List<String> lines, String err) {
    JsonNode verdict() {
      assertFalse(lines.isEmpty(), "nothing on stdout; stderr: " + err);
      String last = lines.get(lines.size() - 1);
      try {
        return Json.mapper().readTree(last);
      } catch (Exception e) {
        throw new AssertionError("last stdout line is not JSON: " + last, e);
      }
    }
  }

  static synchronized Outcome selftest(boolean viaMain, String... args) {
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
      String text = out.toString(StandardCharsets.UTF_8);
      return new Outcome(exit, text.lines().filter(l -> !l.isBlank()).toList(), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void passesOnTheShippedModelAndTheBundledSample() {
    Outcome o = selftest(false, "selftest");
    assertEquals(0, o.exit(), String.join("\n", o.lines()) + o.err());
    JsonNode v = o.verdict();
    assertTrue(v.get("ok").asBoolean(), v.toString());
    assertEquals("lenet-relu", v.get("model").asText());
    assertTrue(v.get("engine").asText().startsWith("PyTorch 2.7.1"), v.toString());
    double clean = v.get("clean_accuracy").asDouble();
    double fgsm = v.get("fgsm_accuracy").asDouble();
    assertTrue(clean >= 0.9, "lenet-relu should classify the sample well: " + v);
    assertTrue(fgsm < clean, v.toString());
    assertTrue(v.get("seconds").asDouble() > 0, v.toString());
    assertFalse(v.has("step"), "a passing verdict names no failing step: " + v);
    // One line per step before the verdict, and no stack trace anywhere.
    assertTrue(o.lines().stream().anyMatch(l -> l.startsWith("selftest: fgsm")), o.lines().toString());
    assertFalse(o.err().contains("\tat "), o.err());
  }

  @Test
  void theFlagRunsTheSameCommandAndJsonPrintsOnlyTheVerdict() {
    assertArrayEquals(new String[] {"selftest", "--json"}, Cli.route("--selftest", "--json"));
    assertArrayEquals(new String[] {"eval", "--selftest"}, Cli.route("eval", "--selftest"));
    Outcome o = selftest(true, "--selftest", "--json", "--images", "32");
    assertEquals(0, o.exit(), o.lines() + o.err());
    assertEquals(1, o.lines().size(), o.lines().toString());
    assertEquals(32, o.verdict().get("images").asInt());
  }

  @Test
  void aFailingStepGivesOkFalseItsNameAndExitOneWithoutStackTrace() throws Exception {
    Path notAModel = Files.createDirectories(tmp.resolve("not-a-model"));
    Outcome o = selftest(false, "selftest", "--model", notAModel.toString());
    assertEquals(1, o.exit(), o.lines() + o.err());
    JsonNode v = o.verdict();
    assertFalse(v.get("ok").asBoolean(), v.toString());
    assertEquals("model", v.get("step").asText());
    assertTrue(v.get("message").asText().contains("not-a-model"), v.toString());
    assertTrue(v.has("engine"), "the engine step passed and is reported: " + v);
    String all = String.join("\n", o.lines()) + o.err();
    assertFalse(all.contains("\tat ") || all.contains("Exception"), all);
  }

  @Test
  void findsTheFirstShippedModelWhenLenetReluIsMissing() throws Exception {
    Path models = tmp.resolve("models");
    for (String name : List.of("zz-model", "b-model", "a-no-card")) {
      Files.createDirectories(models.resolve(name));
      Files.writeString(models.resolve(name).resolve("model.json"), "{}");
    }
    Files.writeString(models.resolve("zz-model").resolve("card.json"), "{}");
    Files.writeString(models.resolve("b-model").resolve("card.json"), "{}");
    assertEquals(models.resolve("b-model"), SelftestCommand.defaultModel(models));
  }
}
