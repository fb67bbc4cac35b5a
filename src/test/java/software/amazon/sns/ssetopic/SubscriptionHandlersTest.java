package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyRequest;
import software.amazon.awssdk.services.sns.model.CreateTopicRequest;
import software.amazon.awssdk.services.sns.model.DeleteTopicRequest;
import software.amazon.awssdk.services.sns.model.DeleteTopicResponse;
import software.amazon.awssdk.services.sns.model.GetDataProtectionPolicyRequest;
import software.amazon.awssdk.services.sns.model.GetDataProtectionPolicyResponse;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesResponse;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicRequest;
import software.amazon.awssdk.services.sns.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.sns.model.PutDataProtectionPolicyRequest;
import software.amazon.awssdk.services.sns.model.PutDataProtectionPolicyResponse;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sns.model.SubscribeRequest;
import software.amazon.awssdk.services.sns.model.SubscribeResponse;
import software.amazon.awssdk.services.sns.model.UnsubscribeRequest;
import software.amazon.awssdk.services.sns.model.UnsubscribeResponse;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;

/** Subscriptions and the data protection policy through Create, Read and Update. */
class SubscriptionHandlersTest extends HandlerTestBase {

  private static final String QUEUE = "arn:aws:sqs:us-east-1:123456789012:orders-queue";
  private static final String MAIL = "ops@example.com";
  private static final String HOOK = "https://example.com/hook";

  private static Subscription sub(final String protocol, final String endpoint) {
    return Subscription.builder().protocol(protocol).endpoint(endpoint).build();
  }

  private static Set<Subscription> subs(final Subscription... subscriptions) {
    return new LinkedHashSet<>(List.of(subscriptions));
  }

  private void keyIsEnabled() {
    when(kms.describeKey(any(software.amazon.awssdk.services.kms.model.DescribeKeyRequest.class)))
        .thenReturn(key(software.amazon.awssdk.services.kms.model.KeyState.ENABLED));
  }

  private void subscribeAnswers() {
    keyIsEnabled();
    when(sns.subscribe(any(SubscribeRequest.class)))
        .thenReturn(SubscribeResponse.builder().subscriptionArn(QUEUE + ":sub").build());
  }

  private void topicIs(final String... attributes) {
    when(sns.getTopicAttributes(any(GetTopicAttributesRequest.class)))
        .thenReturn(
            GetTopicAttributesResponse.builder().attributes(attributes(attributes)).build());
  }

  @Test
  void createSubscribesEachDeclaredPairAfterTheTopic() {
    topicIsCreatedByThisRequest();
    subscribeAnswers();
    final ResourceModel model =
        ResourceModel.builder()
            .topicName("orders")
            .kmsMasterKeyId(KEY_ARN)
            .subscription(subs(sub("sqs", QUEUE), sub("email", MAIL)))
            .build();

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new CreateHandler(), request(model));

    assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
    final ArgumentCaptor<SubscribeRequest> calls = ArgumentCaptor.forClass(SubscribeRequest.class);
    verify(sns, times(2)).subscribe(calls.capture());
    assertThat(calls.getAllValues())
        .extracting(SubscribeRequest::protocol, SubscribeRequest::endpoint)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("sqs", QUEUE),
            org.assertj.core.groups.Tuple.tuple("email", MAIL));
    assertThat(calls.getAllValues()).allMatch(r -> r.topicArn().equals(TOPIC_ARN));
    verify(sns).createTopic(any(CreateTopicRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void aCreateCalledAgainDoesNotSubscribeWhatItAlreadySubscribed() {
    topicIsCreatedByThisRequest();
    subscribeAnswers();
    final CallbackContext context = new CallbackContext();
    context.setCreationToken(CLIENT_TOKEN);
    context.setTopicCreated(true);
    context.getSubscribed().add(Subscriptions.key("sqs", QUEUE));
    final ResourceModel model =
        ResourceModel.builder()
            .topicName("orders")
            .kmsMasterKeyId(KEY_ARN)
            .subscription(subs(sub("sqs", QUEUE), sub("email", MAIL)))
            .build();

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new CreateHandler(), request(model), context);

    assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
    final ArgumentCaptor<SubscribeRequest> calls = ArgumentCaptor.forClass(SubscribeRequest.class);
    verify(sns, times(1)).subscribe(calls.capture());
    assertThat(calls.getValue().endpoint()).isEqualTo(MAIL);
    verify(sns, never()).createTopic(any(CreateTopicRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void aSubscribeRefusedAfterTheTopicExistsDeletesTheTopicWithItsSubscriptions() {
    topicIsCreatedByThisRequest();
    keyIsEnabled();
    when(sns.subscribe(any(SubscribeRequest.class)))
        .thenReturn(SubscribeResponse.builder().subscriptionArn(QUEUE + ":sub").build())
        .thenThrow(
            SnsException.builder()
                .statusCode(400)
                .message("Invalid parameter: Endpoint")
                .awsErrorDetails(
                    software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                        .errorCode("InvalidParameter")
                        .errorMessage("Invalid parameter: Endpoint")
                        .build())
                .build());
    when(sns.deleteTopic(any(DeleteTopicRequest.class)))
        .thenReturn(DeleteTopicResponse.builder().build());
    final ResourceModel model =
        ResourceModel.builder()
            .topicName("orders")
            .kmsMasterKeyId(KEY_ARN)
            .subscription(subs(sub("sqs", QUEUE), sub("https", HOOK)))
            .build();

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new CreateHandler(), request(model));

    assertThat(event.getStatus()).isEqualTo(OperationStatus.FAILED);
    assertThat(event.getMessage())
        .contains("Subscribe https " + HOOK)
        .contains("subscribed sqs " + QUEUE)
        .contains("deleted again");
    verify(sns).deleteTopic(any(DeleteTopicRequest.class));
    assertThat(event.getResourceModel().getTopicArn()).isNull();
    verify(sns).createTopic(any(CreateTopicRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(sns, times(2)).subscribe(any(SubscribeRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
    verify(kms).getKeyPolicy(any(GetKeyPolicyRequest.class));
  }

  @Test
  void readReportsEverySubscriptionOnEveryPagePendingOnesIncluded() {
    topicIs("KmsMasterKeyId", KEY_ARN);
    topicTags();
    topicSubscriptions(
        new String[] {"sqs", QUEUE, QUEUE + ":1"},
        new String[] {"email", MAIL, Subscriptions.PENDING});

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new ReadHandler(), request(ResourceModel.builder().topicArn(TOPIC_ARN).build()));

    assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(event.getResourceModel().getSubscription())
        .containsExactlyInAnyOrder(sub("sqs", QUEUE), sub("email", MAIL));
    verify(sns, times(2)).listSubscriptionsByTopic(any(ListSubscriptionsByTopicRequest.class));
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
  }

  @Test
  void readReportsTheDataProtectionPolicyAsAnObject() {
    topicIs("KmsMasterKeyId", KEY_ARN);
    topicTags();
    when(sns.getDataProtectionPolicy(any(GetDataProtectionPolicyRequest.class)))
        .thenReturn(
            GetDataProtectionPolicyResponse.builder()
                .dataProtectionPolicy("{\"Name\":\"p\",\"Version\":\"2021-06-01\"}")
                .build());

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new ReadHandler(), request(ResourceModel.builder().topicArn(TOPIC_ARN).build()));

    assertThat(event.getResourceModel().getDataProtectionPolicy())
        .isEqualTo(Map.of("Name", "p", "Version", "2021-06-01"));
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
  }

  @Test
  void updateAddsTheNewPairRemovesTheGoneOneAndKeepsTheRest() {
    topicIs("KmsMasterKeyId", KEY_ARN);
    topicTags(TopicTags.CREATION_TOKEN, CLIENT_TOKEN);
    topicSubscriptions(
        new String[] {
          "sqs", QUEUE, QUEUE + ":1",
          "email", MAIL, "arn:aws:sns:us-east-1:123456789012:orders:2",
          "lambda", "arn:aws:lambda:us-east-1:123456789012:function:other", "arn:aws:sns:x:3"
        });
    subscribeAnswers();
    when(sns.unsubscribe(any(UnsubscribeRequest.class)))
        .thenReturn(UnsubscribeResponse.builder().build());
    final ResourceModel previous =
        ResourceModel.builder()
            .topicArn(TOPIC_ARN)
            .kmsMasterKeyId(KEY_ARN)
            .subscription(subs(sub("sqs", QUEUE), sub("email", MAIL)))
            .build();
    final ResourceModel desired =
        ResourceModel.builder()
            .topicArn(TOPIC_ARN)
            .kmsMasterKeyId(KEY_ARN)
            .subscription(subs(sub("sqs", QUEUE), sub("https", HOOK)))
            .build();

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new UpdateHandler(), request(desired, previous));

    assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
    final ArgumentCaptor<UnsubscribeRequest> gone =
        ArgumentCaptor.forClass(UnsubscribeRequest.class);
    verify(sns).unsubscribe(gone.capture());
    // The lambda subscription was never declared here (an AWS::SNS::Subscription): it stays.
    assertThat(gone.getValue().subscriptionArn())
        .isEqualTo("arn:aws:sns:us-east-1:123456789012:orders:2");
    final ArgumentCaptor<SubscribeRequest> added = ArgumentCaptor.forClass(SubscribeRequest.class);
    verify(sns).subscribe(added.capture());
    assertThat(added.getValue().endpoint()).isEqualTo(HOOK);
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
  }

  @Test
  void anUpdateWithoutSubscriptionsBeforeOrNowMakesNoSubscriptionCall() {
    topicIs("KmsMasterKeyId", KEY_ARN);
    topicTags(TopicTags.CREATION_TOKEN, CLIENT_TOKEN);
    final ResourceModel model =
        ResourceModel.builder().topicArn(TOPIC_ARN).kmsMasterKeyId(KEY_ARN).build();

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new UpdateHandler(), request(model, model));

    assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
    verify(sns, never()).listSubscriptionsByTopic(any(ListSubscriptionsByTopicRequest.class));
    verify(sns, never()).getDataProtectionPolicy(any(GetDataProtectionPolicyRequest.class));
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
  }

  @Test
  void updatePutsTheDataProtectionPolicyOnlyWhenItDiffers() {
    topicIs("KmsMasterKeyId", KEY_ARN);
    topicTags(TopicTags.CREATION_TOKEN, CLIENT_TOKEN);
    when(sns.getDataProtectionPolicy(any(GetDataProtectionPolicyRequest.class)))
        .thenReturn(
            GetDataProtectionPolicyResponse.builder()
                .dataProtectionPolicy("{\"Version\":\"2021-06-01\",\"Name\":\"p\"}")
                .build());
    when(sns.putDataProtectionPolicy(any(PutDataProtectionPolicyRequest.class)))
        .thenReturn(PutDataProtectionPolicyResponse.builder().build());
    final ResourceModel same =
        ResourceModel.builder()
            .topicArn(TOPIC_ARN)
            .kmsMasterKeyId(KEY_ARN)
            .dataProtectionPolicy("{\"Name\": \"p\", \"Version\": \"2021-06-01\"}")
            .build();

    assertThat(run(new UpdateHandler(), request(same, same)).getStatus())
        .isEqualTo(OperationStatus.SUCCESS);
    verify(sns, never()).putDataProtectionPolicy(any(PutDataProtectionPolicyRequest.class));

    final ResourceModel changed =
        same.toBuilder().dataProtectionPolicy(Map.of("Name", "q", "Version", "2021-06-01")).build();
    assertThat(run(new UpdateHandler(), request(changed, same)).getStatus())
        .isEqualTo(OperationStatus.SUCCESS);
    final ArgumentCaptor<PutDataProtectionPolicyRequest> put =
        ArgumentCaptor.forClass(PutDataProtectionPolicyRequest.class);
    verify(sns).putDataProtectionPolicy(put.capture());
    assertThat(put.getValue().dataProtectionPolicy())
        .isEqualTo("{\"Name\":\"q\",\"Version\":\"2021-06-01\"}");
    verify(sns, times(2)).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns, times(2)).listTagsForResource(any(ListTagsForResourceRequest.class));
  }
}
