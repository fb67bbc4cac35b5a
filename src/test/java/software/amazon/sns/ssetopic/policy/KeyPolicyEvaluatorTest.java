package software.amazon.sns.ssetopic.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static software.amazon.sns.ssetopic.policy.Fixtures.AUTOSCALING;
import static software.amazon.sns.ssetopic.policy.Fixtures.AUTOSCALING_ROLE_ARN;
import static software.amazon.sns.ssetopic.policy.Fixtures.CLOUDWATCH;
import static software.amazon.sns.ssetopic.policy.Fixtures.CODESTAR;
import static software.amazon.sns.ssetopic.policy.Fixtures.DEFAULT_KEY_POLICY;
import static software.amazon.sns.ssetopic.policy.Fixtures.EVENTBRIDGE;
import static software.amazon.sns.ssetopic.policy.Fixtures.KEY_ARN;
import static software.amazon.sns.ssetopic.policy.Fixtures.S3_BUCKET;
import static software.amazon.sns.ssetopic.policy.Fixtures.TOPIC;
import static software.amazon.sns.ssetopic.policy.Fixtures.UNKNOWN_SERVICE;
import static software.amazon.sns.ssetopic.policy.Fixtures.keyPolicyWith;
import static software.amazon.sns.ssetopic.policy.Fixtures.policyOf;
import static software.amazon.sns.ssetopic.policy.SourceEvaluation.Grant.DELEGATED_TO_IAM;
import static software.amazon.sns.ssetopic.policy.SourceEvaluation.Grant.GRANTED;
import static software.amazon.sns.ssetopic.policy.SourceEvaluation.Grant.NOT_GRANTED;
import static software.amazon.sns.ssetopic.policy.SourceEvaluation.Grant.UNVERIFIABLE;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.sns.ssetopic.policy.SourceEvaluation.Grant;

class KeyPolicyEvaluatorTest {
  private static final KeyPolicyEvaluator EVALUATOR = KeyPolicyEvaluator.standard();
  private static final KeyPolicyStatements GENERATOR = KeyPolicyStatements.standard();

  private static final String ALARM_ARN =
      "arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu-high";

  /** The CloudWatch statement of the AWS documentation. */
  private static final String DOCUMENTED_CLOUDWATCH =
      """
      {"Sid": "AllowCloudWatchAlarms", "Effect": "Allow",
       "Principal": {"Service": "cloudwatch.amazonaws.com"},
       "Action": ["kms:GenerateDataKey*", "kms:Decrypt"], "Resource": "*",
       "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"},
                     "ArnLike": {"aws:SourceArn":
                                     "arn:aws:cloudwatch:us-east-1:123456789012:alarm:*"}}}
      """;

  private static SourceEvaluation evaluate(final String policy, final EventSource source) {
    return EVALUATOR.evaluate(policy, TOPIC, List.of(source)).sources().get(0);
  }

  private static Grant grant(final String policy, final EventSource source) {
    return evaluate(policy, source).grant();
  }

  private static String allow(final String principal, final String action) {
    return allowWhen(principal, action, "{}");
  }

  private static String allowWhen(
      final String principal, final String action, final String condition) {
    return """
    {"Effect": "Allow", "Principal": %s, "Action": %s, "Resource": "*", "Condition": %s}
    """
        .formatted(principal, action, condition);
  }

  private static final String CLOUDWATCH_PRINCIPAL = "{\"Service\": \"cloudwatch.amazonaws.com\"}";
  private static final String EVENTS_PRINCIPAL = "{\"Service\": \"events.amazonaws.com\"}";
  private static final String ROLE_PRINCIPAL = "{\"AWS\": \"" + AUTOSCALING_ROLE_ARN + "\"}";
  private static final String BOTH_ACTIONS = "[\"kms:GenerateDataKey*\", \"kms:Decrypt\"]";

  @Nested
  class DefaultKeyPolicy {
    @Test
    void aRootGrantDoesNotGrantServicePrincipals() {
      final SourceEvaluation result = evaluate(DEFAULT_KEY_POLICY, CLOUDWATCH);
      assertThat(result.grant()).isEqualTo(NOT_GRANTED);
      assertThat(result.granted()).isFalse();
      assertThat(result.reason())
          .contains("no statement allows kms:GenerateDataKey to the service principal")
          .contains("account-root grant delegates to IAM");
      assertThat(result.statementToAdd())
          .contains(PolicyJson.statementJson(GENERATOR.toPaste(TopicScope.of(TOPIC), CLOUDWATCH)));
    }

    @Test
    void aRootGrantOnlyDelegatesForARoleOfThatAccount() {
      final SourceEvaluation result = evaluate(DEFAULT_KEY_POLICY, AUTOSCALING);
      assertThat(result.grant()).isEqualTo(DELEGATED_TO_IAM);
      assertThat(result.granted()).isFalse();
      assertThat(result.reason()).contains("'Enable IAM User Permissions'").contains("delegates");
      assertThat(result.statementToAdd()).isPresent();
    }

