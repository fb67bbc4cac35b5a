package software.amazon.sns.ssetopic.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static software.amazon.sns.ssetopic.policy.Fixtures.AUTOSCALING;
import static software.amazon.sns.ssetopic.policy.Fixtures.CLOUDWATCH;
import static software.amazon.sns.ssetopic.policy.Fixtures.DEFAULT_KEY_POLICY;
import static software.amazon.sns.ssetopic.policy.Fixtures.EVENTBRIDGE;
import static software.amazon.sns.ssetopic.policy.Fixtures.OTHER_TOPIC;
import static software.amazon.sns.ssetopic.policy.Fixtures.S3_BUCKET;
import static software.amazon.sns.ssetopic.policy.Fixtures.TOPIC;
import static software.amazon.sns.ssetopic.policy.Fixtures.keyPolicyWith;
import static software.amazon.sns.ssetopic.policy.Fixtures.tree;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

class PolicyEditorTest {
  private static final KeyPolicyStatements GENERATOR = KeyPolicyStatements.standard();

  /** Statements someone else wrote, with things the SDK's reader would lose. */
  private static final String FOREIGN_STATEMENTS =
      keyPolicyWith(
          """
          {"Sid": "Allow administration of the key", "Effect": "Allow",
           "Principal": {"AWS": "arn:aws:iam::123456789012:role/KeyAdmins"},
           "Action": ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:Put*", "kms:Update*"],
           "Resource": "*", "x-team-note": {"owner": "platform", "ticket": 4711}}
          """,
          """
          {"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*",
           "Condition": {"Bool": {"aws:SecureTransport": false},
                         "NumericLessThan": {"kms:GrantConstraintType": 1.50}}}
          """,
          """
          {"Sid": 42, "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
           "Action": "kms:Decrypt", "Resource": "*"}
          """);

  private static List<String> foreignStatements(final String policy, final TopicArn topic) {
    final List<String> kept = new ArrayList<>();
    for (final JsonNode statement : PolicyJson.statements(PolicyJson.readPolicy(policy))) {
      final JsonNode sid = statement.get("Sid");
      if (sid == null || !sid.isTextual() || !StatementIds.isOwnedBy(sid.asText(), topic)) {
        kept.add(PolicyJson.write(statement));
      }
    }
    return kept;
  }

  @Test
  void addsTheTopicsStatementsAfterEverythingElse() {
    final List<IamStatement> mine = GENERATOR.forSources(TOPIC, List.of(CLOUDWATCH, EVENTBRIDGE));
    final String edited = PolicyEditor.withTopicStatements(FOREIGN_STATEMENTS, TOPIC, mine);
    final JsonNode statements = tree(edited).get("Statement");
    assertThat(statements).hasSize(6);
    assertThat(tree(edited).get("Id").asText()).isEqualTo("key-default-1");
    assertThat(foreignStatements(edited, TOPIC))
        .isEqualTo(foreignStatements(FOREIGN_STATEMENTS, TOPIC));
    assertThat(PolicyEditor.topicStatementIds(edited, TOPIC))
        .containsExactly(mine.get(0).sid(), mine.get(1).sid());
    assertThat(PolicyEditor.hasExactlyTopicStatements(edited, TOPIC, mine)).isTrue();
  }

  @Test
  void keepsForeignValuesExactlyAsWritten() {
    final String edited =
        PolicyEditor.withTopicStatements(
            FOREIGN_STATEMENTS, TOPIC, GENERATOR.forSources(TOPIC, List.of(CLOUDWATCH)));
    assertThat(edited)
        .contains("\"aws:SecureTransport\":false")
        .contains("\"kms:GrantConstraintType\":1.50")
        .contains("\"x-team-note\":{\"owner\":\"platform\",\"ticket\":4711}")
        .contains("\"Sid\":42");
  }

  @Test
  void replacesTheTopicsStatementsWhenSourcesChange() {
    final String first =
        PolicyEditor.withTopicStatements(
            FOREIGN_STATEMENTS,
            TOPIC,
            GENERATOR.forSources(TOPIC, List.of(CLOUDWATCH, EVENTBRIDGE)));
    final List<IamStatement> now = GENERATOR.forSources(TOPIC, List.of(S3_BUCKET, AUTOSCALING));
    final String second = PolicyEditor.withTopicStatements(first, TOPIC, now);
    assertThat(PolicyEditor.topicStatementIds(second, TOPIC))
        .containsExactly(now.get(0).sid(), now.get(1).sid());
    assertThat(PolicyEditor.hasExactlyTopicStatements(second, TOPIC, now)).isTrue();
    assertThat(foreignStatements(second, TOPIC))
        .isEqualTo(foreignStatements(FOREIGN_STATEMENTS, TOPIC));
  }

