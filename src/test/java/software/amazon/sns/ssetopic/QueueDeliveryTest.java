package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.sns.ssetopic.fixtures.KeyPolicies;
import software.amazon.sns.ssetopic.policy.TopicArn;

/** Whether SNS can deliver to an encrypted queue, decided from the key policy alone. */
class QueueDeliveryTest {

  private static final TopicArn TOPIC = TopicArn.of("arn:aws:sns:us-east-1:123456789012:orders");
  private static final String QUEUE = "arn:aws:sqs:us-east-1:123456789012:orders-queue";
  private static final String KEY =
      "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  @Test
  void aKeyPolicyThatLetsSnsUseTheKeyDelivers() {
    final String sns =
        "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sns.amazonaws.com\"},"
            + "\"Action\":[\"kms:GenerateDataKey*\",\"kms:Decrypt\"],\"Resource\":\"*\"}";
    assertThat(QueueDelivery.keyPolicyProblem(QUEUE, KEY, KeyPolicies.rootOnlyWith(sns), TOPIC))
        .isEmpty();
  }

  @Test
  void aKeyPolicyWithoutSnsIsRefusedNamingQueueKeyAndTheStatementToAdd() {
    assertThat(QueueDelivery.keyPolicyProblem(QUEUE, KEY, KeyPolicies.rootOnly(), TOPIC))
        .hasValueSatisfying(
            problem ->
                assertThat(problem)
                    .contains(QUEUE)
                    .contains(KEY)
                    .contains("\"Service\":\"sns.amazonaws.com\"")
                    .contains("kms:GenerateDataKey*")
                    .contains(TOPIC.value()));
  }

  @Test
  void theAwsManagedSqsKeyNeverDelivers() {
    assertThat(QueueDelivery.managedKeyProblem(QUEUE, "alias/aws/sqs"))
        .hasValueSatisfying(p -> assertThat(p).contains(QUEUE).contains("alias/aws/sqs"));
    assertThat(QueueDelivery.managedKeyProblem(QUEUE, KEY)).isEmpty();
  }

  @Test
  void onlySqsEndpointsAreChecked() {
    final ResourceModel model =
        ResourceModel.builder()
            .subscription(
                Set.of(
                    Subscription.builder().protocol("sqs").endpoint(QUEUE).build(),
                    Subscription.builder().protocol("email").endpoint("a@example.com").build()))
            .build();
    assertThat(QueueDelivery.sqsEndpoints(model)).isEqualTo(List.of(QUEUE));
    assertThat(QueueDelivery.Queue.of(QUEUE))
        .hasValue(new QueueDelivery.Queue(QUEUE, "123456789012", "orders-queue"));
    assertThat(QueueDelivery.Queue.of("https://sqs.us-east-1.amazonaws.com/1/q")).isEmpty();
  }
}
