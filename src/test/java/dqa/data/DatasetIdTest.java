package dqa.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dqa.run.UserException;
import org.junit.jupiter.api.Test;

class DatasetIdTest {
  @Test
  void shapesNamesAndConstants() {
    assertEquals(1, DatasetId.MNIST.channels());
    assertEquals(28, DatasetId.FASHION_MNIST.width());
    assertEquals(3, DatasetId.CIFAR10.channels());
    assertEquals(32, DatasetId.CIFAR10.height());
    assertEquals(3072, DatasetId.CIFAR10.imageSize());
    for (DatasetId id : DatasetId.values()) {
      assertEquals(10, id.numClasses());
      assertEquals(id.channels(), id.mean().length);
      assertEquals(id.channels(), id.std().length);
    }
    assertEquals("7", DatasetId.MNIST.classNames().get(7));
    assertEquals("T-shirt/top", DatasetId.FASHION_MNIST.classNames().get(0));
    assertEquals("Ankle boot", DatasetId.FASHION_MNIST.classNames().get(9));
    assertEquals("truck", DatasetId.CIFAR10.classNames().get(9));
    assertArrayEquals(new float[] {0.1307f}, DatasetId.MNIST.mean());
    assertArrayEquals(new float[] {0.2470f, 0.2435f, 0.2616f}, DatasetId.CIFAR10.std());
    DatasetId.MNIST.mean()[0] = 5;
    assertEquals(0.1307f, DatasetId.MNIST.mean()[0], "mean() hands out a copy");
  }

  @Test
  void parsesKeysIgnoringCase() {
    assertEquals(DatasetId.MNIST, DatasetId.parse("MNIST"));
    assertEquals(DatasetId.FASHION_MNIST, DatasetId.parse("Fashion-MNIST"));
    assertEquals(DatasetId.FASHION_MNIST, DatasetId.parse("fashion_mnist"));
    assertEquals(DatasetId.CIFAR10, DatasetId.parse(" cifar10 "));
    UserException e = assertThrows(UserException.class, () -> DatasetId.parse("svhn"));
    assertEquals("unknown data set 'svhn' (known: mnist, fashion-mnist, cifar10)", e.getMessage());
  }

  @Test
  void folderNamesStandForDataSets() {
    assertEquals(DatasetId.MNIST, DatasetId.fromFolderName("MNIST"));
    assertEquals(DatasetId.FASHION_MNIST, DatasetId.fromFolderName("Fashion_MNIST"));
    assertEquals(DatasetId.CIFAR10, DatasetId.fromFolderName("cifar-10-batches-bin"));
    assertEquals(null, DatasetId.fromFolderName("data"));
  }
}
