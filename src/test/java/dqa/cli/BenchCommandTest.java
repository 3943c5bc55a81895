package dqa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dqa.run.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench} end to end on the bundled sample with tiny settings: seconds, not a measurement. */
@Tag("engine")
class BenchCommandTest {
  @TempDir Path tmp;

  private CliRun.Outcome bench(String... args) {
    System.setProperty("dqa.home", tmp.resolve("home").toString());
    String[] all = new String[args.length + 1];
    all[0] = "bench";
    System.arraycopy(args, 0, all, 1, args.length);
    return CliRun.execute(all);
  }

  @Test
  void measuresInferenceAndFgsmAndWritesTheSameJsonToFile() throws Exception {
    Path out = tmp.resolve("bench.json");
    CliRun.Outcome o =
        bench("--only", "infer,fgsm", "--repeats", "1", "--nets", "lenet/relu,lenet/dqa:2", "--batch", "32",
            "--warmup", "1", "--infer-images", "64", "--attack-batches", "1", "--json", "--out", out.toString());
    assertEquals(0, o.exit(), o.err());
    JsonNode j = o.json();
    assertEquals("dqa-bench/1", j.get("format").asText());
    assertEquals(Json.mapper().readTree(Files.readString(out)), j, "--out holds what --json printed");
    JsonNode figures = j.get("figures");
    assertEquals(4, figures.size(), j.toString());
    for (JsonNode f : figures) {
      assertTrue(f.get("part").asText().matches("infer|fgsm"), f.toString());
      JsonNode s = f.get("stats");
      assertEquals(1, s.get("samples").size());
      assertTrue(s.get("median").asDouble() > 0, f.toString());
      assertTrue(s.get("min").asDouble() <= s.get("median").asDouble() && s.get("median").asDouble() <= s.get("max").asDouble());
    }
    assertEquals("lenet/dqa:2", figures.get(1).get("network").asText());
    assertEquals("higher", figures.get(0).get("better").asText());
    assertEquals("ms_per_step", figures.get(2).get("metric").asText());
    assertEquals("lower", figures.get(2).get("better").asText());
    assertTrue(j.get("settings").get("parts").toString().contains("fgsm"));
    assertTrue(j.get("provenance").has("djl_version"));
    assertTrue(j.get("data").get("location").asText().contains("sample"), j.get("data").toString());
    assertTrue(!j.has("sweep") || j.get("sweep").isNull());
    if (Files.exists(Path.of("/proc/self/status"))) {
      JsonNode m = j.get("memory");
      assertTrue(m.get("peak_mb").asDouble() >= m.get("end_mb").asDouble(), m.toString());
      assertTrue(m.get("after_part_mb").has("infer"), m.toString());
    }
  }

  @Test
  void trainsPgdsAndSweepsWithTinySettings() {
    CliRun.Outcome o =
        bench("--only", "train,pgd,sweep,slider", "--repeats", "1", "--nets", "cnn/relu", "--batch", "16", "--warmup",
            "1", "--train-batches", "2", "--attack-batches", "1", "--pgd-steps", "2", "--sweep-images", "16",
            "--sweep-eps", "0,0.1,0.3", "--sweep-steps", "2", "--slider-images", "4", "--json");
    assertEquals(0, o.exit(), o.err());
    JsonNode j = o.json();
    assertEquals("train", j.get("figures").get(0).get("part").asText());
    assertTrue(j.get("figures").get(0).get("work").asText().startsWith("2 timed batches of 16"));
    if (Files.exists(Path.of("/proc/self/status"))) {
      assertTrue(j.get("figures").get(0).get("rss_end_mb").asDouble() > 0, j.get("figures").get(0).toString());
    }
    JsonNode s = j.get("sweep");
    assertEquals(16, s.get("images").asInt());
    assertEquals(3, s.get("robust_accuracy_reuse").size());
    assertEquals(3, s.get("robust_accuracy_no_reuse").size());
    assertEquals(s.get("clean_accuracy").asDouble(), s.get("robust_accuracy_reuse").get(0).asDouble(), 1e-9);
    JsonNode attacked = s.get("attacked_reuse");
    assertEquals(Math.round(16 * s.get("clean_accuracy").asDouble()), attacked.get(1).asInt(),
        "with reuse, eps 0.1 attacks only the images eps 0 left correct");
    assertTrue(attacked.get(2).asInt() <= attacked.get(1).asInt(), attacked.toString());
    assertTrue(s.get("reuse_seconds").get("median").asDouble() > 0);
    JsonNode slider = j.get("figures").get(j.get("figures").size() - 1);
    assertEquals("slider", slider.get("part").asText());
    assertEquals("lenet-dqa2+lenet-relu", slider.get("network").asText(), "the window's model and twin");
    assertEquals("ms_per_frame", slider.get("metric").asText());
    assertTrue(slider.get("stats").get("median").asDouble() > 0, slider.toString());
    assertTrue(slider.get("work").asText().contains("on 4 test images of each of 2 models"), slider.toString());
  }

  @Test
  void badPartsAreBadInput() {
    CliRun.Outcome o = bench("--only", "infer,speed", "--json");
    assertEquals(Cli.EXIT_BAD_INPUT, o.exit());
    assertEquals("error: --only: 'speed' is not one of train, infer, fgsm, pgd, sweep, slider", o.err().trim());
    assertEquals("", o.out());
    CliRun.Outcome r = bench("--repeats", "0");
    assertEquals(Cli.EXIT_BAD_INPUT, r.exit());
    assertTrue(r.err().contains("--repeats must be 1..100"), r.err());
  }
}
