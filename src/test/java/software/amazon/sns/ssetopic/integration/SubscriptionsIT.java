package software.amazon.sns.ssetopic.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.sns.ssetopic.aws.KmsKeys;
import software.amazon.sns.ssetopic.fixtures.KeyPolicies;

/**
 * Subscriptions through the production entrypoint on the local AWS: created with the topic,
 * converged on update, read back; and Verify mode refusing a queue whose key SNS cannot use.
 */
class SubscriptionsIT {

  private final LocalHandler handler = new LocalHandler();
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);

  private String queue(final SqsClient sqs, final String name, final String kmsKey) {
    final Map<QueueAttributeName, String> attributes = new HashMap<>();
    if (kmsKey != null) {
      attributes.put(QueueAttributeName.KMS_MASTER_KEY_ID, kmsKey);
    }
    final String url =
        sqs.createQueue(r -> r.queueName(name + "-" + suffix).attributes(attributes)).queueUrl();
    return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes()
        .get(QueueAttributeName.QUEUE_ARN);
  }

  private static Map<String, Object> sub(final String protocol, final String endpoint) {
    return Map.of("Protocol", protocol, "Endpoint", endpoint);
  }

  @Test
  void subscriptionsAreCreatedConvergedReadBackAndGoWithTheTopic() {
    try (SnsClient sns = LocalAws.sns();
        SqsClient sqs = LocalAws.sqs()) {
      final String key = LocalAws.symmetricKey(LocalAws.kms(LocalHandler.REGION));
      final String plain = queue(sqs, "plain", null);
      final Map<String, Object> desired = new HashMap<>();
      desired.put("TopicName", "subscribed-" + suffix);
      desired.put("KmsMasterKeyId", key);
      desired.put("Subscription", List.of(sub("sqs", plain), sub("email", "ops@example.com")));

      final LocalHandler.Event created = handler.create(desired);
      assertThat(created.status()).as(created.message()).isEqualTo("SUCCESS");
      final String arn = created.model("TopicArn");
      assertThat(sns.listSubscriptionsByTopic(r -> r.topicArn(arn)).subscriptions())
          .extracting(s -> s.protocol() + " " + s.endpoint())
          .containsExactlyInAnyOrder("sqs " + plain, "email ops@example.com");

      final Map<String, Object> previous = new HashMap<>(desired);
      previous.put("TopicArn", arn);
      final Map<String, Object> next = new HashMap<>(previous);
      next.put(
          "Subscription",
          List.of(sub("email", "ops@example.com"), sub("https", "https://x.test/h")));
      final LocalHandler.Event updated = handler.update(next, previous);
      assertThat(updated.status()).as(updated.message()).isEqualTo("SUCCESS");
      assertThat(handler.read(arn).model().path("Subscription"))
          .extracting(n -> n.path("Protocol").asText() + " " + n.path("Endpoint").asText())
          .containsExactlyInAnyOrder("email ops@example.com", "https https://x.test/h");

      assertThat(handler.delete(arn).status()).isEqualTo("SUCCESS");
      assertThat(sns.listSubscriptions().subscriptions()).noneMatch(s -> arn.equals(s.topicArn()));
    }
  }

  @Test
  void verifyRefusesAQueueWhoseKeySnsCannotUseNamingQueueKeyAndStatement() {
    try (SnsClient sns = LocalAws.sns();
        SqsClient sqs = LocalAws.sqs()) {
      final KmsClient kms = LocalAws.kms(LocalHandler.REGION);
      final String topicKey = LocalAws.symmetricKey(kms);
      final String queueKey = LocalAws.symmetricKey(kms);
      final String encrypted = queue(sqs, "encrypted", queueKey);
      final String managed = queue(sqs, "managed", "alias/aws/sqs");
      final Map<String, Object> desired = new HashMap<>();
      desired.put("TopicName", "refused-" + suffix);
      desired.put("KmsMasterKeyId", topicKey);
      desired.put("Subscription", List.of(sub("sqs", encrypted)));

      final LocalHandler.Event refused = handler.create(desired);
      assertThat(refused.errorCode()).isEqualTo("InvalidRequest");
      assertThat(refused.message())
          .contains(encrypted)
          .contains(queueKey)
          .contains("sns.amazonaws.com")
          .contains("kms:GenerateDataKey*");
      final String topicArn =
          "arn:aws:sns:us-east-1:" + LocalHandler.ACCOUNT + ":refused-" + suffix;
      assertThat(sns.listTopics().topics()).noneMatch(t -> t.topicArn().equals(topicArn));

      desired.put("Subscription", List.of(sub("sqs", managed)));
      final LocalHandler.Event managedRefused = handler.create(desired);
      assertThat(managedRefused.errorCode()).isEqualTo("InvalidRequest");
      assertThat(managedRefused.message()).contains(managed).contains("alias/aws/sqs");

      // Once the queue's key lets SNS use it, the same template deploys.
      final String statement =
          "{\"Sid\":\"Sns\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sns.amazonaws.com\"},"
              + "\"Action\":[\"kms:GenerateDataKey*\",\"kms:Decrypt\"],\"Resource\":\"*\"}";
      kms.putKeyPolicy(
          r ->
              r.keyId(queueKey)
                  .policyName(KmsKeys.DEFAULT_POLICY_NAME)
                  .policy(KeyPolicies.rootOnlyWith(statement)));
      desired.put("Subscription", List.of(sub("sqs", encrypted)));
      final LocalHandler.Event created = handler.create(desired);
      assertThat(created.status()).as(created.message()).isEqualTo("SUCCESS");
      assertThat(handler.delete(created.model("TopicArn")).status()).isEqualTo("SUCCESS");
    }
  }
}
