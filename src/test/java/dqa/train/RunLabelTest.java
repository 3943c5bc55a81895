package dqa.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.run.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's given name and note: kept beside the manifest, read back, refused when unreadable to people. */
class RunLabelTest {
  @TempDir Path run;

  @Test
  void writesReadsAndRemoves() {
    new RunLabel("  dqa, lr 1e-3 ", "the one for the lecture").write(run);
    RunLabel back = RunLabel.read(run).orElseThrow();
    assertEquals("dqa, lr 1e-3", back.name(), "trimmed");
    assertEquals("the one for the lecture", back.note());
    assertEquals(back, RunLabel.ofModelFolder(run.resolve(RunFolder.MODEL)).orElseThrow(), "found from the run's model");
    assertTrue(RunLabel.ofModelFolder(run).isEmpty(), "a folder that is not a run's model has no run label");
    new RunLabel(" ", "").write(run);
    assertFalse(Files.exists(run.resolve(RunLabel.FILE)), "an empty label leaves no file");
    assertTrue(RunLabel.read(run).isEmpty());
  }

  @Test
  void badNamesAreRefusedNamingTheField() {
    UserException tooLong = assertThrows(UserException.class, () -> new RunLabel("x".repeat(81), null));
    assertTrue(tooLong.getMessage().startsWith("Name: at most 80"), tooLong.getMessage());
    assertThrows(UserException.class, () -> new RunLabel("two\nlines", null));
    assertThrows(UserException.class, () -> new RunLabel(null, "n".repeat(4001)));
  }

  @Test
  void aDamagedLabelLeavesTheFolderName() throws Exception {
    Files.writeString(run.resolve(RunLabel.FILE), "{ not json");
    assertTrue(RunLabel.read(run).isEmpty());
  }
}
