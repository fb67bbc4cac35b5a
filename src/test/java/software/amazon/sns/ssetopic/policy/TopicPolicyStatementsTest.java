package software.amazon.sns.ssetopic.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.sns.ssetopic.policy.Fixtures.AUTOSCALING;
import static software.amazon.sns.ssetopic.policy.Fixtures.CLOUDWATCH;
import static software.amazon.sns.ssetopic.policy.Fixtures.CODESTAR;
import static software.amazon.sns.ssetopic.policy.Fixtures.EVENTBRIDGE;
import static software.amazon.sns.ssetopic.policy.Fixtures.S3_BUCKET;
import static software.amazon.sns.ssetopic.policy.Fixtures.TOPIC;
import static software.amazon.sns.ssetopic.policy.Fixtures.UNKNOWN_SERVICE;
import static software.amazon.sns.ssetopic.policy.Fixtures.tree;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

class TopicPolicyStatementsTest {
  private final TopicPolicyStatements generator = TopicPolicyStatements.standard();

  static Stream<Arguments> families() {
    return Stream.of(
        Arguments.of(
            CLOUDWATCH,
            """
            {"Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"},
             "Action": "sns:Publish", "Resource": "arn:aws:sns:us-east-1:123456789012:alerts",
             "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}
            """),
        Arguments.of(
            // The EventBridge guide: no Condition block in SNS topic policies for EventBridge.
            EVENTBRIDGE,
            """
            {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
             "Action": "sns:Publish", "Resource": "arn:aws:sns:us-east-1:123456789012:alerts"}
            """),
        Arguments.of(
            EventSource.service("aps.amazonaws.com")
                .withSourceArn("arn:aws:aps:us-east-1:123456789012:workspace/ws-1"),
            """
            {"Effect": "Allow", "Principal": {"Service": "aps.amazonaws.com"},
             "Action": ["sns:Publish", "sns:GetTopicAttributes"],
             "Resource": "arn:aws:sns:us-east-1:123456789012:alerts",
             "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"},
                           "ArnLike": {"aws:SourceArn":
                               "arn:aws:aps:us-east-1:123456789012:workspace/ws-1"}}}
            """),
        Arguments.of(
            EventSource.service("ssm-incidents.amazonaws.com"),
            """
            {"Effect": "Allow", "Principal": {"Service": "ssm-incidents.amazonaws.com"},
             "Action": "sns:Publish", "Resource": "arn:aws:sns:us-east-1:123456789012:alerts",
             "Condition": {"StringEqualsIfExists": {"aws:SourceAccount": "123456789012"}}}
            """),
        Arguments.of(
            S3_BUCKET,
            """
            {"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
             "Action": "sns:Publish", "Resource": "arn:aws:sns:us-east-1:123456789012:alerts",
             "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"},
                           "ArnLike": {"aws:SourceArn": "arn:aws:s3:::incoming-orders"}}}
            """),
        Arguments.of(
            CODESTAR,
            """
            {"Effect": "Allow", "Principal": {"Service": "codestar-notifications.amazonaws.com"},
             "Action": "sns:Publish", "Resource": "arn:aws:sns:us-east-1:123456789012:alerts",
             "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}
            """),
        Arguments.of(
            UNKNOWN_SERVICE,
            """
            {"Effect": "Allow", "Principal": {"Service": "newservice.amazonaws.com"},
             "Action": "sns:Publish", "Resource": "arn:aws:sns:us-east-1:123456789012:alerts",
             "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}
            """));
  }

  @ParameterizedTest
  @MethodSource("families")
  void grantsPublishScopedBySource(final EventSource source, final String expected) {
    assertThat(generator.needsPublishGrant(TOPIC, source)).isTrue();
    final IamStatement statement = generator.forSource(TOPIC, source);
    final JsonNode json = ((ObjectNode) tree(PolicyJson.statementJson(statement))).without("Sid");
    assertThat(json).isEqualTo(tree(expected));
  }

  @Test
  void sameAccountRolesPublishThroughTheirIamPolicy() {
    assertThat(generator.needsPublishGrant(TOPIC, AUTOSCALING)).isFalse();
    assertThat(generator.forSources(TOPIC, List.of(AUTOSCALING))).isEmpty();
  }

  @Test
  void rolesOfAnotherAccountNeedAGrant() {
    final EventSource foreignRole =
        EventSource.role("arn:aws:iam::444455556666:role/pipeline-approvals");
    assertThat(generator.needsPublishGrant(TOPIC, foreignRole)).isTrue();
    final JsonNode json =
        ((ObjectNode) tree(PolicyJson.statementJson(generator.forSource(TOPIC, foreignRole))))
            .without("Sid");
    assertThat(json)
        .isEqualTo(
            tree(
                """
                {"Effect": "Allow",
                 "Principal": {"AWS": "arn:aws:iam::444455556666:role/pipeline-approvals"},
                 "Action": "sns:Publish", "Resource": "arn:aws:sns:us-east-1:123456789012:alerts"}
                """));
  }

  @Test
  void policyKeepsTheOwnerFirstAndCollapsesDuplicates() {
    final JsonNode policy =
        tree(
            generator
                .policy(TOPIC, List.of(CLOUDWATCH, AUTOSCALING, S3_BUCKET, CLOUDWATCH))
                .toJson());
    final JsonNode statements = policy.get("Statement");
    assertThat(statements).hasSize(3);
    final JsonNode owner = statements.get(0);
    assertThat(owner.get("Sid").asText()).isEqualTo(StatementIds.owner(TOPIC));
    assertThat(owner.get("Principal").get("AWS").asText())
        .isEqualTo("arn:aws:iam::123456789012:root");
    assertThat(owner.get("Resource").asText()).isEqualTo(TOPIC.value());
    assertThat(owner.get("Action")).hasSize(TopicPolicyStatements.OWNER_ACTIONS.size());
    for (final JsonNode statement : statements) {
      assertThat(StatementIds.isOwnedBy(statement.get("Sid").asText(), TOPIC)).isTrue();
    }
  }
}