    @Test
    void aBareAccountIdDelegatesLikeTheRootArn() {
      final String policy = policyOf(allow("{\"AWS\": \"123456789012\"}", "\"kms:*\""));
      assertThat(grant(policy, AUTOSCALING)).isEqualTo(DELEGATED_TO_IAM);
    }

    @Test
    void aRootGrantOfAnotherAccountDoesNothing() {
      final String policy =
          policyOf(allow("{\"AWS\": \"arn:aws:iam::444455556666:root\"}", "\"kms:*\""));
      final SourceEvaluation result = evaluate(policy, AUTOSCALING);
      assertThat(result.grant()).isEqualTo(NOT_GRANTED);
      assertThat(result.reason())
          .isEqualTo("no statement allows kms:GenerateDataKey; no statement allows kms:Decrypt");
    }

    @Test
    void aDirectGrantBeatsDelegation() {
      assertThat(grant(keyPolicyWith(allow(ROLE_PRINCIPAL, BOTH_ACTIONS)), AUTOSCALING))
          .isEqualTo(GRANTED);
    }
  }

  @Nested
  class ActionsAndPrincipals {
    static Stream<Arguments> grantingActions() {
      return Stream.of(
          Arguments.of("\"kms:*\""),
          Arguments.of("\"*\""),
          Arguments.of("[\"kms:GenerateDataKey*\", \"kms:Decrypt\"]"),
          Arguments.of("[\"KMS:generatedatakey*\", \"kms:DECRYPT\"]"),
          Arguments.of("[\"kms:GenerateDataKey\", \"kms:Decrypt\", \"kms:Encrypt\"]"),
          Arguments.of("[\"kms:Generate*\", \"kms:?ecrypt\"]"));
    }

    @ParameterizedTest
    @MethodSource("grantingActions")
    void wildcardsAndCaseAreUnderstood(final String actions) {
      assertThat(grant(keyPolicyWith(allow(CLOUDWATCH_PRINCIPAL, actions)), EVENTBRIDGE))
          .isEqualTo(NOT_GRANTED);
      assertThat(grant(keyPolicyWith(allow(EVENTS_PRINCIPAL, actions)), EVENTBRIDGE))
          .isEqualTo(GRANTED);
    }

    @Test
    void generateDataKeyWithoutPlaintextAloneIsNotEnough() {
      final String policy =
          keyPolicyWith(
              allow(
                  EVENTS_PRINCIPAL, "[\"kms:GenerateDataKeyWithoutPlaintext\", \"kms:Decrypt\"]"));
      final SourceEvaluation result = evaluate(policy, EVENTBRIDGE);
      assertThat(result.grant()).isEqualTo(NOT_GRANTED);
      assertThat(result.reason()).startsWith("no statement allows kms:GenerateDataKey");
    }

    @Test
    void theActionsMayComeFromDifferentStatements() {
      final String policy =
          keyPolicyWith(
              allow(EVENTS_PRINCIPAL, "\"kms:GenerateDataKey*\""),
              allow(EVENTS_PRINCIPAL, "\"kms:Decrypt\""));
      final SourceEvaluation result = evaluate(policy, EVENTBRIDGE);
      assertThat(result.grant()).isEqualTo(GRANTED);
      assertThat(result.reason())
          .isEqualTo("allowed kms:GenerateDataKey by statement #2 and kms:Decrypt by statement #3");
      assertThat(result.statementToAdd()).isEmpty();
    }

    @Test
    void principalListsAndWildcardsMatch() {
      final String services =
          "{\"Service\": [\"s3.amazonaws.com\", \"cloudwatch.amazonaws.com\","
              + " \"EVENTS.amazonaws.com\"]}";
      assertThat(grant(keyPolicyWith(allow(services, "\"kms:*\"")), EVENTBRIDGE))
          .isEqualTo(GRANTED);
      final String roles =
          "{\"AWS\": [\"arn:aws:iam::123456789012:role/other\", \"" + AUTOSCALING_ROLE_ARN + "\"]}";
      assertThat(grant(keyPolicyWith(allow(roles, "\"kms:*\"")), AUTOSCALING)).isEqualTo(GRANTED);
      assertThat(grant(keyPolicyWith(allow("\"*\"", "\"kms:*\"")), EVENTBRIDGE)).isEqualTo(GRANTED);
      assertThat(grant(keyPolicyWith(allow("{\"AWS\": \"*\"}", "\"kms:*\"")), CODESTAR))
          .isEqualTo(GRANTED);
      // A role is not a service and a service is not a role.
      assertThat(grant(keyPolicyWith(allow(roles, "\"kms:*\"")), CLOUDWATCH))
          .isEqualTo(NOT_GRANTED);
      assertThat(grant(keyPolicyWith(allow(services, "\"kms:*\"")), AUTOSCALING))
          .isEqualTo(DELEGATED_TO_IAM);
    }

