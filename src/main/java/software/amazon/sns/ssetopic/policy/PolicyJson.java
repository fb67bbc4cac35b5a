package software.amazon.sns.ssetopic.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

/**
 * Reading and writing policy documents with Jackson.
 *
 * <p>Policies are read with Jackson rather than {@code IamPolicy.fromJson}: the SDK reader drops
 * condition values that are not strings (a {@code "Bool": {"aws:SecureTransport": false}} vanishes,
 * turning a conditional grant into an unconditional one) and drops fields it does not model, and
 * the editor must keep other people's statements exactly. Statements this engine writes come from
 * iam-policy-builder and are spliced in as Jackson trees.
 */
final class PolicyJson {
  static final JsonMapper MAPPER =
      JsonMapper.builder()
          // A duplicated key would hide half of a statement from one reader or the other.
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          // Keep numbers in other people's statements exactly as written.
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  static final String STATEMENT = "Statement";

  private PolicyJson() {}

  /** Parses a policy document; it must be a JSON object. */
  static ObjectNode readPolicy(final String json) {
    if (json == null || json.isBlank()) {
      throw new InvalidPolicyDocumentException("the policy document is empty");
    }
    final JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidPolicyDocumentException(
          "the policy document is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (!(node instanceof ObjectNode)) {
      throw new InvalidPolicyDocumentException("the policy document is not a JSON object");
    }
    return (ObjectNode) node;
  }

  /** The statements of a policy, whether "Statement" is a list, a single object or absent. */
  static List<ObjectNode> statements(final ObjectNode policy) {
    final JsonNode node = policy.get(STATEMENT);
    final List<ObjectNode> statements = new ArrayList<>();
    if (node == null) {
      return statements;
    }
    if (node instanceof ObjectNode) {
      statements.add((ObjectNode) node);
      return statements;
    }
    if (!node.isArray()) {
      throw new InvalidPolicyDocumentException("Statement is neither an object nor a list");
    }
    for (final JsonNode element : node) {
      if (!(element instanceof ObjectNode)) {
        throw new InvalidPolicyDocumentException("Statement lists something that is not an object");
      }
      statements.add((ObjectNode) element);
    }
    return statements;
  }

  /**
   * A string-or-list field as a list; null when the field is absent.
   *
   * @param where names the statement in error messages
   */
  static List<String> strings(final JsonNode statement, final String field, final String where) {
    final JsonNode node = statement.get(field);
    if (node == null) {
      return null;
    }
    final List<String> values = new ArrayList<>();
    if (node.isTextual()) {
      values.add(node.asText());
      return values;
    }
    if (node.isArray()) {
      for (final JsonNode element : node) {
        if (!element.isTextual()) {
          throw new InvalidPolicyDocumentException(where + ": " + field + " lists a non-string");
        }
        values.add(element.asText());
      }
      return values;
    }
    throw new InvalidPolicyDocumentException(where + ": " + field + " is not a string or a list");
  }

  /** Scalar condition values as text (IAM compares them as strings), lists flattened. */
  static List<String> conditionValues(final JsonNode node, final String where) {
    final List<String> values = new ArrayList<>();
    if (node.isValueNode()) {
      values.add(node.asText());
      return values;
    }
    if (node.isArray()) {
      for (final JsonNode element : node) {
        if (!element.isValueNode()) {
          throw new InvalidPolicyDocumentException(where + ": a condition value is not a scalar");
        }
        values.add(element.asText());
      }
      return values;
    }
    throw new InvalidPolicyDocumentException(where + ": a condition value is not a scalar or list");
  }

  /** One statement from iam-policy-builder as a Jackson tree. */
  static ObjectNode statementNode(final IamStatement statement) {
    // IamPolicy writes a lone statement as an object, not a list.
    final ObjectNode policy =
        readPolicy(IamPolicy.builder().addStatement(statement).build().toJson());
    return (ObjectNode) policy.get(STATEMENT);
  }

  /** One statement from iam-policy-builder as compact JSON. */
  static String statementJson(final IamStatement statement) {
    return write(statementNode(statement));
  }

