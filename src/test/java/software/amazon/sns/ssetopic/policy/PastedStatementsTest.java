package software.amazon.sns.ssetopic.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static software.amazon.sns.ssetopic.policy.Fixtures.ACCOUNT;
import static software.amazon.sns.ssetopic.policy.Fixtures.AUTOSCALING;
import static software.amazon.sns.ssetopic.policy.Fixtures.CLOUDWATCH;
import static software.amazon.sns.ssetopic.policy.Fixtures.CODESTAR;
import static software.amazon.sns.ssetopic.policy.Fixtures.DEFAULT_KEY_POLICY;
import static software.amazon.sns.ssetopic.policy.Fixtures.EVENTBRIDGE;
import static software.amazon.sns.ssetopic.policy.Fixtures.KEY_ARN;
import static software.amazon.sns.ssetopic.policy.Fixtures.OTHER_TOPIC;
import static software.amazon.sns.ssetopic.policy.Fixtures.S3_BUCKET;
import static software.amazon.sns.ssetopic.policy.Fixtures.TOPIC;
import static software.amazon.sns.ssetopic.policy.Fixtures.tree;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

/** Statements printed for people to paste: scopes, Sids no topic owns, merging. */
class PastedStatementsTest {
  private static final KeyPolicyStatements GENERATOR = KeyPolicyStatements.standard();
  private static final KeyPolicyEvaluator EVALUATOR = KeyPolicyEvaluator.standard();
  private static final TopicScope ACCOUNT_SCOPE =
      TopicScope.accountTopics("aws", "us-east-1", ACCOUNT);
  private static final List<EventSource> SOURCES =
      List.of(CLOUDWATCH, EVENTBRIDGE, S3_BUCKET, CODESTAR, AUTOSCALING);

  private static JsonNode json(final IamStatement statement) {
    return tree(PolicyJson.statementJson(statement));
  }

  private static String withPasted(final TopicScope scope) {
    return PolicyEditor.withStatements(
        DEFAULT_KEY_POLICY,
        GENERATOR.toPaste(scope, SOURCES),
        PolicyEditor.MAX_KEY_POLICY_BYTES,
        "key policy");
  }

  @Test
  void pastedStatementsGrantWhatTheTopicsOwnStatementsGrant() {
    for (final EventSource source : SOURCES) {
      final JsonNode owned = json(GENERATOR.forSource(TOPIC, source));
      final JsonNode pasted = json(GENERATOR.toPaste(TopicScope.of(TOPIC), source));
      assertThat(pasted.path("Sid").asText()).startsWith(StatementIds.PASTED_PREFIX);
      assertThat(StatementIds.isOwnedBy(pasted.path("Sid").asText(), TOPIC)).isFalse();
      ((com.fasterxml.jackson.databind.node.ObjectNode) owned).remove("Sid");
      ((com.fasterxml.jackson.databind.node.ObjectNode) pasted).remove("Sid");
      assertThat(pasted).isEqualTo(owned);
    }
  }

  @Test
  void verifyCountsPastedStatementsEvenAfterDiscountingTheTopicsOwn() {
    final String policy = withPasted(TopicScope.of(TOPIC));
    final KeyPolicyEvaluation evaluation =
        EVALUATOR.evaluate(
            PolicyEditor.withoutTopicStatements(policy, TOPIC), TOPIC, KEY_ARN, SOURCES);
    assertThat(evaluation.allGranted()).as(evaluation.failureMessage()).isTrue();
    // The topic's own statements are a different set: nothing of the pasted ones is "its".
    assertThat(PolicyEditor.topicStatementIds(policy, TOPIC)).isEmpty();
  }

  @Test
  void anAccountScopeServesEveryTopicOfTheAccountInTheRegion() {
    final String policy = withPasted(ACCOUNT_SCOPE);
    assertThat(EVALUATOR.evaluate(policy, TOPIC, KEY_ARN, SOURCES).allGranted()).isTrue();
    assertThat(EVALUATOR.evaluate(policy, OTHER_TOPIC, KEY_ARN, SOURCES).allGranted()).isTrue();
    final TopicArn elsewhere = TopicArn.of("arn:aws:sns:eu-west-1:" + ACCOUNT + ":alerts");
    final KeyPolicyEvaluation other =
        EVALUATOR.evaluate(policy, elsewhere, List.of(EVENTBRIDGE, CODESTAR, AUTOSCALING));
    assertThat(other.sources()).noneMatch(SourceEvaluation::granted);
  }