    @Test
    void notActionCoversWhatItDoesNotList() {
      final String allowAllButAdmin =
          """
          {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
           "NotAction": ["kms:ScheduleKeyDeletion", "kms:PutKeyPolicy"], "Resource": "*"}
          """;
      assertThat(grant(keyPolicyWith(allowAllButAdmin), EVENTBRIDGE)).isEqualTo(GRANTED);
      final String allowAllButDecrypt =
          """
          {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
           "NotAction": "kms:Decrypt", "Resource": "*"}
          """;
      final SourceEvaluation result = evaluate(keyPolicyWith(allowAllButDecrypt), EVENTBRIDGE);
      assertThat(result.grant()).isEqualTo(NOT_GRANTED);
      assertThat(result.reason())
          .isEqualTo(
              "no statement allows kms:Decrypt to the service principal events.amazonaws.com (an"
                  + " account-root grant delegates to IAM and does not cover services)");
    }

    @Test
    void anAllowWithNotPrincipalIsNotAGrant() {
      final String policy =
          keyPolicyWith(
              """
              {"Sid": "Broad", "Effect": "Allow",
               "NotPrincipal": {"AWS": "arn:aws:iam::444455556666:root"},
               "Action": "kms:*", "Resource": "*"}
              """);
      final SourceEvaluation result = evaluate(policy, EVENTBRIDGE);
      assertThat(result.grant()).isEqualTo(NOT_GRANTED);
      assertThat(result.reason()).contains("statement 'Broad' uses NotPrincipal with Allow");
    }
  }

  @Nested
  class Denies {
    private final String grantAll =
        allow(
            "{\"Service\": [\"events.amazonaws.com\", \"cloudwatch.amazonaws.com\"]}", "\"kms:*\"");

    @Test
    void anExplicitDenyWins() {
      final String policy =
          keyPolicyWith(
              grantAll,
              allow(ROLE_PRINCIPAL, "\"kms:*\""),
              """
              {"Sid": "NoDecrypt", "Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt",
               "Resource": "*"}
              """);
      for (final EventSource source : List.of(EVENTBRIDGE, CLOUDWATCH, AUTOSCALING)) {
        final SourceEvaluation result = evaluate(policy, source);
        assertThat(result.grant()).isEqualTo(NOT_GRANTED);
        assertThat(result.reason())
            .isEqualTo("statement 'NoDecrypt' explicitly denies kms:Decrypt");
      }
    }

    @Test
    void aDenyForSomeoneElseDoesNotApply() {
      final String policy =
          keyPolicyWith(
              grantAll,
              """
              {"Effect": "Deny",
               "Principal": {"Service": "s3.amazonaws.com",
                             "AWS": "arn:aws:iam::123456789012:role/x"},
               "Action": "kms:*", "Resource": "*"}
              """);
      assertThat(grant(policy, EVENTBRIDGE)).isEqualTo(GRANTED);
    }

    @Test
    void aDenyOnTheAccountCoversItsRoles() {
      final String policy =
          keyPolicyWith(
              allow(ROLE_PRINCIPAL, "\"kms:*\""),
              """
              {"Effect": "Deny", "Principal": {"AWS": "123456789012"}, "Action": "kms:Decrypt",
               "Resource": "*"}
              """);
      assertThat(grant(policy, AUTOSCALING)).isEqualTo(NOT_GRANTED);
    }

    @Test
    void aDenyOnARoleSessionMayApply() {
      final String policy =
          keyPolicyWith(
              allow(ROLE_PRINCIPAL, "\"kms:*\""),
              """
              {"Effect": "Deny",
               "Principal": {"AWS":
                 "arn:aws:sts::123456789012:assumed-role/AWSServiceRoleForAutoScaling/AutoScaling"},
               "Action": "kms:Decrypt", "Resource": "*"}
              """);
      assertThat(evaluate(policy, AUTOSCALING).reason())
          .contains("(Deny) may apply to kms:Decrypt")
          .contains("it may apply to this principal or key");
    }

    @Test
    void aDenyWhoseConditionProvablyFailsDoesNotApply() {
      // Deny everyone outside the account: the alarm lives in the topic's account.
      final String policy =
          keyPolicyWith(
              grantAll,
              """
              {"Effect": "Deny", "Principal": {"Service": "cloudwatch.amazonaws.com"},
               "Action": "kms:*", "Resource": "*",
               "Condition": {"StringNotEquals": {"aws:SourceAccount": "123456789012"}}}
              """);
      assertThat(grant(policy, CLOUDWATCH)).isEqualTo(GRANTED);
      assertThat(grant(policy, CLOUDWATCH.withSourceAccount("444455556666")))
          .isEqualTo(NOT_GRANTED);
    }

