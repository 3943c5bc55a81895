package dqa.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dqa.cli.CliRun.Outcome;
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

  static Outcome selftest(boolean viaMain, String... args) {
    return viaMain ? CliRun.main(args) : CliRun.execute(args);
  }

  @Test
  void passesOnTheShippedModelAndTheBundledSample() {
    Outcome o = selftest(false, "selftest");
    assertEquals(0, o.exit(), String.join("\n", o.lines()) + o.err());
    JsonNode v = o.lastLineJson();
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
    assertEquals(32, o.lastLineJson().get("images").asInt());
  }

  @Test
  void aFailingStepGivesOkFalseItsNameAndExitOneWithoutStackTrace() throws Exception {
    Path notAModel = Files.createDirectories(tmp.resolve("not-a-model"));
    Outcome o = selftest(false, "selftest", "--model", notAModel.toString());
    assertEquals(1, o.exit(), o.lines() + o.err());
    JsonNode v = o.lastLineJson();
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
