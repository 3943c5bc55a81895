package dqa.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes one PNG or JPEG file with Java's ImageIO into uint8 CHW planes.
 *
 * <p>Greyscale images (with or without alpha) give one channel read straight from the raster,
 * because {@link BufferedImage#getRGB} would pass grey through a colour-space conversion and change
 * its values; everything else gives three (R, G, B) channels. Alpha is dropped: ImageFolder data
 * sets are trained on the colour values alone (torchvision's loader converts to RGB the same way).
 *
 * <p>JPEG decoders recover from truncated or damaged data with a warning and return a partly grey
 * image; such a warning is treated as an error here, so that a damaged file is reported instead of
 * silently entering the data set. Not thread-safe (it reuses one reader per format).
 */
final class ImageDecoder {
  /** The largest width or height accepted, checked before decoding (a tiny PNG can claim 65535). */
  static final int MAX_SIDE = 4096;

  /**
   * A decoded image: {@code channels} planes of {@code height} x {@code width} bytes, and the file's
   * format ({@code "png"} or {@code "jpeg"}).
   */
  record Decoded(int channels, int height, int width, byte[] pixels, String format) {}

  /** Why a file could not be decoded; the message completes "FILE: ...". */
  static final class BadImageException extends Exception {
    private static final long serialVersionUID = 1L;

    BadImageException(String message) {
      super(message);
    }
  }

  private final ImageReader png = reader("png");
  private final ImageReader jpeg = reader("jpeg");

  private static ImageReader reader(String format) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
    if (!readers.hasNext()) {
      throw new IllegalStateException("this Java runtime has no ImageIO reader for " + format);
    }
    return readers.next();
  }

  Decoded decode(byte[] file) throws BadImageException {
    boolean isPng =
        file.length >= 8
            && (file[0] & 0xff) == 0x89
            && file[1] == 'P'
            && file[2] == 'N'
            && file[3] == 'G';
    boolean isJpeg =
        file.length >= 3
            && (file[0] & 0xff) == 0xff
            && (file[1] & 0xff) == 0xd8
            && (file[2] & 0xff) == 0xff;
    if (!isPng && !isJpeg) {
      throw new BadImageException("not a PNG or JPEG image (its first bytes are neither's)");
    }
    String format = isPng ? "PNG" : "JPEG";
    ImageReader reader = isPng ? png : jpeg;
    List<String> warnings = new ArrayList<>();
    BufferedImage image;
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(file))) {
      reader.setInput(in, true, true);
      reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      if (width > MAX_SIDE || height > MAX_SIDE) {
        throw new BadImageException(
            "is "
                + width
                + "x"
                + height
                + " pixels, larger than the "
                + MAX_SIDE
                + "x"
                + MAX_SIDE
                + " this importer takes");
      }
      image = reader.read(0);
    } catch (IOException | RuntimeException e) {
      // ImageIO reports damaged data as IIOException, but also as runtime exceptions
      // (ArrayIndexOutOfBounds, IllegalArgument) from deep inside the decoders.
      String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new BadImageException("is a corrupt " + format + " (" + detail.strip() + ")");
    } finally {
      reader.removeAllIIOReadWarningListeners();
      reader.reset();
    }
    if (!warnings.isEmpty()) {
      throw new BadImageException("is a corrupt " + format + " (" + warnings.get(0) + ")");
    }
    return toPlanes(image, format);
  }

  private static Decoded toPlanes(BufferedImage image, String format) throws BadImageException {
    int w = image.getWidth();
    int h = image.getHeight();
    Raster raster = image.getRaster();
    boolean grey = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    if (grey) {
      if (raster.getSampleModel().getSampleSize(0) != 8) {
        throw new BadImageException(
            "is a "
                + raster.getSampleModel().getSampleSize(0)
                + "-bit greyscale "
                + format
                + "; only 8-bit images are taken");
      }
      int[] samples = raster.getSamples(0, 0, w, h, 0, (int[]) null);
      byte[] plane = new byte[w * h];
      for (int i = 0; i < plane.length; i++) {
        plane[i] = (byte) samples[i];
      }
      return new Decoded(1, h, w, plane, format.toLowerCase(java.util.Locale.ROOT));
    }
    for (int b = 0; b < raster.getNumBands(); b++) {
      if (raster.getSampleModel().getSampleSize(b) > 8) {
        throw new BadImageException(
            "has "
                + raster.getSampleModel().getSampleSize(b)
                + "-bit channels; only 8-bit images are taken");
      }
    }
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    int plane = w * h;
    byte[] chw = new byte[3 * plane];
    for (int i = 0; i < plane; i++) {
      int p = argb[i];
      chw[i] = (byte) (p >> 16);
      chw[plane + i] = (byte) (p >> 8);
      chw[2 * plane + i] = (byte) p;
    }
    return new Decoded(3, h, w, chw, format.toLowerCase(java.util.Locale.ROOT));
  }
}