    @Test
    void aDenyWithAnUnprovableConditionCountsAsApplying() {
      final String policy =
          keyPolicyWith(
              grantAll,
              """
              {"Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "kms:*",
               "Resource": "*",
               "Condition": {"Bool": {"aws:SecureTransport": false}}}
              """);
      final SourceEvaluation result = evaluate(policy, EVENTBRIDGE);
      assertThat(result.grant()).isEqualTo(NOT_GRANTED);
      assertThat(result.reason())
          .contains("statement 'TlsOnly' (Deny) may apply to kms:GenerateDataKey")
          .contains("aws:SecureTransport");
    }

    @Test
    void aDenyWithNotActionDeniesEverythingElse() {
      final String policy =
          keyPolicyWith(
              grantAll,
              """
              {"Effect": "Deny", "Principal": "*", "NotAction": "kms:Decrypt", "Resource": "*"}
              """);
      assertThat(evaluate(policy, EVENTBRIDGE).reason())
          .isEqualTo("statement #3 explicitly denies kms:GenerateDataKey");
    }

    @Test
    void aDenyWithNotPrincipalExemptsOnlyWhoItNames() {
      final String policy =
          keyPolicyWith(
              grantAll,
              allow(ROLE_PRINCIPAL, "\"kms:*\""),
              """
              {"Effect": "Deny",
               "NotPrincipal": {"Service": "cloudwatch.amazonaws.com",
                                "AWS": ["arn:aws:iam::123456789012:root", "%s"]},
               "Action": "kms:*", "Resource": "*"}
              """
                  .formatted(AUTOSCALING_ROLE_ARN));
      assertThat(grant(policy, CLOUDWATCH)).isEqualTo(GRANTED);
      assertThat(grant(policy, EVENTBRIDGE)).isEqualTo(NOT_GRANTED);
      // IAM matches a role's calls by session ARN: the role ARN alone does not exempt it.
      assertThat(grant(policy, AUTOSCALING)).isEqualTo(NOT_GRANTED);
      final String withSession =
          keyPolicyWith(
              allow(ROLE_PRINCIPAL, "\"kms:*\""),
              """
              {"Effect": "Deny",
               "NotPrincipal": {"AWS": ["%s",
                 "arn:aws:sts::123456789012:assumed-role/AWSServiceRoleForAutoScaling/Session"]},
               "Action": "kms:*", "Resource": "*"}
              """
                  .formatted(AUTOSCALING_ROLE_ARN));
      assertThat(grant(withSession, AUTOSCALING)).isEqualTo(GRANTED);
      final String exemptEveryone =
          keyPolicyWith(
              grantAll,
              """
              {"Effect": "Deny", "NotPrincipal": "*", "Action": "kms:*", "Resource": "*"}
              """);
      assertThat(grant(exemptEveryone, EVENTBRIDGE)).isEqualTo(GRANTED);
    }
  }

  @Nested
  class Conditions {
    @Test
    void documentedCloudWatchStatementNeedsTheAlarmArnDeclared() {
      final String policy = keyPolicyWith(DOCUMENTED_CLOUDWATCH);
      final SourceEvaluation undeclared = evaluate(policy, CLOUDWATCH);
      assertThat(undeclared.grant()).isEqualTo(NOT_GRANTED);
      assertThat(undeclared.reason())
          .contains(
              "statement 'AllowCloudWatchAlarms' allows it, but its condition ArnLike"
                  + " aws:SourceArn")
          .contains("cannot be proven: the evaluator cannot know aws:SourceArn");
      assertThat(grant(policy, CLOUDWATCH.withSourceArn(ALARM_ARN))).isEqualTo(GRANTED);
      assertThat(
              grant(
                  policy,
                  CLOUDWATCH.withSourceArn("arn:aws:cloudwatch:us-east-1:123456789012:alarm:*")))
          .isEqualTo(GRANTED);
      assertThat(
              grant(
                  policy,
                  CLOUDWATCH.withSourceArn(
                      "arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-*")))
          .isEqualTo(GRANTED);
      final SourceEvaluation otherAccount =
          evaluate(
              policy,
              CLOUDWATCH.withSourceArn("arn:aws:cloudwatch:us-east-1:444455556666:alarm:x"));
      assertThat(otherAccount.grant()).isEqualTo(NOT_GRANTED);
      assertThat(otherAccount.reason())
          .contains("does not hold: aws:SourceAccount is 444455556666");
    }

    @Test
    void eventBridgeWithSourceConditionsIsTheClassicMistake() {
      final String policy =
          keyPolicyWith(
              allowWhen(
                  EVENTS_PRINCIPAL,
                  BOTH_ACTIONS,
                  "{\"StringEquals\": {\"aws:SourceAccount\": \"123456789012\"}}"));
      final SourceEvaluation result = evaluate(policy, EVENTBRIDGE);
      assertThat(result.grant()).isEqualTo(NOT_GRANTED);
      assertThat(result.reason())
          .contains("needs aws:SourceAccount, but events.amazonaws.com sends no aws:SourceAccount");
      assertThat(result.statementToAdd().orElseThrow())
          .contains("kms:EncryptionContext:aws:sns:topicArn");
    }

