package software.amazon.sns.ssetopic.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
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
          .writer(
              new DefaultPrettyPrinter()
                  .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE)
                  .withSeparators(
                      Separators.createDefaultInstance()
                          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

  private Json() {}

  private static final JsonMapper READER = JsonMapper.builder().build();

  /** A JSON document (a policy the engine wrote) as a tree, to embed in an answer. */
  static JsonNode tree(final String json) {
    try {
      return READER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Statement list of a policy, indented, for people to paste into another policy. */
  static String prettyArray(final String policyJson) {
    try {
      return WRITER.writeValueAsString(tree(policyJson).path("Statement")) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void print(final PrintWriter out, final Object value) {
    try {
      out.println(WRITER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
