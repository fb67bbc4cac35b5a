package software.amazon.sns.ssetopic.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One statement of a policy as the evaluator reads it. Every string-or-list field is a list here;
 * an absent field is null.
 */
record PolicyStatement(
    int index,
    String sid,
    boolean allow,
    Principals principal,
    Principals notPrincipal,
    List<String> actions,
    List<String> notActions,
    List<String> resources,
    List<String> notResources,
    List<ConditionClause> conditions) {

  /**
   * A Principal or NotPrincipal: {@code "*"} (everyone) or principals by type (AWS, Service, ...).
   */
  record Principals(boolean everyone, Map<String, List<String>> byType) {
    List<String> ofType(final String type) {
      for (final Map.Entry<String, List<String>> entry : byType.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(type)) {
          return entry.getValue();
        }
      }
      return List.of();
    }
  }

  /** One operator / key / values triple of a Condition block. */
  record ConditionClause(String operator, String key, List<String> values) {
    @Override
    public String toString() {
      return operator + " " + key + " " + values;
    }
  }

  /** How messages name this statement: its Sid, else its position. */
  String label() {
    return sid != null ? "'" + sid + "'" : "#" + (index + 1);
  }

  /** Reads every statement of a policy; fails on a statement no KMS key policy could hold. */
  static List<PolicyStatement> readAll(final String policyJson) {
    final List<ObjectNode> nodes = PolicyJson.statements(PolicyJson.readPolicy(policyJson));
    final List<PolicyStatement> statements = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      statements.add(read(i, nodes.get(i)));
    }
    return statements;
  }

  static PolicyStatement read(final int index, final ObjectNode node) {
    final JsonNode sidNode = node.get("Sid");
    final String sid = sidNode != null && sidNode.isTextual() ? sidNode.asText() : null;
    final String where = "statement " + (sid != null ? "'" + sid + "'" : "#" + (index + 1));
    final JsonNode effect = node.get("Effect");
    if (effect == null || !(effect.asText().equals("Allow") || effect.asText().equals("Deny"))) {
      throw new InvalidPolicyDocumentException(where + ": Effect must be Allow or Deny");
    }
    final Principals principal = principals(node.get("Principal"), where);
    final Principals notPrincipal = principals(node.get("NotPrincipal"), where);
    if ((principal == null) == (notPrincipal == null)) {
      throw new InvalidPolicyDocumentException(
          where + ": a key policy statement needs exactly one of Principal and NotPrincipal");
    }
    final List<String> actions = PolicyJson.strings(node, "Action", where);
    final List<String> notActions = PolicyJson.strings(node, "NotAction", where);
    if ((actions == null) == (notActions == null)) {
      throw new InvalidPolicyDocumentException(
          where + ": a statement needs exactly one of Action and NotAction");
    }
    final List<String> resources = PolicyJson.strings(node, "Resource", where);
    final List<String> notResources = PolicyJson.strings(node, "NotResource", where);
    if ((resources == null) == (notResources == null)) {
      throw new InvalidPolicyDocumentException(
          where + ": a statement needs exactly one of Resource and NotResource");
    }
    return new PolicyStatement(
        index,
        sid,
        effect.asText().equals("Allow"),
        principal,
        notPrincipal,
        actions,
        notActions,
        resources,
        notResources,
        conditions(node.get("Condition"), where));
  }

  private static Principals principals(final JsonNode node, final String where) {
    if (node == null) {
      return null;
    }
    if (node.isTextual()) {
      if (!node.asText().equals("*")) {
        throw new InvalidPolicyDocumentException(
            where
                + ": a Principal string must be \"*\"; name principals by type, as in"
                + " {\"AWS\": \"...\"} or {\"Service\": \"...\"}");
      }
      return new Principals(true, Map.of());
    }
    if (!node.isObject()) {
      throw new InvalidPolicyDocumentException(where + ": Principal is not a string or an object");
    }
    final Map<String, List<String>> byType = new LinkedHashMap<>();
    boolean everyone = false;
    final var fields = node.fields();
    while (fields.hasNext()) {
      final String type = fields.next().getKey();
      final List<String> ids = PolicyJson.strings(node, type, where);
      byType.put(type, List.copyOf(ids));
      // {"AWS": "*"} means everyone, as "*" does.
      everyone |= type.equalsIgnoreCase("AWS") && ids.contains("*");
    }
    return new Principals(everyone, byType);
  }

  private static List<ConditionClause> conditions(final JsonNode node, final String where) {
    final List<ConditionClause> clauses = new ArrayList<>();
    if (node == null) {
      return clauses;
    }
    if (!node.isObject()) {
      throw new InvalidPolicyDocumentException(where + ": Condition is not an object");
    }
    final var operators = node.fields();
    while (operators.hasNext()) {
      final var operator = operators.next();
      if (!operator.getValue().isObject()) {
        throw new InvalidPolicyDocumentException(
            where + ": Condition operator " + operator.getKey() + " does not map keys to values");
      }
      final var keys = operator.getValue().fields();
      while (keys.hasNext()) {
        final var key = keys.next();
        clauses.add(
            new ConditionClause(
                operator.getKey(),
                key.getKey(),
                List.copyOf(PolicyJson.conditionValues(key.getValue(), where))));
      }
    }
    return clauses;
  }
}
