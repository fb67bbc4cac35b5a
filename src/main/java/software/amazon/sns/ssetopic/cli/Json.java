package software.amazon.sns.ssetopic.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** JSON output: Jackson, pretty-printed, amounts written as plain decimals (0.327072, not 3E-1). */
final class Json {

  private static final ObjectWriter WRITER =
      JsonMapper.builder()
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .build()
          .writerWithDefaultPrettyPrinter();

  private Json() {}

  static void print(final PrintWriter out, final Object value) {
    try {
      out.println(WRITER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