  @Test
  void neverTouchesAnotherTopicsStatementsOnTheSameKey() {
    final String shared =
        PolicyEditor.withTopicStatements(
            DEFAULT_KEY_POLICY,
            OTHER_TOPIC,
            GENERATOR.forSources(OTHER_TOPIC, List.of(CLOUDWATCH)));
    final String withMine =
        PolicyEditor.withTopicStatements(
            shared, TOPIC, GENERATOR.forSources(TOPIC, List.of(CLOUDWATCH, EVENTBRIDGE)));
    assertThat(foreignStatements(withMine, TOPIC)).isEqualTo(foreignStatements(shared, TOPIC));
    final String removed = PolicyEditor.withoutTopicStatements(withMine, TOPIC);
    assertThat(removed).isEqualTo(shared);
    assertThat(PolicyEditor.topicStatementIds(removed, OTHER_TOPIC)).hasSize(1);
  }

  @Test
  void removingRestoresTheOriginalInMeaning() {
    final String edited =
        PolicyEditor.withTopicStatements(
            DEFAULT_KEY_POLICY, TOPIC, GENERATOR.forSources(TOPIC, List.of(S3_BUCKET)));
    final String removed = PolicyEditor.withoutTopicStatements(edited, TOPIC);
    assertThat(PolicyEditor.equalInMeaning(removed, DEFAULT_KEY_POLICY)).isTrue();
    assertThat(PolicyEditor.hasExactlyTopicStatements(removed, TOPIC, List.of())).isTrue();
    assertThat(PolicyEditor.withoutTopicStatements(removed, TOPIC)).isEqualTo(removed);
  }

  @Test
  void acceptsASingleStatementObjectAndAPolicyWithoutStatements() {
    final String single = GENERATOR.asPolicy(OTHER_TOPIC, List.of(EVENTBRIDGE)).toJson();
    final String edited =
        PolicyEditor.withTopicStatements(
            single, TOPIC, GENERATOR.forSources(TOPIC, List.of(CLOUDWATCH)));
    assertThat(tree(edited).get("Statement").isArray()).isTrue();
    assertThat(
            PolicyEditor.equalInMeaning(PolicyEditor.withoutTopicStatements(edited, TOPIC), single))
        .isTrue();
    final String empty =
        PolicyEditor.withTopicStatements(
            "{\"Version\": \"2012-10-17\"}",
            TOPIC,
            GENERATOR.forSources(TOPIC, List.of(CLOUDWATCH)));
    assertThat(PolicyEditor.topicStatementIds(empty, TOPIC)).hasSize(1);
  }

