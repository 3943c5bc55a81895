package dqa.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model's fingerprint follows its network files, not the card that reproduce rewrites beside them. */
class ModelRecordTest {
  @Test
  void rewritingTheCardKeepsTheFingerprintChangingAWeightDoesNot(@TempDir Path folder) throws Exception {
    Files.writeString(folder.resolve("model.json"), "{\"spec\":1}");
    Files.write(folder.resolve("network-0000.params"), new byte[] {1, 2, 3});
    Files.writeString(folder.resolve("card.json"), "{\"robustness\":{}}");
    String before = ModelRecord.fingerprint(folder);

    Files.writeString(folder.resolve("card.json"), "{\"robustness\":{\"pgd\":0.81}}");
    assertEquals(before, ModelRecord.fingerprint(folder), "the card is not the model");

    Files.write(folder.resolve("network-0000.params"), new byte[] {1, 2, 4});
    assertNotEquals(before, ModelRecord.fingerprint(folder), "new weights are a new model");
  }
}
