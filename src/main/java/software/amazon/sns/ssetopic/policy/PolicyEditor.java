package software.amazon.sns.ssetopic.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

/**
 * Edits of the policies a topic shares with others (the key policy in Manage mode, the topic
 * policy), as pure functions from policy JSON to policy JSON.
 *
 * <p>A statement belongs to a topic when its Sid carries that topic's prefix ({@link
 * StatementIds}). Edits replace or remove only those statements. Every other statement (the
 * account-root statement, key administrators, other topics sharing the key, statements without a
 * Sid) stays as the same JSON tree, in the same order, with every field (including ones IAM
 * policy-builder does not model) and every value type kept. Top-level fields (Version, Id) are
 * kept; {@code Statement} is always written as a list.
 *
 * <p>Key policies have no version check: the handler reads, edits, puts, reads back and checks
 * {@link #hasExactlyTopicStatements}, retrying when a concurrent writer won.
 */
public final class PolicyEditor {
  /** KMS rejects key policies larger than this (bytes of UTF-8). */
  public static final int MAX_KEY_POLICY_BYTES = 32 * 1024;

  /** SNS rejects topic policies larger than this (bytes of UTF-8). */
  public static final int MAX_TOPIC_POLICY_BYTES = 30 * 1024;

  private PolicyEditor() {}

  /**
   * The policy with this topic's statements replaced by {@code statements} (added when there were
   * none). Other statements keep their content and order; the topic's go at the end.
   *
   * @param statements statements generated for this topic (their Sids must carry its prefix)
   * @throws InvalidPolicyDocumentException when the policy cannot be read or the result would
   *     exceed {@link #MAX_KEY_POLICY_BYTES}
   * @throws IllegalArgumentException when a statement is not this topic's, or two share a Sid
   */
  public static String withTopicStatements(
      final String policyJson, final TopicArn topic, final Collection<IamStatement> statements) {
    return withTopicStatements(policyJson, topic, statements, MAX_KEY_POLICY_BYTES, "key policy");
  }

  /**
   * As {@link #withTopicStatements(String, TopicArn, Collection)}, for a document with another size
   * limit (the topic policy: {@link #MAX_TOPIC_POLICY_BYTES}).
   */
  public static String withTopicStatements(
      final String policyJson,
      final TopicArn topic,
      final Collection<IamStatement> statements,
      final int maxBytes,
      final String document) {
    final Set<String> sids = new HashSet<>();
    for (final IamStatement statement : statements) {
      if (!StatementIds.isOwnedBy(statement.sid(), topic)) {
        throw new IllegalArgumentException(
            "statement Sid "
                + statement.sid()
                + " is not one of topic "
                + topic
                + "'s (they start with "
                + StatementIds.topicPrefix(topic)
                + "): the editor only writes statements it can later find and remove");
      }
      if (!sids.add(statement.sid())) {
        throw new IllegalArgumentException("two statements share the Sid " + statement.sid());
      }
    }
    final ObjectNode policy = PolicyJson.readPolicy(policyJson);
    final ArrayNode kept = PolicyJson.MAPPER.createArrayNode();
    for (final ObjectNode statement : PolicyJson.statements(policy)) {
      if (!StatementIds.isOwnedBy(sidOf(statement), topic)) {
        kept.add(statement);
      }
    }
    for (final IamStatement statement : statements) {
      kept.add(PolicyJson.statementNode(statement));
    }
    policy.set(PolicyJson.STATEMENT, kept);
    return checkedSize(
        PolicyJson.write(policy), maxBytes, document, "with topic " + topic + "'s statements");
  }

