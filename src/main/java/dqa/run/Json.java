package dqa.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one JSON mapping of the product: snake_case field names, pretty output, records supported.
 *
 * <p>Reading refuses unknown or malformed content with a {@link UserException} naming the file.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /** Writes {@code value} as JSON to {@code file} atomically. */
  public static void writeFile(Path file, Object value) {
    AtomicFiles.writeString(file, write(value) + "\n");
  }

  public static <T> T readFile(Path file, Class<T> type) {
    try {
      return MAPPER.readValue(Files.readAllBytes(file), type);
    } catch (NoSuchFileException e) {
      throw new UserException(file + ": file not found");
    } catch (IOException e) {
      String detail = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      throw new UserException(file + ": not a valid " + type.getSimpleName() + " file (" + detail + ")", e);
    } catch (IllegalArgumentException e) {
      throw new UserException(file + ": " + e.getMessage(), e);
    }
  }
}
