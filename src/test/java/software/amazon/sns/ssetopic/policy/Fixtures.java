package software.amazon.sns.ssetopic.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.sns.ssetopic.fixtures.KeyPolicies;
import software.amazon.sns.ssetopic.fixtures.TestAccounts;

/** Topics, sources and key policies as they look in real accounts. */
final class Fixtures {
  static final String ACCOUNT = TestAccounts.ACCOUNT;
  static final String OTHER_ACCOUNT = TestAccounts.OTHER_ACCOUNT;
  static final TopicArn TOPIC = TopicArn.of("arn:aws:sns:us-east-1:" + ACCOUNT + ":alerts");
  static final TopicArn OTHER_TOPIC = TopicArn.of("arn:aws:sns:us-east-1:" + ACCOUNT + ":billing");
  static final String KEY_ARN =
      "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";

  static final EventSource CLOUDWATCH = EventSource.service("cloudwatch.amazonaws.com");
  static final EventSource EVENTBRIDGE = EventSource.service("events.amazonaws.com");
  static final EventSource S3_BUCKET =
      EventSource.service("s3.amazonaws.com").withSourceArn("arn:aws:s3:::incoming-orders");
  static final EventSource CODESTAR = EventSource.service("codestar-notifications.amazonaws.com");
  static final EventSource UNKNOWN_SERVICE = EventSource.service("newservice.amazonaws.com");
  static final String AUTOSCALING_ROLE_ARN =
      "arn:aws:iam::"
          + ACCOUNT
          + ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";
  static final EventSource AUTOSCALING = EventSource.role(AUTOSCALING_ROLE_ARN);

  /** The key policy KMS creates by default: the account root may do everything. */
  static final String DEFAULT_KEY_POLICY = KeyPolicies.rootOnly();

  /** Keeps numbers as written (1.50 stays 1.50), so fixtures can test that the editor does too. */
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private Fixtures() {}

  static JsonNode tree(final String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A key policy: the default root statement followed by the given statements (JSON objects). */
  static String keyPolicyWith(final String... statements) {
    final ObjectNode policy = (ObjectNode) tree(DEFAULT_KEY_POLICY);
    final ArrayNode list = (ArrayNode) policy.get("Statement");
    for (final String statement : statements) {
      list.add(tree(statement));
    }
    return policy.toString();
  }

  /** A policy holding just these statements (JSON objects). */
  static String policyOf(final String... statements) {
    final ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
    final ArrayNode list = policy.putArray("Statement");
    for (final String statement : statements) {
      list.add(tree(statement));
    }
    return policy.toString();
  }
}