  private static String checkedSize(
      final String result, final int maxBytes, final String document, final String with) {
    final int bytes = result.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxBytes) {
      throw new InvalidPolicyDocumentException(
          "the "
              + document
              + " would be "
              + bytes
              + " bytes "
              + with
              + ", over the limit of "
              + maxBytes
              + ": use fewer event sources, or for a key policy a separate key for some topics");
    }
    return result;
  }

  /**
   * The policy with these statements in it, for statements a person adds (the toolkit's {@code
   * key-policy --merge-into}): a statement whose Sid is already in the policy replaces that
   * statement, the others are added at the end, every other statement stays as it is. Merging the
   * same statements twice gives the same policy.
   *
   * @param statements statements with distinct, non-empty Sids
   * @throws InvalidPolicyDocumentException when the policy cannot be read or the result would
   *     exceed {@code maxBytes}
   * @throws IllegalArgumentException when a statement has no Sid, or two share one
   */
  public static String withStatements(
      final String policyJson,
      final Collection<IamStatement> statements,
      final int maxBytes,
      final String document) {
    final Set<String> sids = new HashSet<>();
    for (final IamStatement statement : statements) {
      if (statement.sid() == null || statement.sid().isEmpty()) {
        throw new IllegalArgumentException("a statement to merge has no Sid to find it by later");
      }
      if (!sids.add(statement.sid())) {
        throw new IllegalArgumentException("two statements share the Sid " + statement.sid());
      }
    }
    final ObjectNode policy = PolicyJson.readPolicy(policyJson);
    final ArrayNode kept = PolicyJson.MAPPER.createArrayNode();
    for (final ObjectNode statement : PolicyJson.statements(policy)) {
      if (!sids.contains(sidOf(statement))) {
        kept.add(statement);
      }
    }
    for (final IamStatement statement : statements) {
      kept.add(PolicyJson.statementNode(statement));
    }
    policy.set(PolicyJson.STATEMENT, kept);
    return checkedSize(PolicyJson.write(policy), maxBytes, document, "with the added statements");
  }

  /** The policy without any of this topic's statements; nothing else changes. */
  public static String withoutTopicStatements(final String policyJson, final TopicArn topic) {
    return withTopicStatements(policyJson, topic, List.of());
  }

  /** The Sids of this topic's statements in the policy, in order. */
  public static List<String> topicStatementIds(final String policyJson, final TopicArn topic) {
    final List<String> sids = new ArrayList<>();
    for (final ObjectNode statement : PolicyJson.statements(PolicyJson.readPolicy(policyJson))) {
      final String sid = sidOf(statement);
      if (StatementIds.isOwnedBy(sid, topic)) {
        sids.add(sid);
      }
    }
    return sids;
  }

  /**
   * Read-back check: the policy holds exactly these statements of the topic (equal in meaning, in
   * any order) and no other statement of the topic.
   */
  public static boolean hasExactlyTopicStatements(
      final String policyJson, final TopicArn topic, final Collection<IamStatement> statements) {
    final List<String> found = new ArrayList<>();
    for (final ObjectNode statement : PolicyJson.statements(PolicyJson.readPolicy(policyJson))) {
      if (StatementIds.isOwnedBy(sidOf(statement), topic)) {
        found.add(PolicyJson.write(PolicyJson.canonicalStatement(statement)));
      }
    }
    final List<String> expected = new ArrayList<>();
    for (final IamStatement statement : statements) {
      expected.add(
          PolicyJson.write(PolicyJson.canonicalStatement(PolicyJson.statementNode(statement))));
    }
    found.sort(null);
    expected.sort(null);
    return found.equals(expected);
  }

  /**
   * The policy as indented JSON for people, {@code Statement} always a list (iam-policy-builder
   * writes a lone statement as an object); nothing else changes.
   *
   * @throws InvalidPolicyDocumentException when the policy cannot be read
   */
  public static String pretty(final String policyJson) {
    final ObjectNode policy = PolicyJson.readPolicy(policyJson);
    final ArrayNode statements = PolicyJson.MAPPER.createArrayNode();
    PolicyJson.statements(policy).forEach(statements::add);
    if (policy.has(PolicyJson.STATEMENT)) {
      policy.set(PolicyJson.STATEMENT, statements);
    }
    return PolicyJson.writePretty(policy);
  }

  /**
   * Whether two policies mean the same: statements compared as a set regardless of order and of
   * string-versus-list spelling, principal {@code "*"} versus {@code {"AWS": "*"}}, the case of
   * action names and condition keys, and the order of values.
   */
  public static boolean equalInMeaning(final String policyJson, final String otherPolicyJson) {
    return PolicyJson.canonicalPolicy(PolicyJson.readPolicy(policyJson))
        .equals(PolicyJson.canonicalPolicy(PolicyJson.readPolicy(otherPolicyJson)));
  }

  private static String sidOf(final JsonNode statement) {
    final JsonNode sid = statement.get("Sid");
    return sid != null && sid.isTextual() ? sid.asText() : null;
  }
}
