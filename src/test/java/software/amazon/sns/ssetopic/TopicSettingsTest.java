package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicSettingsTest {

  private static final String ARN = "arn:aws:sns:us-east-1:123456789012:orders";

  @Test
  void aConsistentModelHasNoProblems() {
    assertThat(TopicSettings.problems(ResourceModel.builder().topicName("orders").build()))
        .isEmpty();
    assertThat(
            TopicSettings.problems(
                ResourceModel.builder()
                    .topicName("orders.fifo")
                    .fifoTopic(true)
                    .contentBasedDeduplication(true)
                    .kmsMasterKeyId("alias/orders")
                    .build()))
        .isEmpty();
  }

  @Test
  void namesEachInconsistencyAndItsFix() {
    assertThat(
            TopicSettings.problems(
                ResourceModel.builder().topicName("orders").fifoTopic(true).build()))
        .singleElement()
        .asString()
        .contains("'orders'")
        .contains("must end in .fifo");
    assertThat(
            TopicSettings.problems(
                ResourceModel.builder()
                    .contentBasedDeduplication(true)
                    .kmsMasterKeyId("x y")
                    .build()))
        .hasSize(2);
  }

  @Test
  void refusesASourceThatCannotWorkWithAnEncryptedTopicUnlessKeyPolicyModeIsSkip() {
    final EventSource elastiCache =
        EventSource.builder().servicePrincipal("elasticache.amazonaws.com").build();
    for (final String mode : new String[] {null, "Verify", "Manage"}) {
      assertThat(
              TopicSettings.problems(
                  ResourceModel.builder()
                      .kmsMasterKeyId("alias/orders")
                      .keyPolicyMode(mode)
                      .eventSources(Set.of(elastiCache))
                      .build()))
          .as(String.valueOf(mode))
          .singleElement()
          .asString()
          .contains("elasticache.amazonaws.com (Amazon ElastiCache event notifications) is refused")
          .contains("https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ElastiCacheSNS.html")
          .contains("KeyPolicyMode: Skip");
    }
    assertThat(
            TopicSettings.problems(
                ResourceModel.builder()
                    .kmsMasterKeyId("alias/orders")
                    .keyPolicyMode("Skip")
                    .eventSources(Set.of(elastiCache))
                    .build()))
        .isEmpty();
  }

  @Test
  void refusesSourceArnForEventBridgeInEveryMode() {
    final EventSource rule =
        EventSource.builder()
            .servicePrincipal("events.amazonaws.com")
            .sourceArn("arn:aws:events:us-east-1:123456789012:rule/orders")
            .build();
    for (final String mode : new String[] {"Verify", "Manage", "Skip"}) {
      assertThat(
              TopicSettings.problems(
                  ResourceModel.builder()
                      .kmsMasterKeyId("alias/orders")
                      .keyPolicyMode(mode)
                      .eventSources(Set.of(rule))
                      .build()))
          .as(mode)
          .singleElement()
          .asString()
          .contains("events.amazonaws.com (Amazon EventBridge rules")
          .contains("has SourceArn or SourceAccount");
    }
  }

  @Test
  void generatedNamesFitSnsLimits() {
    final String longLogicalId = "L".repeat(300);
    final String standard =
        TopicSettings.nameFor(new ResourceModel(), null, longLogicalId, "token");
    final String fifo =
        TopicSettings.nameFor(
            ResourceModel.builder().fifoTopic(true).build(),
            "arn:aws:cloudformation:us-east-1:123456789012:stack/shop/guid",
            "Topic",
            "token");
    assertThat(standard).hasSizeLessThanOrEqualTo(256).matches("^[A-Za-z0-9_-]+$");
    assertThat(fifo).hasSizeLessThanOrEqualTo(256).endsWith(".fifo").contains("shop");
    assertThat(TopicSettings.nameFor(new ResourceModel(), null, null, "token"))
        .startsWith("SSETopic");
    assertThat(
            TopicSettings.nameFor(
                ResourceModel.builder().topicName("given").build(), null, "X", "t"))
        .isEqualTo("given");
  }

  @Test
  void changedAttributesTreatsMissingAttributesAsSnsDefaults() {
    final ResourceModel desired =
        ResourceModel.builder().topicArn(ARN).kmsMasterKeyId("alias/aws/sns").build();
    assertThat(TopicSettings.changedAttributes(desired, Map.of())).isEmpty();
    assertThat(
            TopicSettings.changedAttributes(
                ResourceModel.builder()
                    .topicArn(ARN)
                    .fifoTopic(true)
                    .contentBasedDeduplication(true)
                    .build(),
                Map.of("FifoTopic", "true", "ContentBasedDeduplication", "false")))
        .containsExactly(Map.entry("ContentBasedDeduplication", "true"));
  }

  @Test
  void readsTheModelFromAttributes() {
    final ResourceModel model =
        TopicSettings.fromAttributes(
            "arn:aws:sns:us-east-1:123456789012:orders.fifo",
            Map.of(
                "FifoTopic", "true", "ContentBasedDeduplication", "false", "KmsMasterKeyId", ""));
    assertThat(model.getTopicName()).isEqualTo("orders.fifo");
    assertThat(model.getFifoTopic()).isTrue();
    assertThat(model.getContentBasedDeduplication()).isFalse();
    assertThat(model.getKmsMasterKeyId()).isNull();
  }

  @Test
  void buildsTopicArns() {
    assertThat(TopicSettings.arnOf("aws-cn", "cn-north-1", "123456789012", "t"))
        .isEqualTo("arn:aws-cn:sns:cn-north-1:123456789012:t");
  }
}