    static Stream<Arguments> conditionsForEventBridge() {
      return Stream.of(
          Arguments.of(
              "{\"StringEquals\": {\"kms:EncryptionContext:aws:sns:topicArn\":"
                  + " \"arn:aws:sns:us-east-1:123456789012:alerts\"}}",
              GRANTED),
          Arguments.of(
              "{\"StringEquals\": {\"KMS:ENCRYPTIONCONTEXT:AWS:SNS:TOPICARN\":"
                  + " \"arn:aws:sns:us-east-1:123456789012:alerts\"}}",
              GRANTED),
          Arguments.of(
              "{\"StringEquals\": {\"kms:EncryptionContext:aws:sns:topicArn\":"
                  + " \"arn:aws:sns:us-east-1:123456789012:billing\"}}",
              NOT_GRANTED),
          Arguments.of(
              "{\"StringLike\": {\"kms:EncryptionContext:aws:sns:topicArn\":"
                  + " \"arn:aws:sns:*:123456789012:*\"}}",
              GRANTED),
          Arguments.of(
              "{\"ArnLike\": {\"kms:EncryptionContext:aws:sns:topicArn\":"
                  + " \"arn:aws:sns:us-east-1:123456789012:al*\"}}",
              GRANTED),
          Arguments.of(
              "{\"ArnEquals\": {\"kms:EncryptionContext:aws:sns:topicArn\": \"arn:aws:sns\"}}",
              NOT_GRANTED),
          Arguments.of(
              "{\"StringEqualsIgnoreCase\": {\"kms:ViaService\": \"SNS.us-east-1.amazonaws.com\"}}",
              GRANTED),
          Arguments.of(
              "{\"StringNotEquals\": {\"kms:ViaService\": \"sqs.us-east-1.amazonaws.com\"}}",
              GRANTED),
          Arguments.of(
              "{\"StringNotEqualsIgnoreCase\": {\"kms:ViaService\":"
                  + " \"SNS.US-EAST-1.amazonaws.com\"}}",
              NOT_GRANTED),
          Arguments.of(
              "{\"ArnNotLike\": {\"kms:EncryptionContext:aws:sns:topicArn\":"
                  + " \"arn:aws:sns:*:*:billing\"}}",
              GRANTED),
          Arguments.of("{\"StringNotLike\": {\"kms:ViaService\": [\"sqs.*\", \"s3.*\"]}}", GRANTED),
          Arguments.of(
              "{\"StringEqualsIfExists\": {\"aws:SourceAccount\": \"123456789012\"}}", GRANTED),
          Arguments.of(
              "{\"StringNotEquals\": {\"aws:SourceAccount\": \"123456789012\"}}", NOT_GRANTED),
          Arguments.of("{\"Bool\": {\"aws:SourceAccount\": \"true\"}}", NOT_GRANTED),
          Arguments.of("{\"Null\": {\"aws:SourceArn\": \"true\"}}", GRANTED),
          Arguments.of("{\"Null\": {\"aws:SourceArn\": \"false\"}}", NOT_GRANTED),
          Arguments.of("{\"Null\": {\"kms:ViaService\": \"false\"}}", GRANTED),
          Arguments.of("{\"Null\": {\"kms:ViaService\": \"maybe\"}}", NOT_GRANTED),
          Arguments.of("{\"Null\": {\"kms:ViaService\": [\"true\", \"false\"]}}", NOT_GRANTED),
          Arguments.of("{\"Null\": {\"aws:SourceOrgID\": \"true\"}}", NOT_GRANTED),
          Arguments.of(
              "{\"ForAnyValue:StringEquals\": {\"kms:EncryptionContextKeys\":"
                  + " \"aws:sns:topicArn\"}}",
              GRANTED),
          Arguments.of(
              "{\"ForAllValues:StringLike\": {\"kms:EncryptionContextKeys\": [\"aws:sns:*\"]}}",
              GRANTED),
          Arguments.of(
              "{\"ForAllValues:StringEquals\": {\"kms:EncryptionContextKeys\": [\"other\"]}}",
              NOT_GRANTED),
          Arguments.of(
              "{\"ForAllValues:StringEquals\": {\"aws:SourceAccount\": [\"123456789012\"]}}",
              GRANTED),
          Arguments.of(
              "{\"ForAnyValue:StringNotEquals\": {\"kms:EncryptionContextKeys\": \"x\"}}",
              NOT_GRANTED),
          Arguments.of(
              "{\"StringEquals\": {\"kms:ViaService\":"
                  + " \"sns.${aws:RequestedRegion}.amazonaws.com\"}}",
              NOT_GRANTED),
          Arguments.of("{\"NumericLessThan\": {\"kms:ViaService\": 3}}", NOT_GRANTED),
          Arguments.of("{\"StringEquals\": {\"aws:SourceOrgID\": \"o-abc\"}}", NOT_GRANTED),
          Arguments.of(
              "{\"StringEquals\": {\"kms:CallerAccount\": \"123456789012\"}}", NOT_GRANTED));
    }