  @Test
  void anAccountScopeNamesTheAccountAndRegionInsteadOfTheTopic() {
    final JsonNode events = json(GENERATOR.toPaste(ACCOUNT_SCOPE, EVENTBRIDGE));
    assertThat(events.at("/Condition/StringLike/kms:EncryptionContext:aws:sns:topicArn").asText())
        .isEqualTo("arn:aws:sns:us-east-1:123456789012:*");
    final JsonNode alarms = json(GENERATOR.toPaste(ACCOUNT_SCOPE, CLOUDWATCH));
    assertThat(alarms.at("/Condition/StringEquals/aws:SourceAccount").asText()).isEqualTo(ACCOUNT);
    final JsonNode codestar = json(GENERATOR.toPaste(ACCOUNT_SCOPE, CODESTAR));
    assertThat(codestar.at("/Condition/StringEquals/kms:ViaService").asText())
        .isEqualTo("sns.us-east-1.amazonaws.com");
    assertThat(ACCOUNT_SCOPE.describe())
        .isEqualTo("every topic of account " + ACCOUNT + " in us-east-1");
    assertThat(TopicScope.of(TOPIC).describe()).isEqualTo("topic " + TOPIC);
    assertThat(ACCOUNT_SCOPE.toString()).isEqualTo("arn:aws:sns:us-east-1:123456789012:*");
  }

  @Test
  void sidsDifferPerScopeAndSourceAndAreStable() {
    final String one = GENERATOR.toPaste(TopicScope.of(TOPIC), CLOUDWATCH).sid();
    assertThat(one).matches("SSETopicKit[0-9a-f]{12}ForCloudwatchAlarms[0-9a-f]{8}");
    assertThat(GENERATOR.toPaste(TopicScope.of(TOPIC), CLOUDWATCH).sid()).isEqualTo(one);
    assertThat(GENERATOR.toPaste(TopicScope.of(OTHER_TOPIC), CLOUDWATCH).sid()).isNotEqualTo(one);
    assertThat(GENERATOR.toPaste(ACCOUNT_SCOPE, CLOUDWATCH).sid()).isNotEqualTo(one);
    assertThat(GENERATOR.toPaste(TopicScope.of(TOPIC), List.of(CLOUDWATCH, CLOUDWATCH))).hasSize(1);
  }

  @Test
  void mergingKeepsOtherStatementsAndIsIdempotent() {
    final String once = withPasted(TopicScope.of(TOPIC));
    final String twice =
        PolicyEditor.withStatements(
            once,
            GENERATOR.toPaste(TopicScope.of(TOPIC), SOURCES),
            PolicyEditor.MAX_KEY_POLICY_BYTES,
            "key policy");
    assertThat(twice).isEqualTo(once);
    assertThat(tree(once).path("Statement").get(0).path("Sid").asText())
        .isEqualTo("Enable IAM User Permissions");
    assertThat(tree(once).path("Statement")).hasSize(1 + SOURCES.size());
    assertThat(tree(once).path("Id").asText()).isEqualTo("key-default-1");
  }

  @Test
  void mergingRefusesStatementsItCouldNotFindAgain() {
    final IamStatement noSid =
        IamStatement.builder().effect("Allow").addAction("kms:Decrypt").addResource("*").build();
    final IamStatement pasted = GENERATOR.toPaste(TopicScope.of(TOPIC), CLOUDWATCH);
    assertThatThrownBy(
            () ->
                PolicyEditor.withStatements(DEFAULT_KEY_POLICY, List.of(noSid), 100, "key policy"))
        .hasMessageContaining("no Sid");
    assertThatThrownBy(
            () ->
                PolicyEditor.withStatements(
                    DEFAULT_KEY_POLICY, List.of(pasted, pasted), 100_000, "key policy"))
        .hasMessageContaining("share the Sid");
    assertThatThrownBy(
            () ->
                PolicyEditor.withStatements(DEFAULT_KEY_POLICY, List.of(pasted), 300, "key policy"))
        .isInstanceOf(InvalidPolicyDocumentException.class)
        .hasMessageContaining("over the limit of 300");
  }

  @Test
  void prettyAlwaysWritesStatementsAsAList() {
    final String single =
        IamPolicy.builder()
            .addStatement(GENERATOR.toPaste(TopicScope.of(TOPIC), CLOUDWATCH))
            .build()
            .toJson();
    assertThat(tree(single).path("Statement").isObject()).isTrue();
    final String pretty = PolicyEditor.pretty(single);
    assertThat(tree(pretty).path("Statement").isArray()).isTrue();
    assertThat(pretty).contains("\n  ");
    assertThat(PolicyEditor.equalInMeaning(pretty, single)).isTrue();
    assertThat(PolicyEditor.pretty("{\"Version\": \"2012-10-17\"}")).doesNotContain("Statement");
  }

  @Test
  void scopesAreChecked() {
    assertThatThrownBy(() -> TopicScope.accountTopics("gcp", "us-east-1", ACCOUNT))
        .hasMessageContaining("partition");
    assertThatThrownBy(() -> TopicScope.accountTopics("aws", "mars", ACCOUNT))
        .hasMessageContaining("region");
    assertThatThrownBy(() -> TopicScope.accountTopics("aws", "us-east-1", "123"))
        .hasMessageContaining("12-digit");
    assertThatThrownBy(() -> new TopicScope("aws", "eu-west-1", ACCOUNT, TOPIC))
        .hasMessageContaining("is not in");
    assertThat(TopicScope.of(TOPIC).singleTopic()).isTrue();
    assertThat(TopicScope.of(TOPIC).topicArnPattern()).isEqualTo(TOPIC.value());
  }
}
