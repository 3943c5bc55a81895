package dqa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dqa.cli.CliRun.Outcome;
import dqa.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The sweep, transfer and report commands end to end on two tiny models: files, JSON, resume, errors. */
@Tag("engine")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvalCommandsTest {
  @TempDir static Path tmp;
  static String models;

  static Outcome cli(String... args) {
    System.setProperty("dqa.home", tmp.resolve("home").toString());
    return CliRun.execute(args);
  }

  @BeforeAll
  void models() {
    models = TinyModels.relu() + "," + TinyModels.fixed1();
  }

  @Test
  @Order(1)
  void sweepWritesEveryFileAndPrintsOneJsonObject() throws Exception {
    Path out = tmp.resolve("sweep.json");
    Outcome o = cli("sweep", "--models", models, "--attacks", "fgsm", "--eps", "0:0.3:0.15", "--limit", "32",
        "--batch", "32", "--out", out.toString(), "--csv", tmp.resolve("sweep.csv").toString(), "--html",
        tmp.resolve("sweep.html").toString(), "--png", tmp.resolve("sweep.png").toString(), "--svg",
        tmp.resolve("sweep.svg").toString(), "--device", "cpu", "--json");
    assertEquals(0, o.exit(), o.err());
    JsonNode j = o.json();
    assertEquals("completed", j.get("status").asText());
    assertEquals(32, j.get("n").asInt());
    assertEquals(6, j.get("cells").asInt());
    assertEquals(6, j.get("computed").asInt());
    assertEquals(0, j.get("resumed").asInt());
    JsonNode cell = j.get("results").get(2);
    for (String f : new String[] {"model", "network", "attack", "eps", "clean_accuracy", "robust_accuracy",
        "success_rate", "attacked", "reused_from_eps", "seconds"}) {
      assertTrue(cell.has(f), f + " missing in " + cell);
    }
    assertEquals(0.3, cell.get("eps").asDouble(), 1e-12);
    assertEquals(0.15, cell.get("reused_from_eps").asDouble(), 1e-12);
    assertEquals(6, j.get("worst_case").size());
    assertTrue(j.get("checks").size() >= 3, o.out());
    assertEquals(6, j.get("files").size(), "csv x3, png, svg, html: " + j.get("files"));
    for (String f : new String[] {"sweep.json", "sweep.csv", "sweep-worst-case.csv", "sweep-checks.csv", "sweep.png",
        "sweep.svg", "sweep.html"}) {
      assertTrue(Files.size(tmp.resolve(f)) > 100, f);
    }
    assertTrue(o.err().contains("robust"), "per-cell lines on stderr: " + o.err());
  }

  @Test
  @Order(2)
  void theSameSweepAgainResumesWithNothingLeftToDo() {
    Outcome o = cli("sweep", "--models", models, "--attacks", "fgsm", "--eps", "0,0.15,0.3", "--limit", "32",
        "--batch", "32", "--out", tmp.resolve("sweep.json").toString(), "--device", "cpu", "--json");
    assertEquals(0, o.exit(), o.err());
    assertEquals(0, o.json().get("computed").asInt());
    assertEquals(6, o.json().get("resumed").asInt());
    assertTrue(o.err().contains("resuming"), o.err());
  }

  @Test
  @Order(3)
  void aChangedSweepIsRefusedInOneLine() {
    Outcome o = cli("sweep", "--models", models, "--attacks", "fgsm", "--eps", "0,0.2", "--limit", "32", "--batch",
        "32", "--out", tmp.resolve("sweep.json").toString(), "--json");
    assertEquals(2, o.exit(), o.err());
    assertEquals("", o.out());
    assertEquals(1, o.err().strip().lines().count(), o.err());
    assertTrue(o.err().contains("different config") && o.err().contains("eps"), o.err());
  }

  @Test
  @Order(4)
  void transferPrintsTheMatrix() throws Exception {
    Outcome o = cli("transfer", "--models", models, "--attack", "fgsm", "--eps", "0.2", "--limit", "32", "--out",
        tmp.resolve("transfer.json").toString(), "--csv", tmp.resolve("transfer.csv").toString(), "--device", "cpu",
        "--json");
    assertEquals(0, o.exit(), o.err());
    JsonNode j = o.json();
    assertEquals(2, j.get("accuracy").size());
    assertEquals(2, j.get("accuracy").get(0).size());
    assertEquals(2, j.get("clean_accuracy").size());
    assertEquals(32, j.get("n").asInt());
    assertTrue(j.get("attack").asText().startsWith("fgsm eps=0.2"), j.toString());
    assertTrue(Files.readString(tmp.resolve("transfer.csv")).contains("source \\ target"));
  }

  @Test
  @Order(5)
  void reportRendersSavedResults() throws Exception {
    Path html = tmp.resolve("report.html");
    Outcome o = cli("report", "--sweep", tmp.resolve("sweep.json").toString(), "--transfer",
        tmp.resolve("transfer.json").toString(), "--html", html.toString(), "--svg", tmp.resolve("r.svg").toString(),
        "--json");
    assertEquals(0, o.exit(), o.err());
    JsonNode j = o.json();
    assertEquals(html.toString(), j.get("html").asText());
    assertTrue(j.has("warnings") && j.get("checks").isArray());
    String s = Files.readString(html);
    assertTrue(s.contains("Transfer matrix") && s.contains("Sanity checks") && s.contains("data:image/png"));
  }

  @Test
  @Order(6)
  void badInputExitsTwoWithOneLine() {
    Outcome eps = cli("sweep", "--models", models, "--attacks", "fgsm", "--eps", "0:abc", "--out",
        tmp.resolve("x.json").toString());
    assertEquals(2, eps.exit(), eps.err());
    assertTrue(eps.err().contains("--eps"), eps.err());
    Outcome attack = cli("sweep", "--models", models, "--attacks", "fgsm,pgd[stepz=3]", "--eps", "0.1", "--out",
        tmp.resolve("x.json").toString());
    assertEquals(2, attack.exit());
    assertTrue(attack.err().contains("stepz"), attack.err());
    Outcome model = cli("transfer", "--models", TinyModels.relu() + "," + tmp.resolve("nope"), "--attack", "fgsm",
        "--eps", "0.1", "--out", tmp.resolve("t.json").toString());
    assertEquals(2, model.exit());
    assertTrue(model.err().contains("nope"), model.err());
    Outcome report = cli("report", "--sweep", tmp.resolve("absent.json").toString(), "--html",
        tmp.resolve("r.html").toString());
    assertEquals(2, report.exit());
    assertTrue(report.err().contains("absent.json"), report.err());
    assertFalse(report.err().contains("\tat "), report.err());
  }
}
