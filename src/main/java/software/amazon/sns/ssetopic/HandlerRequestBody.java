package software.amazon.sns.ssetopic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * The first look at a Lambda invocation's body, before the RPDK wrapper parses it. The body carries
 * the caller's credentials, and a parser's error message quotes the text it failed on, so a body
 * that cannot be read as a HandlerRequest gets one of a few fixed messages that quote nothing.
 */
public final class HandlerRequestBody {

  /**
   * Lambda's limit for the payload of a synchronous invocation (6 MB); a larger body cannot come
   * from CloudFormation.
   */
  public static final int MAX_BYTES = 6 * 1024 * 1024;

  static final String EMPTY =
      "The handler request is empty: the handler expects CloudFormation's HandlerRequest JSON.";
  static final String TOO_LARGE =
      "The handler request is larger than "
          + MAX_BYTES
          + " bytes, Lambda's limit for a synchronous invocation, so it was not read.";
  static final String NOT_JSON =
      "The handler request is not a complete JSON document in UTF-8 (truncated or malformed)."
          + " Its content is not repeated here because it carries the caller's credentials.";
  static final String NOT_A_REQUEST =
      "The handler request is JSON but not a CloudFormation HandlerRequest (it needs an object"
          + " with an action and requestData of the expected types). Its content is not repeated"
          + " here because it carries the caller's credentials.";

  private static final Set<String> ACTIONS = Set.of("CREATE", "READ", "UPDATE", "DELETE", "LIST");

  /** A parser that never quotes its input in a message and refuses duplicate keys. */
  private static final ObjectMapper PARSER =
      new ObjectMapper(
          JsonFactory.builder()
              .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
              .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              .build());

  private HandlerRequestBody() {}

  /** Reads the body, at most one byte more than {@link #MAX_BYTES}. */
  public static byte[] read(final InputStream in) throws IOException {
    return in.readNBytes(MAX_BYTES + 1);
  }

  /** The body as text, or empty when it is too large, empty, or not UTF-8. */
  public static Optional<String> text(final byte[] body) {
    if (body.length == 0 || body.length > MAX_BYTES) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** What is wrong with the raw body before it is decoded; empty when it can be decoded. */
  public static Optional<String> rawProblem(final byte[] body) {
    if (body.length == 0) {
      return Optional.of(EMPTY);
    }
    if (body.length > MAX_BYTES) {
      return Optional.of(TOO_LARGE);
    }
    return text(body).isPresent() ? Optional.empty() : Optional.of(NOT_JSON);
  }

  /**
   * What is wrong with the (decompressed) request text; empty when it is one JSON object with a
   * known action and a requestData object. The message never contains any of the text.
   */
  public static Optional<String> problem(final String text) {
    if (text.isBlank()) {
      return Optional.of(EMPTY);
    }
    final JsonNode request;
    try {
      request = PARSER.readTree(text);
    } catch (IOException e) {
      return Optional.of(NOT_JSON);
    }
    if (request == null || !request.isObject()) {
      return Optional.of(NOT_A_REQUEST);
    }
    final JsonNode action = request.get("action");
    final JsonNode data = request.get("requestData");
    if (action == null
        || !action.isTextual()
        || !ACTIONS.contains(action.asText())
        || data == null
        || !data.isObject()
        || !objectOrAbsent(data.get("resourceProperties"))
        || !objectOrAbsent(data.get("previousResourceProperties"))
        || !objectOrAbsent(data.get("callerCredentials"))) {
      return Optional.of(NOT_A_REQUEST);
    }
    return Optional.empty();
  }

  private static boolean objectOrAbsent(final JsonNode node) {
    return node == null || node.isNull() || node.isObject();
  }
}
