package software.amazon.sns.ssetopic.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static software.amazon.sns.ssetopic.policy.Fixtures.ACCOUNT;
import static software.amazon.sns.ssetopic.policy.Fixtures.AUTOSCALING;
import static software.amazon.sns.ssetopic.policy.Fixtures.CLOUDWATCH;
import static software.amazon.sns.ssetopic.policy.Fixtures.EVENTBRIDGE;
import static software.amazon.sns.ssetopic.policy.Fixtures.OTHER_ACCOUNT;
import static software.amazon.sns.ssetopic.policy.Fixtures.S3_BUCKET;
import static software.amazon.sns.ssetopic.policy.Fixtures.TOPIC;
import static software.amazon.sns.ssetopic.policy.Fixtures.policyOf;
import static software.amazon.sns.ssetopic.policy.SourceEvaluation.Grant.GRANTED;
import static software.amazon.sns.ssetopic.policy.SourceEvaluation.Grant.NOT_GRANTED;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicPolicyEvaluatorTest {
  private static final TopicPolicyEvaluator EVALUATOR = TopicPolicyEvaluator.standard();
  private static final TopicPolicyStatements GENERATOR = TopicPolicyStatements.standard();

  /** The policy SNS gives every new topic. */
  private static final String SNS_DEFAULT_POLICY =
      """
      {"Version": "2008-10-17", "Id": "__default_policy_ID", "Statement": [
        {"Sid": "__default_statement_ID", "Effect": "Allow", "Principal": {"AWS": "*"},
         "Action": ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
                    "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe",
                    "SNS:ListSubscriptionsByTopic", "SNS:Publish"],
         "Resource": "arn:aws:sns:us-east-1:123456789012:alerts",
         "Condition": {"StringEquals": {"AWS:SourceOwner": "123456789012"}}}]}
      """;

  private static SourceEvaluation only(final String policy, final EventSource source) {
    final List<SourceEvaluation> results = EVALUATOR.evaluate(policy, TOPIC, List.of(source));
    assertThat(results).hasSize(1);
    return results.get(0);
  }

  @Test
  void theDefaultPolicyLetsAlarmsPublishButNotOtherServices() {
    assertThat(only(SNS_DEFAULT_POLICY, CLOUDWATCH).grant()).isEqualTo(GRANTED);
    final SourceEvaluation events = only(SNS_DEFAULT_POLICY, EVENTBRIDGE);
    assertThat(events.grant()).isEqualTo(NOT_GRANTED);
    assertThat(events.reason())
        .contains("no statement allows sns:Publish")
        .contains("'__default_statement_ID'")
        .contains("AWS:SourceOwner");
    assertThat(events.statementToAdd().orElseThrow())
        .isEqualTo(PolicyJson.statementJson(GENERATOR.forSource(TOPIC, EVENTBRIDGE)));
  }

  @Test
  void theGeneratedPolicyGrantsEverySourceThatNeedsIt() {
    final List<EventSource> sources = List.of(CLOUDWATCH, EVENTBRIDGE, S3_BUCKET, AUTOSCALING);
    final String policy = GENERATOR.policy(TOPIC, sources).toJson();
    assertThat(EVALUATOR.evaluate(policy, TOPIC, sources))
        .allSatisfy(result -> assertThat(result.grant()).as(result.reason()).isEqualTo(GRANTED));
  }

  @Test
  void aGrantForAnotherBucketDoesNotCount() {
    final String policy =
        GENERATOR
            .policy(TOPIC, List.of(S3_BUCKET.withSourceArn("arn:aws:s3:::other-bucket")))
            .toJson();
    final SourceEvaluation result = only(policy, S3_BUCKET);
    assertThat(result.grant()).isEqualTo(NOT_GRANTED);
    assertThat(result.reason()).contains("arn:aws:s3:::other-bucket");
  }

  @Test
  void aStatementForAnotherTopicDoesNotCount() {
    final String policy =
        policyOf(
            """
            {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
             "Action": "sns:Publish", "Resource": "arn:aws:sns:us-east-1:123456789012:other"}
            """);
    assertThat(only(policy, EVENTBRIDGE).reason())
        .contains("cannot be proven to include this topic");
  }

  @Test
  void aDenyWins() {
    final String policy =
        policyOf(
            """
            {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
             "Action": "sns:*", "Resource": "*"}
            """,
            """
            {"Sid": "NoEvents", "Effect": "Deny", "Principal": {"Service": "events.amazonaws.com"},
             "Action": "sns:Publish", "Resource": "*"}
            """);
    assertThat(only(policy, EVENTBRIDGE).reason()).contains("'NoEvents' explicitly denies");
  }

  @Test
  void rolesOfTheTopicsAccountNeedNoGrantButOtherAccountsRolesDo() {
    final SourceEvaluation own = only(SNS_DEFAULT_POLICY, AUTOSCALING);
    assertThat(own.grant()).isEqualTo(GRANTED);
    assertThat(own.reason()).contains("needs no topic-policy grant");
    final EventSource foreign =
        EventSource.role("arn:aws:iam::" + OTHER_ACCOUNT + ":role/publisher");
    assertThat(only(SNS_DEFAULT_POLICY, foreign).grant()).isEqualTo(NOT_GRANTED);
    final String granting = GENERATOR.policy(TOPIC, List.of(foreign)).toJson();
    assertThat(only(granting, foreign).grant()).isEqualTo(GRANTED);
  }

  @Test
  void aTopicWithoutPolicyGrantsNothing() {
    final SourceEvaluation result = only(null, EVENTBRIDGE);
    assertThat(result.grant()).isEqualTo(NOT_GRANTED);
    assertThat(result.reason()).contains("has no access policy");
    assertThat(only(" ", CLOUDWATCH).statementToAdd()).isPresent();
  }

  @Test
  void anUnreadablePolicyIsReported() {
    assertThatThrownBy(() -> EVALUATOR.evaluate("[]", TOPIC, List.of(EVENTBRIDGE)))
        .isInstanceOf(InvalidPolicyDocumentException.class);
    assertThat(ACCOUNT).isNotEmpty();
  }
}
