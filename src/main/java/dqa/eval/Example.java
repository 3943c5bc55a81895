package dqa.eval;

import java.util.Base64;

/**
 * One adversarial example kept for a report: the clean and adversarial images as 8-bit pixels
 * (C planes of H×W, base64) and what the model said about each.
 *
 * @param index the image's index in the test set
 * @param adversarialConfidence the model's softmax probability of {@code adversarialPrediction}
 */
public record Example(
    int modelIndex,
    int attackIndex,
    double eps,
    int index,
    int label,
    int cleanPrediction,
    int adversarialPrediction,
    double adversarialConfidence,
    int channels,
    int height,
    int width,
    String original,
    String adversarial) {

  public Example {
    int size = channels * height * width;
    if (size <= 0 || Base64.getDecoder().decode(original).length != size
        || Base64.getDecoder().decode(adversarial).length != size) {
      throw new IllegalArgumentException("an example needs two images of " + channels + "x" + height + "x" + width);
    }
  }

  byte[] originalPixels() {
    return Base64.getDecoder().decode(original);
  }

  byte[] adversarialPixels() {
    return Base64.getDecoder().decode(adversarial);
  }
}
