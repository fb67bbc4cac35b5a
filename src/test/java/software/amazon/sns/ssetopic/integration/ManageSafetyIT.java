package software.amazon.sns.ssetopic.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.sns.ssetopic.aws.KmsKeys;

/**
 * What a stack author can make the execution role do with KeyPolicyMode Manage, on the local AWS:
 * nothing to a key whose administrators did not opt in, and nothing for another account, while
 * Verify and Skip keep working on every key.
 */
class ManageSafetyIT {

  private static final SnsClient SNS = LocalAws.sns();
  private static final KmsClient KMS = LocalAws.kms(LocalHandler.REGION);

  private final LocalHandler handler = new LocalHandler();
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);

  @AfterAll
  static void close() {
    SNS.close();
    KMS.close();
  }

  private static String policy(final String key) {
    return KMS.getKeyPolicy(r -> r.keyId(key).policyName(KmsKeys.DEFAULT_POLICY_NAME)).policy();
  }

  private boolean topicExists(final String name) {
    return SNS.listTopicsPaginator().topics().stream()
        .anyMatch(t -> t.topicArn().endsWith(":" + name));
  }

  private Map<String, Object> topic(
      final String name, final String key, final String mode, final List<?> sources) {
    final Map<String, Object> properties = new HashMap<>();
    properties.put("TopicName", name + "-" + suffix);
    properties.put("KmsMasterKeyId", key);
    properties.put("KeyPolicyMode", mode);
    properties.put("EventSources", sources);
    return properties;
  }

  @Test
  void anotherTeamsKeyCannotBeOpenedThroughManageMode() {
    final String otherTeamsKey = LocalAws.symmetricKey(KMS);
    final String before = policy(otherTeamsKey);

    final LocalHandler.Event event =
        handler.create(
            topic(
                "escalate",
                otherTeamsKey,
                "Manage",
                List.of(Map.of("ServicePrincipal", "cloudwatch.amazonaws.com"))));

    assertThat(event.status()).isEqualTo("FAILED");
    assertThat(event.errorCode()).isEqualTo("InvalidRequest");
    assertThat(event.message())
        .contains("sns-ssetopic:manage")
        .contains("aws kms tag-resource --key-id " + otherTeamsKey);
    assertThat(policy(otherTeamsKey)).isEqualTo(before);
    assertThat(topicExists("escalate-" + suffix)).isFalse();
  }

  @Test
  void manageNeverGrantsAnotherAccountEvenOnAnOptedInKey() {
    final String key = LocalAws.manageableKey(KMS);
    final String before = policy(key);

    final LocalHandler.Event event =
        handler.create(
            topic(
                "foreign",
                key,
                "Manage",
                List.of(
                    Map.of(
                        "ServicePrincipal",
                        "cloudtrail.amazonaws.com",
                        "SourceAccount",
                        "444455556666"),
                    Map.of("RoleArn", "arn:aws:iam::444455556666:role/attacker"))));

    assertThat(event.errorCode()).as(event.message()).isEqualTo("InvalidRequest");
    assertThat(event.message())
        .contains("SourceAccount '444455556666'")
        .contains("arn:aws:iam::444455556666:role/attacker");
    assertThat(policy(key)).isEqualTo(before);
    assertThat(topicExists("foreign-" + suffix)).isFalse();
  }

  @Test
  void verifyAndSkipWorkOnAKeyThatDidNotOptIn() {
    final String key = LocalAws.symmetricKey(KMS);

    final LocalHandler.Event skipped =
        handler.create(
            topic(
                "skipped",
                key,
                "Skip",
                List.of(Map.of("ServicePrincipal", "cloudwatch.amazonaws.com"))));
    final LocalHandler.Event verified = handler.create(topic("verified", key, "Verify", List.of()));

    assertThat(skipped.status()).as(skipped.message()).isEqualTo("SUCCESS");
    assertThat(verified.status()).as(verified.message()).isEqualTo("SUCCESS");
    handler.delete(skipped.model("TopicArn"));
    handler.delete(verified.model("TopicArn"));
  }

  @Test
  void badInputIsRefusedBeforeAnythingIsCreated() {
    final String key = LocalAws.symmetricKey(KMS);
    final Map<String, Object> nul = topic("nul", key, "Skip", List.of());
    nul.put("DisplayName", "Or\u0000ders");
    final Map<String, Object> reserved = topic("reserved", key, "Skip", List.of());
    reserved.put("Tags", List.of(Map.of("Key", "AWS:team", "Value", "x")));
    final Map<String, Object> partition =
        topic("partition", key.replace("arn:aws:", "arn:aws-cn:"), "Skip", List.of());

    assertThat(handler.create(nul).message())
        .contains("DisplayName contains the control character");
    assertThat(handler.create(reserved).status()).isEqualTo("FAILED");
    assertThat(handler.create(partition).message()).contains("partition aws-cn");
    assertThat(topicExists("nul-" + suffix)).isFalse();
    assertThat(topicExists("reserved-" + suffix)).isFalse();
    assertThat(topicExists("partition-" + suffix)).isFalse();
  }

  @Test
  void aTopicPolicyOverTheLimitIsRefusedOnCreate() {
    final String key = LocalAws.symmetricKey(KMS);
    final List<Map<String, Object>> alarms = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      alarms.add(
          Map.of(
              "ServicePrincipal",
              "cloudwatch.amazonaws.com",
              "SourceArn",
              "arn:aws:events:us-east-1:"
                  + LocalHandler.ACCOUNT
                  + ":rule/"
                  + "r".repeat(1500)
                  + i));
    }

    final LocalHandler.Event event = handler.create(topic("big", key, "Skip", alarms));

    assertThat(event.errorCode()).as(event.message()).isEqualTo("InvalidRequest");
    assertThat(event.message()).contains("topic policy would be");
    assertThat(topicExists("big-" + suffix)).isFalse();
  }
}