  @Test
  void refusesStatementsItCouldNotFindAgain() {
    final IamStatement foreign =
        GENERATOR.forSource(TOPIC, CLOUDWATCH).toBuilder().sid("AllowCloudWatch").build();
    assertThatThrownBy(
            () -> PolicyEditor.withTopicStatements(DEFAULT_KEY_POLICY, TOPIC, List.of(foreign)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("statement Sid AllowCloudWatch is not one of topic " + TOPIC);
    final IamStatement otherTopics = GENERATOR.forSource(OTHER_TOPIC, CLOUDWATCH);
    assertThatThrownBy(
            () -> PolicyEditor.withTopicStatements(DEFAULT_KEY_POLICY, TOPIC, List.of(otherTopics)))
        .isInstanceOf(IllegalArgumentException.class);
    final IamStatement mine = GENERATOR.forSource(TOPIC, CLOUDWATCH);
    assertThatThrownBy(
            () -> PolicyEditor.withTopicStatements(DEFAULT_KEY_POLICY, TOPIC, List.of(mine, mine)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two statements share the Sid " + mine.sid());
  }

  @Test
  void refusesAResultOverTheKmsSizeLimit() {
    final List<EventSource> many = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      many.add(S3_BUCKET.withSourceArn("arn:aws:s3:::bucket-number-" + i + "-with-a-long-name"));
    }
    assertThatThrownBy(
            () ->
                PolicyEditor.withTopicStatements(
                    DEFAULT_KEY_POLICY, TOPIC, GENERATOR.forSources(TOPIC, many)))
        .isInstanceOf(InvalidPolicyDocumentException.class)
        .hasMessageContaining("key policy would be")
        .hasMessageContaining("over the limit of 32768");
  }

  @Test
  void readBackNoticesMissingExtraAndChangedStatements() {
    final List<IamStatement> mine = GENERATOR.forSources(TOPIC, List.of(CLOUDWATCH, EVENTBRIDGE));
    final String edited = PolicyEditor.withTopicStatements(DEFAULT_KEY_POLICY, TOPIC, mine);
    assertThat(PolicyEditor.hasExactlyTopicStatements(edited, TOPIC, mine.subList(0, 1))).isFalse();
    assertThat(
            PolicyEditor.hasExactlyTopicStatements(
                edited,
                TOPIC,
                GENERATOR.forSources(TOPIC, List.of(CLOUDWATCH, EVENTBRIDGE, S3_BUCKET))))
        .isFalse();
    final IamStatement changed =
        GENERATOR.forSource(TOPIC, CLOUDWATCH).toBuilder()
            .actionIds(List.of("kms:Decrypt"))
            .build();
    assertThat(PolicyEditor.hasExactlyTopicStatements(edited, TOPIC, List.of(changed, mine.get(1))))
        .isFalse();
    // KMS may hand the policy back reformatted: order and spelling do not matter.
    final String reformatted =
        edited
            .replace(
                "\"Action\":[\"kms:GenerateDataKey*\",\"kms:Decrypt\"]",
                "\"Action\":[\"KMS:Decrypt\",\"kms:GenerateDataKey*\"]")
            .replace("\"Resource\":\"*\"", "\"Resource\":[\"*\"]");
    assertThat(reformatted).isNotEqualTo(edited);
    assertThat(
            PolicyEditor.hasExactlyTopicStatements(
                reformatted, TOPIC, List.of(mine.get(1), mine.get(0))))
        .isTrue();
  }

  private static final String ANYONE_DECRYPTS =
      """
      {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt",
                      "Resource": "*"}]}
      """;

  static Stream<Arguments> policyPairs() {
    return Stream.of(
        Arguments.of(
            "string or list, principal spelling, action case",
            ANYONE_DECRYPTS,
            """
            {"Statement": {"Resource": ["*"], "Action": ["KMS:decrypt"],
                           "Principal": {"AWS": ["*"]}, "Effect": "Allow"}}
            """,
            true),
        Arguments.of(
            "statement order and value order",
            """
            {"Statement": [
              {"Sid": "A", "Effect": "Allow", "Principal": {"Service": ["b", "a"]},
               "Action": "*", "Resource": "*"},
              {"Sid": "B", "Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}]}
            """,
            """
            {"Statement": [
              {"Sid": "B", "Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"},
              {"Sid": "A", "Effect": "Allow", "Principal": {"Service": ["a", "b"]},
               "Action": "*", "Resource": "*"}]}
            """,
            true),
        Arguments.of(
            "condition key case, value types and order",
            """
            {"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
              "Condition": {"StringEquals": {"aws:SourceAccount": ["2", "1"]},
                            "Bool": {"aws:SecureTransport": true}}}}
            """,
            """
            {"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
              "Condition": {"Bool": {"AWS:SecureTransport": "true"},
                            "StringEquals": {"AWS:SOURCEACCOUNT": ["1", "2"]}}}}
            """,
            true),
        Arguments.of(
            "a different resource",
            ANYONE_DECRYPTS,
            """
            {"Statement": {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt",
                           "Resource": "arn:aws:kms:us-east-1:123456789012:key/x"}}
            """,
            false),
        Arguments.of(
            "a different version",
            "{\"Version\": \"2012-10-17\", \"Statement\": []}",
            "{\"Version\": \"2008-10-17\", \"Statement\": []}",
            false),
        Arguments.of(
            "a duplicated statement",
            ANYONE_DECRYPTS,
            """
            {"Statement": [
              {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"},
              {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}]}
            """,
            false),
        Arguments.of(
            "odd shapes compare as written",
            """
            {"Statement": {"Effect": "Allow", "Principal": 7, "Action": 7, "Resource": "*",
                           "Condition": {"Bool": 7}}}
            """,
            """
            {"Statement": {"Effect": "Allow", "Principal": 7, "Action": 7, "Resource": "*",
                           "Condition": {"Bool": 7}}}
            """,
            true),
        Arguments.of(
            "a malformed condition differs from another",
            """
            {"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
                           "Condition": 7}}
            """,
            """
            {"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
                           "Condition": 8}}
            """,
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policyPairs")
  void equalInMeaningIgnoresSpellingButNotContent(
      final String why, final String policy, final String other, final boolean equal) {
    assertThat(PolicyEditor.equalInMeaning(policy, other)).isEqualTo(equal);
    assertThat(PolicyEditor.equalInMeaning(other, policy)).isEqualTo(equal);
  }
}
