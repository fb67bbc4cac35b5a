package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The AWS::SNS::Topic properties beyond encryption, as pure decisions (no mocks). */
class TopicParityTest {

  private static final String ARN = "arn:aws:sns:us-east-1:123456789012:orders.fifo";
  private static final String ROLE = "arn:aws:iam::123456789012:role/sns-logs";

  private static ResourceModel.ResourceModelBuilder fifo() {
    return ResourceModel.builder()
        .topicArn(ARN)
        .topicName("orders.fifo")
        .fifoTopic(true)
        .kmsMasterKeyId("alias/orders");
  }

  @Test
  void jsonDocumentsCompareByContentWhateverTheirFormOrKeyOrder() {
    assertThat(
            JsonDocuments.same(
                "{\"b\": 1, \"a\": {\"y\": 2, \"x\": 1}}",
                Map.of("a", Map.of("x", 1, "y", 2), "b", 1)))
        .isTrue();
    assertThat(JsonDocuments.same("{\"a\": 1}", Map.of("a", 2))).isFalse();
    assertThat(JsonDocuments.canonical("{}")).isEmpty();
    assertThat(JsonDocuments.toModel("")).isNull();
    assertThat(JsonDocuments.problem("ArchivePolicy", "{not json")).contains("ArchivePolicy");
    assertThat(JsonDocuments.problem("ArchivePolicy", "[1]")).contains("JSON object");
    assertThatThrownBy(() -> JsonDocuments.canonical("3"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deliveryStatusLoggingBecomesThePerProtocolAttributesAndBack() {
    final Set<LoggingConfig> configs =
        Set.of(
            LoggingConfig.builder()
                .protocol("http/s")
                .successFeedbackRoleArn(ROLE)
                .successFeedbackSampleRate("25")
                .failureFeedbackRoleArn(ROLE)
                .build(),
            LoggingConfig.builder().protocol("sqs").failureFeedbackRoleArn(ROLE).build());

    final Map<String, String> created = DeliveryStatusLogging.createAttributes(configs);
    assertThat(created)
        .containsOnly(
            Map.entry("HTTPSuccessFeedbackRoleArn", ROLE),
            Map.entry("HTTPSuccessFeedbackSampleRate", "25"),
            Map.entry("HTTPFailureFeedbackRoleArn", ROLE),
            Map.entry("SQSFailureFeedbackRoleArn", ROLE));
    assertThat(DeliveryStatusLogging.fromAttributes(created))
        .containsExactlyInAnyOrderElementsOf(configs);
    assertThat(DeliveryStatusLogging.attributes(null))
        .hasSize(15)
        .allSatisfy((k, v) -> assertThat(v).isEmpty());
  }

  @Test
  void anUpdateClearsTheLoggingOfAProtocolTheTemplateDropped() {
    final ResourceModel desired = fifo().build();
    final Map<String, String> changed =
        TopicSettings.changedAttributes(
            desired,
            Map.of(
                "KmsMasterKeyId", "alias/orders",
                "FifoTopic", "true",
                "LambdaFailureFeedbackRoleArn", ROLE));
    assertThat(changed).containsEntry("LambdaFailureFeedbackRoleArn", "");
    assertThat(changed).doesNotContainKey("SQSFailureFeedbackRoleArn");
  }

  @Test
  void archivePolicyIsComparedAsJsonAndRemovingItTurnsArchivingOff() {
    final Map<String, String> current =
        Map.of(
            "KmsMasterKeyId", "alias/orders",
            "FifoTopic", "true",
            "ArchivePolicy", "{\"MessageRetentionPeriod\":\"30\"}");
    assertThat(
            TopicSettings.changedAttributes(
                fifo().archivePolicy("{ \"MessageRetentionPeriod\" : \"30\" }").build(), current))
        .doesNotContainKey("ArchivePolicy");
    assertThat(
            TopicSettings.changedAttributes(
                fifo().archivePolicy(Map.of("MessageRetentionPeriod", "60")).build(), current))
        .containsEntry("ArchivePolicy", "{\"MessageRetentionPeriod\":\"60\"}");
    assertThat(TopicSettings.changedAttributes(fifo().build(), current))
        .containsEntry("ArchivePolicy", "{}");
  }

  @Test
  void fifoOnlyPropertiesOnAStandardTopicAreRefusedByName() {
    final ResourceModel standard =
        ResourceModel.builder()
            .topicName("orders")
            .archivePolicy(Map.of("MessageRetentionPeriod", "30"))
            .fifoThroughputScope("MessageGroup")
            .build();
    assertThat(String.join(" ", TopicSettings.problems(standard)))
        .contains("ArchivePolicy applies to FIFO topics only")
        .contains("FifoThroughputScope applies to FIFO topics only");
  }

  @Test
  void readReportsTheFifoSettingsFromTheAttributes() {
    final ResourceModel read =
        TopicSettings.fromAttributes(
            ARN,
            Map.of(
                "FifoTopic", "true",
                "FifoThroughputScope", "MessageGroup",
                "ArchivePolicy", "{\"MessageRetentionPeriod\":\"7\"}",
                "SQSSuccessFeedbackRoleArn", ROLE));
    assertThat(read.getFifoThroughputScope()).isEqualTo("MessageGroup");
    assertThat(read.getArchivePolicy()).isEqualTo(Map.of("MessageRetentionPeriod", "7"));
    assertThat(read.getDeliveryStatusLogging())
        .containsExactly(
            LoggingConfig.builder().protocol("sqs").successFeedbackRoleArn(ROLE).build());
  }

  @Test
  void subscriptionsArePlannedByProtocolAndEndpoint() {
    final Subscription queue =
        Subscription.builder().protocol("sqs").endpoint("arn:aws:sqs:us-east-1:1:q").build();
    final Subscription mail =
        Subscription.builder().protocol("email").endpoint("ops@example.com").build();
    final Subscription hook =
        Subscription.builder().protocol("https").endpoint("https://example.com/h").build();
    final ResourceModel previous =
        ResourceModel.builder().subscription(new LinkedHashSet<>(List.of(queue, mail))).build();
    final ResourceModel desired =
        ResourceModel.builder().subscription(new LinkedHashSet<>(List.of(queue, hook))).build();
    final List<Subscriptions.Listed> listed =
        List.of(
            new Subscriptions.Listed("sqs", queue.getEndpoint(), "arn:aws:sns:us-east-1:1:t:1"),
            new Subscriptions.Listed("email", mail.getEndpoint(), Subscriptions.PENDING),
            new Subscriptions.Listed("lambda", "arn:aws:lambda:us-east-1:1:function:f", "arn:x"));

    final Subscriptions.Plan plan = Subscriptions.plan(desired, previous, listed);

    assertThat(plan.toSubscribe()).containsExactly(hook);
    assertThat(plan.toUnsubscribe()).isEmpty();
    // Pending: no ARN to unsubscribe with; the lambda one was never declared here and stays.
    assertThat(plan.stuck()).extracting(Subscriptions.Listed::protocol).containsExactly("email");
    assertThat(Subscriptions.toModel(listed)).hasSize(3);
    assertThat(Subscriptions.toModel(List.of())).isNull();
  }

  @Test
  void aFirehoseSubscriptionIsRefusedForItsMissingRole() {
    final ResourceModel model =
        ResourceModel.builder()
            .topicName("orders")
            .subscription(
                Set.of(
                    Subscription.builder()
                        .protocol("firehose")
                        .endpoint("arn:aws:firehose:us-east-1:123456789012:deliverystream/s")
                        .build()))
            .build();
    assertThat(String.join(" ", TopicSettings.problems(model)))
        .contains("SubscriptionRoleArn")
        .contains("deliverystream/s")
        .contains("AWS::SNS::Subscription");
  }
}