    @ParameterizedTest
    @MethodSource("conditionsForEventBridge")
    void conditionsAreEvaluatedAgainstWhatTheSourceSends(
        final String condition, final Grant expected) {
      final String policy = keyPolicyWith(allowWhen(EVENTS_PRINCIPAL, BOTH_ACTIONS, condition));
      assertThat(grant(policy, EVENTBRIDGE)).as(condition).isEqualTo(expected);
    }

    @Test
    void theAccountWideSnsStatementGrantsRolesButNotServices() {
      // "Allow access through SNS for all principals in the account that are authorized to use SNS"
      final String policy =
          keyPolicyWith(
              """
              {"Sid": "ViaSns", "Effect": "Allow", "Principal": {"AWS": "*"},
               "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
                          "kms:DescribeKey"],
               "Resource": "*",
               "Condition": {"StringEquals": {"kms:CallerAccount": "123456789012",
                                              "kms:ViaService": "sns.us-east-1.amazonaws.com"}}}
              """);
      assertThat(grant(policy, AUTOSCALING)).isEqualTo(GRANTED);
      final SourceEvaluation service = evaluate(policy, CLOUDWATCH);
      assertThat(service.grant()).isEqualTo(NOT_GRANTED);
      assertThat(service.reason())
          .contains("cannot know kms:CallerAccount for cloudwatch.amazonaws.com");
      assertThat(grant(policy, EventSource.role("arn:aws:iam::444455556666:role/foreign")))
          .isEqualTo(NOT_GRANTED);
    }

    @Test
    void codeStarIsGrantedThroughSns() {
      final String policy =
          keyPolicyWith(
              allowWhen(
                  "{\"Service\": \"codestar-notifications.amazonaws.com\"}",
                  BOTH_ACTIONS,
                  "{\"StringEquals\": {\"kms:ViaService\": \"sns.us-east-1.amazonaws.com\"}}"));
      assertThat(grant(policy, CODESTAR)).isEqualTo(GRANTED);
      assertThat(
              EVALUATOR
                  .evaluate(
                      policy,
                      TopicArn.of("arn:aws:sns:eu-west-1:123456789012:alerts"),
                      List.of(CODESTAR))
                  .allGranted())
          .isFalse();
    }

    @Test
    void aWildcardSourceArnIsOnlyAsGoodAsWhatCoversIt() {
      final String exact =
          keyPolicyWith(
              allowWhen(
                  CLOUDWATCH_PRINCIPAL,
                  BOTH_ACTIONS,
                  "{\"StringEquals\": {\"aws:SourceArn\": \"" + ALARM_ARN + "\"}}"));
      assertThat(grant(exact, CLOUDWATCH.withSourceArn(ALARM_ARN))).isEqualTo(GRANTED);
      // StringEquals cannot prove that some alarm matching alarm:* is cpu-high.
      assertThat(
              grant(
                  exact,
                  CLOUDWATCH.withSourceArn("arn:aws:cloudwatch:us-east-1:123456789012:alarm:*")))
          .isEqualTo(NOT_GRANTED);
      final String like =
          keyPolicyWith(
              allowWhen(
                  CLOUDWATCH_PRINCIPAL,
                  BOTH_ACTIONS,
                  "{\"StringLike\": {\"aws:SourceArn\":"
                      + " \"arn:aws:cloudwatch:us-east-1:123456789012:*\"}}"));
      assertThat(
              grant(
                  like,
                  CLOUDWATCH.withSourceArn("arn:aws:cloudwatch:us-east-1:123456789012:alarm:*")))
          .isEqualTo(GRANTED);
      assertThat(grant(like, CLOUDWATCH.withSourceArn("arn:aws:cloudwatch:*:123456789012:alarm:x")))
          .isEqualTo(NOT_GRANTED);
    }
  }

  @Nested
  class Resources {
    private String allowOn(final String resourceField) {
      return keyPolicyWith(
          """
          {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
           "Action": "kms:*", %s}
          """
              .formatted(resourceField));
    }

    @Test
    void aKeyArnCountsOnlyWhenTheKeyIsKnown() {
      final String policy = allowOn("\"Resource\": \"" + KEY_ARN + "\"");
      final SourceEvaluation unknownKey = evaluate(policy, EVENTBRIDGE);
      assertThat(unknownKey.grant()).isEqualTo(NOT_GRANTED);
      assertThat(unknownKey.reason()).contains("cannot be proven to include this key");
      assertThat(EVALUATOR.evaluate(policy, TOPIC, KEY_ARN, List.of(EVENTBRIDGE)).allGranted())
          .isTrue();
      final String otherKey =
          allowOn("\"Resource\": \"arn:aws:kms:us-east-1:123456789012:key/other\"");
      assertThat(EVALUATOR.evaluate(otherKey, TOPIC, KEY_ARN, List.of(EVENTBRIDGE)).allGranted())
          .isFalse();
      assertThat(grant(allowOn("\"Resource\": [\"arn:aws:s3:::bucket\"]"), EVENTBRIDGE))
          .isEqualTo(NOT_GRANTED);
    }

