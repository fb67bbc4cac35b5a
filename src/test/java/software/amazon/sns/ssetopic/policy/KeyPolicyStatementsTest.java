package software.amazon.sns.ssetopic.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.sns.ssetopic.policy.Fixtures.ACCOUNT;
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
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

class KeyPolicyStatementsTest {
  private final KeyPolicyStatements generator = KeyPolicyStatements.standard();

  /** One row per source family: the source and the statement expected, Sid aside. */
  static Stream<Arguments> families() {
    return Stream.of(
        Arguments.of(
            "CloudWatch alarm, topic's account by default",
            CLOUDWATCH,
            """
            {"Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"},
             "Action": ["kms:GenerateDataKey*", "kms:Decrypt"], "Resource": "*",
             "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012",
                                            "kms:EncryptionContext:aws:sns:topicArn":
                               "arn:aws:sns:us-east-1:123456789012:alerts"}}}
            """),
        Arguments.of(
            "CloudWatch alarm with alarm ARN",
            CLOUDWATCH.withSourceArn("arn:aws:cloudwatch:us-east-1:123456789012:alarm:*"),
            """
            {"Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"},
             "Action": ["kms:GenerateDataKey*", "kms:Decrypt"], "Resource": "*",
             "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012",
                                            "kms:EncryptionContext:aws:sns:topicArn":
                               "arn:aws:sns:us-east-1:123456789012:alerts"},
                           "ArnLike": {"aws:SourceArn":
                               "arn:aws:cloudwatch:us-east-1:123456789012:alarm:*"}}}
            """),
        Arguments.of(
            "EventBridge: no source keys, scoped to the topic by encryption context",
            EVENTBRIDGE,
            """
            {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
             "Action": ["kms:GenerateDataKey*", "kms:Decrypt"], "Resource": "*",
             "Condition": {"StringEquals": {"kms:EncryptionContext:aws:sns:topicArn":
                 "arn:aws:sns:us-east-1:123456789012:alerts"}}}
            """),
        Arguments.of(
            "S3 with the bucket ARN",
            S3_BUCKET,
            """
            {"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
             "Action": ["kms:GenerateDataKey*", "kms:Decrypt"], "Resource": "*",
             "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012",
                                            "kms:EncryptionContext:aws:sns:topicArn":
                               "arn:aws:sns:us-east-1:123456789012:alerts"},
                           "ArnLike": {"aws:SourceArn": "arn:aws:s3:::incoming-orders"}}}
            """),
        Arguments.of(
            "S3 bucket owned by another account",
            S3_BUCKET.withSourceAccount("444455556666"),
            """
            {"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
             "Action": ["kms:GenerateDataKey*", "kms:Decrypt"], "Resource": "*",
             "Condition": {"StringEquals": {"aws:SourceAccount": "444455556666",
                                            "kms:EncryptionContext:aws:sns:topicArn":
                               "arn:aws:sns:us-east-1:123456789012:alerts"},
                           "ArnLike": {"aws:SourceArn": "arn:aws:s3:::incoming-orders"}}}
            """),
        Arguments.of(
            "Auto Scaling service-linked role: an AWS principal scoped to the topic",
            AUTOSCALING,
            """
            {"Effect": "Allow",
             "Principal": {"AWS": "arn:aws:iam::123456789012:role/aws-service-role/\
            autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"},
             "Action": ["kms:GenerateDataKey*", "kms:Decrypt"], "Resource": "*",
             "Condition": {"StringEquals": {"kms:EncryptionContext:aws:sns:topicArn":
                 "arn:aws:sns:us-east-1:123456789012:alerts"}}}
            """),
        Arguments.of(
            "CodeStar Notifications through SNS in the topic's region",
            CODESTAR,
            """
            {"Effect": "Allow", "Principal": {"Service": "codestar-notifications.amazonaws.com"},
             "Action": ["kms:GenerateDataKey*", "kms:Decrypt"], "Resource": "*",
             "Condition": {"StringEquals": {"kms:ViaService": "sns.us-east-1.amazonaws.com",
                                            "kms:EncryptionContext:aws:sns:topicArn":
                               "arn:aws:sns:us-east-1:123456789012:alerts"}}}
            """),
        Arguments.of(
            "EventBridge in the China regions: the same entry, no source keys",
            EventSource.service("events.amazonaws.com.cn"),
            """
            {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com.cn"},
             "Action": ["kms:GenerateDataKey*", "kms:Decrypt"], "Resource": "*",
             "Condition": {"StringEquals": {"kms:EncryptionContext:aws:sns:topicArn":
                 "arn:aws:sns:us-east-1:123456789012:alerts"}}}
            """),
        Arguments.of(
            "Incident Manager: the IfExists operators it documents",
            EventSource.service("ssm-incidents.amazonaws.com")
                .withSourceArn("arn:aws:ssm-incidents::123456789012:response-plan/*"),
            """
            {"Effect": "Allow", "Principal": {"Service": "ssm-incidents.amazonaws.com"},
             "Action": ["kms:GenerateDataKey*", "kms:Decrypt"], "Resource": "*",
             "Condition": {
                 "StringEqualsIfExists": {"aws:SourceAccount": "123456789012"},
                 "ArnLikeIfExists": {"aws:SourceArn":
                     "arn:aws:ssm-incidents::123456789012:response-plan/*"},
                 "StringEquals": {"kms:EncryptionContext:aws:sns:topicArn":
                     "arn:aws:sns:us-east-1:123456789012:alerts"}}}
            """),
        Arguments.of(
            "unknown service: conservative source-account condition",
            UNKNOWN_SERVICE,
            """
            {"Effect": "Allow", "Principal": {"Service": "newservice.amazonaws.com"},
             "Action": ["kms:GenerateDataKey*", "kms:Decrypt"], "Resource": "*",
             "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012",
                                            "kms:EncryptionContext:aws:sns:topicArn":
                               "arn:aws:sns:us-east-1:123456789012:alerts"}}}
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void generatesTheStatementEachFamilySupports(
      final String family, final EventSource source, final String expected) {
    final IamStatement statement = generator.forSource(TOPIC, source);
    final JsonNode json = tree(PolicyJson.statementJson(statement));
    final JsonNode withoutSid = ((ObjectNode) json.deepCopy()).without("Sid");
    assertThat(withoutSid).as(family).isEqualTo(tree(expected));
    assertThat(statement.sid())
        .startsWith(StatementIds.topicPrefix(TOPIC))
        .matches("^[A-Za-z0-9]+$");
  }

  @Test
  void neverWritesAWildcardPrincipal() {
    final List<EventSource> all =
        List.of(CLOUDWATCH, EVENTBRIDGE, S3_BUCKET, CODESTAR, UNKNOWN_SERVICE, AUTOSCALING);
    for (final IamStatement statement : generator.forSources(TOPIC, all)) {
      assertThat(statement.principals()).hasSize(1);
      assertThat(statement.principals().get(0).id()).isNotEqualTo("*");
    }
  }

  @Test
  void collapsesDuplicateSourcesAndKeepsOrder() {
    final List<IamStatement> statements =
        generator.forSources(TOPIC, List.of(S3_BUCKET, CLOUDWATCH, S3_BUCKET));
    assertThat(statements).hasSize(2);
    assertThat(statements.get(0).principals().get(0).id()).isEqualTo("s3.amazonaws.com");
  }

  @Test
  void asPolicyWritesAListForSeveralStatementsAndAnObjectForOne() {
    final IamPolicy two = generator.asPolicy(TOPIC, List.of(CLOUDWATCH, EVENTBRIDGE));
    assertThat(tree(two.toJson()).get("Statement").isArray()).isTrue();
    // The SDK writes a lone statement as an object: readers must accept both.
    final IamPolicy one = generator.asPolicy(TOPIC, List.of(CLOUDWATCH));
    assertThat(tree(one.toJson()).get("Statement").isObject()).isTrue();
    assertThat(generator.catalog()).isSameAs(EventSourceCatalog.standard());
    assertThat(ACCOUNT).isEqualTo(TOPIC.account());
  }
}
