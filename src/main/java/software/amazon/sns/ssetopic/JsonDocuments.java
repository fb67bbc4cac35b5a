package software.amazon.sns.ssetopic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON documents a template may give as an object or as a JSON string (DataProtectionPolicy,
 * ArchivePolicy, as in AWS::SNS::Topic): one canonical text to send and compare, and the object
 * Read reports. Keys are sorted so that equal documents compare equal whatever their order.
 */
final class JsonDocuments {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private JsonDocuments() {}

  /** The canonical JSON text of a model value (a map or a JSON string); empty for none. */
  static Optional<String> canonical(final Object value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      final JsonNode node =
          value instanceof String text ? MAPPER.readTree(text) : MAPPER.valueToTree(value);
      if (node == null || node.isNull() || (node.isObject() && node.isEmpty())) {
        return Optional.empty();
      }
      if (!node.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      return Optional.of(MAPPER.writeValueAsString(MAPPER.treeToValue(node, Object.class)));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** What is wrong with a model value, or null when it is a JSON object (or absent). */
  static String problem(final String property, final Object value) {
    try {
      canonical(value);
      return null;
    } catch (IllegalArgumentException e) {
      return property
          + " must be a JSON object, written as an object or as a JSON string ("
          + e.getMessage()
          + ").";
    }
  }

  /** The object Read reports for a document SNS returns as text; null for none or empty. */
  static Map<String, Object> toModel(final String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      final JsonNode node = MAPPER.readTree(text);
      if (!node.isObject() || node.isEmpty()) {
        return null;
      }
      @SuppressWarnings("unchecked")
      final Map<String, Object> map = MAPPER.treeToValue(node, Map.class);
      return map;
    } catch (JsonProcessingException e) {
      return null; // a document SNS holds but that is not JSON cannot be reported as an object
    }
  }

  /** Whether two documents (either form) are the same JSON. */
  static boolean same(final Object left, final Object right) {
    return canonical(left).equals(canonical(right));
  }
}