  /** Two-space indents, one list element a line, "key": value: how people write policies. */
  private static final DefaultPrettyPrinter PRETTY =
      new DefaultPrettyPrinter()
          .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE)
          .withSeparators(
              Separators.createDefaultInstance()
                  .withObjectFieldValueSpacing(Separators.Spacing.AFTER));

  static String writePretty(final JsonNode node) {
    try {
      return MAPPER.writer(PRETTY).writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a policy document", e);
    }
  }

  static String write(final JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      // A tree built from parsed JSON always serialises.
      throw new IllegalStateException("cannot write a policy document", e);
    }
  }

  /**
   * A canonical form of a statement: the same for any two statements that mean the same thing.
   * String-or-list fields become sorted sets, action names lower case (IAM matches them
   * case-insensitively), {@code "Principal": "*"} becomes {@code {"AWS": ["*"]}}, condition keys
   * lower case and condition values sorted text. Fields are sorted by name.
   */
  static ObjectNode canonicalStatement(final JsonNode statement) {
    final Map<String, JsonNode> fields = new TreeMap<>();
    final Iterator<Map.Entry<String, JsonNode>> it = statement.fields();
    while (it.hasNext()) {
      final Map.Entry<String, JsonNode> field = it.next();
      final String name = field.getKey();
      final JsonNode value = field.getValue();
      switch (name) {
        case "Action", "NotAction" -> fields.put(name, stringSet(value, true));
        case "Resource", "NotResource" -> fields.put(name, stringSet(value, false));
        case "Principal", "NotPrincipal" -> fields.put(name, canonicalPrincipal(value));
        case "Condition" -> fields.put(name, canonicalCondition(value));
        default -> fields.put(name, value);
      }
    }
    final ObjectNode canonical = MAPPER.createObjectNode();
    fields.forEach(canonical::set);
    return canonical;
  }

  /** A canonical form of a whole policy: canonical statements, sorted, always in a list. */
  static ObjectNode canonicalPolicy(final ObjectNode policy) {
    final Map<String, JsonNode> fields = new TreeMap<>();
    policy.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue()));
    final List<String> statements = new ArrayList<>();
    for (final ObjectNode statement : statements(policy)) {
      statements.add(write(canonicalStatement(statement)));
    }
    statements.sort(null);
    final ArrayNode list = MAPPER.createArrayNode();
    for (final String statement : statements) {
      list.add(readPolicy(statement));
    }
    fields.put(STATEMENT, list);
    final ObjectNode canonical = MAPPER.createObjectNode();
    fields.forEach(canonical::set);
    return canonical;
  }

  private static JsonNode stringSet(final JsonNode value, final boolean lowerCase) {
    if (!value.isTextual() && !value.isArray()) {
      return value;
    }
    final TreeSet<String> set = new TreeSet<>();
    for (final JsonNode element : value.isArray() ? value : List.of(value)) {
      final String text = element.asText();
      set.add(lowerCase ? text.toLowerCase(Locale.ROOT) : text);
    }
    final ArrayNode list = MAPPER.createArrayNode();
    set.forEach(list::add);
    return list;
  }

  private static JsonNode canonicalPrincipal(final JsonNode value) {
    if (value.isTextual()) {
      final ObjectNode everyone = MAPPER.createObjectNode();
      everyone.set("AWS", stringSet(value, false));
      return everyone;
    }
    if (!value.isObject()) {
      return value;
    }
    final Map<String, JsonNode> types = new TreeMap<>();
    value
        .fields()
        .forEachRemaining(type -> types.put(type.getKey(), stringSet(type.getValue(), false)));
    final ObjectNode canonical = MAPPER.createObjectNode();
    types.forEach(canonical::set);
    return canonical;
  }

  private static JsonNode canonicalCondition(final JsonNode value) {
    if (!value.isObject()) {
      return value;
    }
    final Map<String, JsonNode> operators = new TreeMap<>();
    value
        .fields()
        .forEachRemaining(
            operator -> {
              if (!operator.getValue().isObject()) {
                operators.put(operator.getKey(), operator.getValue());
                return;
              }
              final Map<String, JsonNode> keys = new TreeMap<>();
              operator
                  .getValue()
                  .fields()
                  .forEachRemaining(
                      key -> {
                        final ArrayNode values = MAPPER.createArrayNode();
                        final JsonNode raw = key.getValue();
                        final TreeSet<String> sorted = new TreeSet<>();
                        for (final JsonNode element : raw.isArray() ? raw : List.of(raw)) {
                          sorted.add(element.asText());
                        }
                        sorted.forEach(values::add);
                        keys.put(key.getKey().toLowerCase(Locale.ROOT), values);
                      });
              final ObjectNode canonicalKeys = MAPPER.createObjectNode();
              keys.forEach(canonicalKeys::set);
              operators.put(operator.getKey(), canonicalKeys);
            });
    final ObjectNode canonical = MAPPER.createObjectNode();
    operators.forEach(canonical::set);
    return canonical;
  }
}