    @Test
    void notResourceIsEvaluatedAgainstTheKey() {
      final String notOther =
          allowOn("\"NotResource\": \"arn:aws:kms:us-east-1:123456789012:key/other\"");
      assertThat(EVALUATOR.evaluate(notOther, TOPIC, KEY_ARN, List.of(EVENTBRIDGE)).allGranted())
          .isTrue();
      assertThat(grant(notOther, EVENTBRIDGE)).isEqualTo(NOT_GRANTED);
      final SourceEvaluation notAll = evaluate(allowOn("\"NotResource\": \"*\""), EVENTBRIDGE);
      assertThat(notAll.grant()).isEqualTo(NOT_GRANTED);
      assertThat(notAll.reason()).contains("not [*]");
    }
  }

  @Nested
  class Documents {
    @Test
    void readsTheSdkWritersSingleStatementObject() {
      final String policy = GENERATOR.asPolicy(TOPIC, List.of(S3_BUCKET)).toJson();
      assertThat(Fixtures.tree(policy).get("Statement").isObject()).isTrue();
      assertThat(EVALUATOR.evaluate(policy, TOPIC, List.of(S3_BUCKET)).allGranted()).isTrue();
    }

    @Test
    void aPolicyWithoutStatementsGrantsNothing() {
      assertThat(
              EVALUATOR
                  .evaluate("{\"Version\": \"2012-10-17\"}", TOPIC, List.of(CLOUDWATCH))
                  .allGranted())
          .isFalse();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "",
          "not json",
          "[]",
          "{\"Statement\": \"x\"}",
          "{\"Statement\": [1]}",
          "{\"Statement\": {\"Effect\": \"Permit\", \"Principal\": \"*\", \"Action\": \"*\","
              + " \"Resource\": \"*\"}}",
          "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}}",
          "{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"someone\", \"Action\": \"*\","
              + " \"Resource\": \"*\"}}",
          "{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": 7, \"Action\": \"*\","
              + " \"Resource\": \"*\"}}",
          "{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": {}}, \"Action\": \"*\","
              + " \"Resource\": \"*\"}}",
          "{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": [1]}, \"Action\":"
              + " \"*\", \"Resource\": \"*\"}}",
          "{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Resource\": \"*\"}}",
          "{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\","
              + " \"NotAction\": \"x\", \"Resource\": \"*\"}}",
          "{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\"}}",
          "{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\","
              + " \"Resource\": \"*\", \"Condition\": []}}",
          "{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\","
              + " \"Resource\": \"*\", \"Condition\": {\"StringEquals\": \"x\"}}}",
          "{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\","
              + " \"Resource\": \"*\", \"Condition\": {\"StringEquals\": {\"k\": {}}}}}",
          "{\"Statement\": {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\","
              + " \"Resource\": \"*\", \"Condition\": {\"StringEquals\": {\"k\": [[]]}}}}",
          "{\"Statement\": {\"Sid\": \"Dup\", \"Effect\": \"Allow\", \"Effect\": \"Deny\","
              + " \"Principal\": \"*\", \"Action\": \"*\", \"Resource\": \"*\"}}"
        })
    void refusesPoliciesNoKeyCouldHold(final String policy) {
      assertThatThrownBy(() -> EVALUATOR.evaluate(policy, TOPIC, List.of(CLOUDWATCH)))
          .isInstanceOf(InvalidPolicyDocumentException.class)
          .message()
          .isNotBlank();
    }
  }

  /** Statements scoped to the topic by encryption context, and statements without that scope. */
  @Nested
  class TopicEncryptionContextScope {
    private static final String ALARM_STATEMENT_WITHOUT_SCOPE =
        allowWhen(
            CLOUDWATCH_PRINCIPAL,
            BOTH_ACTIONS,
            "{\"StringEquals\": {\"aws:SourceAccount\": \"123456789012\"}}");

    @Test
    void verifyAcceptsExistingStatementsWithOrWithoutTheTopicScope() {
      assertThat(grant(keyPolicyWith(ALARM_STATEMENT_WITHOUT_SCOPE), CLOUDWATCH))
          .isEqualTo(Grant.GRANTED);
      final String generated = PolicyJson.statementJson(GENERATOR.forSource(TOPIC, CLOUDWATCH));
      assertThat(generated).contains("kms:EncryptionContext:aws:sns:topicArn");
      assertThat(grant(keyPolicyWith(generated), CLOUDWATCH)).isEqualTo(Grant.GRANTED);
      final String accountWide =
          PolicyJson.statementJson(
              GENERATOR.toPaste(
                  TopicScope.accountTopics("aws", "us-east-1", "123456789012"), CLOUDWATCH));
      assertThat(accountWide)
          .contains(
              "\"StringLike\":{\"kms:EncryptionContext:aws:sns:topicArn\":"
                  + "\"arn:aws:sns:us-east-1:123456789012:*\"}");
      assertThat(grant(keyPolicyWith(accountWide), CLOUDWATCH)).isEqualTo(Grant.GRANTED);
    }

    @Test
    void aStatementScopedToAnotherTopicGrantsNothing() {
      final TopicArn other = TopicArn.of("arn:aws:sns:us-east-1:123456789012:other");
      final String forOther = PolicyJson.statementJson(GENERATOR.forSource(other, CLOUDWATCH));
      final SourceEvaluation result = evaluate(keyPolicyWith(forOther), CLOUDWATCH);
      assertThat(result.grant()).isEqualTo(Grant.NOT_GRANTED);
      assertThat(result.reason()).contains("kms:EncryptionContext:aws:sns:topicArn");
    }

    @Test
    void everyGeneratedStatementGrantsItsOwnSource() {
      for (final EventSource source :
          List.of(
              CLOUDWATCH.withSourceArn(ALARM_ARN),
              EVENTBRIDGE,
              EventSource.service("events.amazonaws.com.cn"),
              S3_BUCKET,
              CODESTAR,
              UNKNOWN_SERVICE,
              EventSource.service("ssm-incidents.amazonaws.com"),
              EventSource.service("eu-west-1.devops-guru.amazonaws.com"),
              AUTOSCALING)) {
        final String statement = PolicyJson.statementJson(GENERATOR.forSource(TOPIC, source));
        assertThat(grant(keyPolicyWith(statement), source))
            .as(source.toString())
            .isEqualTo(Grant.GRANTED);
      }
    }
  }

  @Nested
  class Results {
    @Test
    void theFailureMessageListsEachUngrantedPrincipalWithItsStatement() {
      final String policy = keyPolicyWith(DOCUMENTED_CLOUDWATCH);
      final KeyPolicyEvaluation evaluation =
          EVALUATOR.evaluate(
              policy,
              TOPIC,
              List.of(
                  CLOUDWATCH.withSourceArn(ALARM_ARN), EVENTBRIDGE, UNKNOWN_SERVICE, EVENTBRIDGE));
      assertThat(evaluation.sources()).hasSize(3);
      assertThat(evaluation.allGranted()).isFalse();
      assertThat(evaluation.ungranted())
          .extracting(result -> result.source().principal())
          .containsExactly("events.amazonaws.com", "newservice.amazonaws.com");
      assertThat(evaluation.failureMessage())
          .startsWith("The KMS key policy does not let 2 event sources publish to " + TOPIC + ":")
          .contains("\n- events.amazonaws.com: no statement allows kms:GenerateDataKey")
          .contains(
              "\n  Add to the key policy: "
                  + PolicyJson.statementJson(GENERATOR.toPaste(TopicScope.of(TOPIC), EVENTBRIDGE)))
          .contains("\n- newservice.amazonaws.com: ");
    }

    @Test
    void anUnknownServiceIsToldThatItsStatementUsesTheConservativeDefaults() {
      assertThat(
              EVALUATOR
                  .evaluate(DEFAULT_KEY_POLICY, TOPIC, List.of(UNKNOWN_SERVICE, CLOUDWATCH))
                  .failureMessage())
          .contains(
              "newservice.amazonaws.com is not in the event-source catalog, so the statement to"
                  + " add uses its conservative defaults")
          .contains("'ssetopic sources' lists the catalogued services")
          .containsOnlyOnce("conservative defaults");
    }

    @Test
    void aFullyGrantedPolicyHasNoFailureMessage() {
      final KeyPolicyEvaluation evaluation =
          EVALUATOR.evaluate(
              keyPolicyWith(DOCUMENTED_CLOUDWATCH),
              TOPIC,
              List.of(CLOUDWATCH.withSourceArn(ALARM_ARN)));
      assertThat(evaluation.allGranted()).isTrue();
      assertThat(evaluation.failureMessage()).isEmpty();
      assertThat(evaluation.topic()).isEqualTo(TOPIC);
    }

    @Test
    void aSingleUngrantedSourceIsNamedAsSuch() {
      assertThat(EVALUATOR.evaluate(DEFAULT_KEY_POLICY, TOPIC, List.of(S3_BUCKET)).failureMessage())
          .startsWith("The KMS key policy does not let this event source publish");
    }

    @Test
    void aKeyInAnotherAccountIsUnverifiable() {
      final KeyPolicyEvaluation evaluation =
          EVALUATOR.unverifiable(
              TOPIC, List.of(CLOUDWATCH, AUTOSCALING), "the key is in account 444455556666");
      assertThat(evaluation.sources())
          .extracting(SourceEvaluation::grant)
          .containsOnly(UNVERIFIABLE);
      assertThat(evaluation.failureMessage())
          .contains("the key policy cannot be read (the key is in account 444455556666)")
          .contains(PolicyJson.statementJson(GENERATOR.toPaste(TopicScope.of(TOPIC), AUTOSCALING)));
    }
  }
}
