package dqa.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.run.Sha256;
import dqa.run.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {
  @TempDir Path dir;

  private static void assertRefused(String file, String detail, Runnable read) {
    UserException e = assertThrows(UserException.class, read::run);
    assertTrue(e.getMessage().contains(file), "message names " + file + ": " + e.getMessage());
    assertTrue(e.getMessage().contains(detail), "message says '" + detail + "': " + e.getMessage());
  }

  @Test
  void loadsSmallCopyInRecordOrderWithPlanesKept() throws IOException {
    SyntheticData.writeCifar(dir, 4);
    Dataset d = DatasetLoader.load(DatasetId.CIFAR10, dir);
    assertEquals(20, d.train().count());
    assertEquals(4, d.test().count());
    assertEquals(3, d.train().channels());
    assertEquals(32, d.train().height());
    // Batch 2's first record is training image 4; its bytes after the label are its R, G, B planes.
    byte[] batch2 = SyntheticData.cifarBatch(4, 2);
    assertEquals(batch2[0], (byte) d.train().label(4));
    assertArrayEquals(Arrays.copyOfRange(batch2, 1, CifarReader.RECORD_BYTES), d.train().image(4));
    assertEquals(d.test().label(3), 3);
    assertFalse(d.verified(), "CIFAR-10 has no published digests of its unpacked files");

    List<String> digests = new ArrayList<>();
    for (String n : DatasetId.CIFAR10.fileNames()) {
      digests.add(Sha256.ofFile(dir.resolve(n)));
    }
    assertEquals(Sha256.of(String.join("", digests)), d.sha256(), "documented fingerprint");
  }

  @Test
  void refusesWrongLength() throws IOException {
    SyntheticData.writeCifar(dir, 2);
    Path f = dir.resolve("data_batch_3.bin");
    Files.write(f, Arrays.copyOf(Files.readAllBytes(f), 2 * CifarReader.RECORD_BYTES - 1));
    assertRefused(
        "data_batch_3.bin",
        "not a whole number of 3073-byte records",
        () -> DatasetLoader.load(DatasetId.CIFAR10, dir));
    Files.write(f, new byte[0]);
    assertRefused(
        "data_batch_3.bin", "is 0 bytes", () -> DatasetLoader.load(DatasetId.CIFAR10, dir));
  }

  @Test
  void refusesBatchesOfDifferentSizes() throws IOException {
    SyntheticData.writeCifar(dir, 3);
    // Cut at a record boundary: a valid-looking file that would otherwise load partially.
    Files.write(dir.resolve("data_batch_4.bin"), SyntheticData.cifarBatch(2, 4));
    assertRefused(
        "data_batch_4.bin",
        "holds 2 records but data_batch_1.bin holds 3",
        () -> DatasetLoader.load(DatasetId.CIFAR10, dir));
    SyntheticData.writeCifar(dir, 3);
    Files.write(dir.resolve("test_batch.bin"), SyntheticData.cifarBatch(1, 0));
    assertRefused(
        "test_batch.bin",
        "holds 1 records but each training batch holds 3",
        () -> DatasetLoader.load(DatasetId.CIFAR10, dir));
  }

  @Test
  void refusesBadLabelsMetaAndMissingFiles() throws IOException {
    SyntheticData.writeCifar(dir, 2);
    byte[] b = SyntheticData.cifarBatch(2, 5);
    b[CifarReader.RECORD_BYTES] = 10;
    Files.write(dir.resolve("data_batch_5.bin"), b);
    assertRefused(
        "data_batch_5.bin",
        "record 1 has label 10",
        () -> DatasetLoader.load(DatasetId.CIFAR10, dir));

    SyntheticData.writeCifar(dir, 2);
    Files.writeString(dir.resolve("batches.meta.txt"), "apple\nbanana\n");
    assertRefused(
        "batches.meta.txt",
        "lists 2 class names",
        () -> DatasetLoader.load(DatasetId.CIFAR10, dir));
    Files.writeString(
        dir.resolve("batches.meta.txt"), SyntheticData.CIFAR_META.replace("cat", "tiger"));
    assertRefused(
        "batches.meta.txt",
        "differ from CIFAR-10's",
        () -> DatasetLoader.load(DatasetId.CIFAR10, dir));

    SyntheticData.writeCifar(dir, 2);
    Files.delete(dir.resolve("test_batch.bin"));
    assertRefused(
        "test_batch.bin", "file not found", () -> DatasetLoader.load(DatasetId.CIFAR10, dir));
  }
}
