package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.sns.model.CreateTopicRequest;
import software.amazon.awssdk.services.sns.model.CreateTopicResponse;
import software.amazon.awssdk.services.sns.model.DeleteTopicRequest;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.ListTagsForResourceRequest;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

class CreateHandlerTest extends HandlerTestBase {

  private final CreateHandler handler = new CreateHandler();

  private ResourceModel.ResourceModelBuilder orders() {
    return ResourceModel.builder()
        .topicName("orders")
        .displayName("Orders")
        .kmsMasterKeyId(ALIAS)
        .tags(Set.of(new Tag("team", "payments")));
  }

  private void nameIsFree() {
    when(sns.listTagsForResource(any(ListTagsForResourceRequest.class)))
        .thenThrow(snsError("NotFound", 404));
  }

  private void topicIsCreated() {
    topicIsCreatedByThisRequest();
  }

  @Test
  void createsTheTopicWithItsKeyAttributesAndTagsInOneCall() {
    when(kms.describeKey(any(DescribeKeyRequest.class))).thenReturn(key(KeyState.ENABLED));
    topicIsCreated();
    final ResourceHandlerRequest<ResourceModel> request = request(orders().build());
    request.setSystemTags(Map.of("aws:cloudformation:stack-name", "shop"));

    final ProgressEvent<ResourceModel, CallbackContext> event = run(handler, request);

    assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(event.getResourceModel().getTopicArn()).isEqualTo(TOPIC_ARN);
    assertThat(event.getResourceModel().getKmsKeyArn()).isEqualTo(KEY_ARN);
    assertThat(event.getResourceModel().getKmsMasterKeyId()).isEqualTo(ALIAS);
    final ArgumentCaptor<CreateTopicRequest> created =
        ArgumentCaptor.forClass(CreateTopicRequest.class);
    verify(sns).createTopic(created.capture());
    assertThat(created.getValue().name()).isEqualTo("orders");
    assertThat(created.getValue().attributes())
        .containsEntry("KmsMasterKeyId", ALIAS)
        .containsEntry("DisplayName", "Orders")
        .doesNotContainKey("FifoTopic");
    assertThat(created.getValue().tags())
        .extracting(t -> t.key() + "=" + t.value())
        .containsExactlyInAnyOrder(
            "team=payments",
            "aws:cloudformation:stack-name=shop",
            TopicTags.CREATION_TOKEN + "=" + CLIENT_TOKEN);
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void confirmsOwnershipAtTheArnSnsWouldGiveIt() {
    when(kms.describeKey(any(DescribeKeyRequest.class))).thenReturn(key(KeyState.ENABLED));
    topicIsCreated();

    run(handler, request(orders().build()));

    final ArgumentCaptor<ListTagsForResourceRequest> checked =
        ArgumentCaptor.forClass(ListTagsForResourceRequest.class);
    verify(sns).listTagsForResource(checked.capture());
    assertThat(checked.getValue().resourceArn()).isEqualTo(TOPIC_ARN);
    verify(sns, never()).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns).createTopic(any(CreateTopicRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void aCreateTopicWhoseAnswerWasLostIsSettledByTheTopicsTags() {
    when(kms.describeKey(any(DescribeKeyRequest.class))).thenReturn(key(KeyState.ENABLED));
    when(sns.createTopic(any(CreateTopicRequest.class)))
        .thenThrow(
            SdkClientException.builder()
                .message("Connection reset")
                .cause(new java.net.SocketException("Connection reset"))
                .build());
    topicTags(TopicTags.CREATION_TOKEN, CLIENT_TOKEN);

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(handler, request(orders().build()));

    assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(event.getResourceModel().getTopicArn()).isEqualTo(TOPIC_ARN);
    verify(sns).createTopic(any(CreateTopicRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void generatesAFifoNameWhenTheTemplateGivesNone() {
    when(kms.describeKey(any(DescribeKeyRequest.class))).thenReturn(key(KeyState.ENABLED));
    topicIsCreated();

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(
            handler,
            request(ResourceModel.builder().fifoTopic(true).kmsMasterKeyId(KEY_ARN).build()));

    final ArgumentCaptor<CreateTopicRequest> created =
        ArgumentCaptor.forClass(CreateTopicRequest.class);
    verify(sns).createTopic(created.capture());
    assertThat(created.getValue().name()).startsWith("OrdersTopic-").endsWith(".fifo");
    assertThat(created.getValue().name().length()).isLessThanOrEqualTo(256);
    assertThat(created.getValue().attributes()).containsEntry("FifoTopic", "true");
    assertThat(event.getResourceModel().getTopicName()).isEqualTo(created.getValue().name());
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void defaultsToTheAwsManagedKeyEvenBeforeKmsHasCreatedIt() {
    when(kms.describeKey(any(DescribeKeyRequest.class)))
        .thenThrow(kmsError("NotFoundException", 400));
    topicIsCreated();

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(handler, request(ResourceModel.builder().topicName("orders").build()));

    assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(event.getResourceModel().getKmsKeyArn()).isNull();
    final ArgumentCaptor<CreateTopicRequest> created =
        ArgumentCaptor.forClass(CreateTopicRequest.class);
    verify(sns).createTopic(created.capture());
    assertThat(created.getValue().attributes()).containsEntry("KmsMasterKeyId", "alias/aws/sns");
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void refusesANameThatIsTakenAndLeavesTheOtherTopicAlone() {
    when(kms.describeKey(any(DescribeKeyRequest.class))).thenReturn(key(KeyState.ENABLED));
    // SNS answers CreateTopic for an existing name with that topic's ARN.
    when(sns.createTopic(any(CreateTopicRequest.class)))
        .thenReturn(CreateTopicResponse.builder().topicArn(TOPIC_ARN).build());
    topicTags(TopicTags.CREATION_TOKEN, "another-request", "team", "payments");

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(handler, request(orders().build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.AlreadyExists);
    assertThat(event.getMessage()).contains("'orders' already exists").contains(TOPIC_ARN);
    assertThat(event.getResourceModel().getTopicArn()).isNull();
    verify(sns, never()).deleteTopic(any(DeleteTopicRequest.class));
    verify(sns).createTopic(any(CreateTopicRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void refusesInconsistentFifoSettingsBeforeAnyCall() {
    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(handler, request(ResourceModel.builder().topicName("orders.fifo").build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    assertThat(event.getMessage()).contains("orders.fifo").contains("FifoTopic: true");
    verifyNoInteractions(sns, kms);
  }

  @Test
  void refusesAMalformedKeyBeforeAnyCall() {
    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(handler, request(orders().kmsMasterKeyId("not a key!!").build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    assertThat(event.getMessage()).contains("'not a key!!'").contains("alias/<name>");
    verifyNoInteractions(sns, kms);
  }

  @Test
  void refusesAKeyInAnotherRegionWithoutAskingKms() {
    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(
            handler,
            request(
                orders()
                    .kmsMasterKeyId("arn:aws:kms:eu-west-1:123456789012:key/" + KEY_ID)
                    .build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    assertThat(event.getMessage()).contains("eu-west-1").contains("regional");
    verifyNoInteractions(sns, kms);
  }

  @Test
  void refusesADisabledKeyAndCreatesNothing() {
    when(kms.describeKey(any(DescribeKeyRequest.class))).thenReturn(key(KeyState.DISABLED));

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(handler, request(orders().build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    assertThat(event.getMessage())
        .contains(KEY_ARN)
        .contains(ALIAS)
        .contains("Disabled")
        .contains("kms:EnableKey");
    verifyNoInteractions(sns);
    verify(kms).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void refusesAnAsymmetricKey() {
    when(kms.describeKey(any(DescribeKeyRequest.class)))
        .thenReturn(key(KeyState.ENABLED, KeySpec.RSA_2048, KeyUsageType.SIGN_VERIFY, KEY_ARN));

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(handler, request(orders().build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    assertThat(event.getMessage()).contains("RSA_2048").contains("symmetric");
    verifyNoInteractions(sns);
    verify(kms).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void aMissingKeyIsAnInvalidRequestNotANotFound() {
    when(kms.describeKey(any(DescribeKeyRequest.class)))
        .thenThrow(kmsError("NotFoundException", 400));

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(handler, request(orders().build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    assertThat(event.getMessage()).contains("'" + ALIAS + "' was not found in region us-east-1");
    verifyNoInteractions(sns);
    verify(kms).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void namesTheMissingPermissionWhenKmsDeniesAccess() {
    when(kms.describeKey(any(DescribeKeyRequest.class)))
        .thenThrow(kmsError("AccessDeniedException", 400));

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(handler, request(orders().build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.AccessDenied);
    assertThat(event.getMessage())
        .startsWith("KmsMasterKeyId '" + ALIAS + "': ")
        .contains("kms:DescribeKey");
    verifyNoInteractions(sns);
    verify(kms).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void asksToBeCalledAgainWhenThrottledThenGivesUp() {
    when(kms.describeKey(any(DescribeKeyRequest.class))).thenReturn(key(KeyState.ENABLED));
    when(sns.createTopic(any(CreateTopicRequest.class))).thenThrow(snsError("Throttled", 400));

    final ProgressEvent<ResourceModel, CallbackContext> first =
        run(handler, request(orders().build()));
    assertThat(first.getStatus()).isEqualTo(OperationStatus.IN_PROGRESS);
    assertThat(first.getCallbackDelaySeconds()).isEqualTo(2);

    final CallbackContext exhausted = new CallbackContext();
    exhausted.setThrottledAttempts(BaseHandlerStd.THROTTLE_RETRIES);
    final ProgressEvent<ResourceModel, CallbackContext> last =
        run(handler, request(orders().build()), exhausted);
    assertThat(last.getErrorCode()).isEqualTo(HandlerErrorCode.Throttling);
    verify(sns, times(2)).createTopic(any(CreateTopicRequest.class));
    verify(kms, times(2)).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void retriesANetworkFailureThenReportsIt() {
    when(kms.describeKey(any(DescribeKeyRequest.class))).thenReturn(key(KeyState.ENABLED));
    nameIsFree();
    when(sns.createTopic(any(CreateTopicRequest.class)))
        .thenThrow(
            SdkClientException.builder()
                .message("connection refused")
                .cause(new java.net.ConnectException("connection refused"))
                .build());

    final ProgressEvent<ResourceModel, CallbackContext> first =
        run(handler, request(orders().build()));
    assertThat(first.getStatus()).isEqualTo(OperationStatus.IN_PROGRESS);

    final CallbackContext exhausted = new CallbackContext();
    exhausted.setTransientRetries(BaseHandlerStd.TRANSIENT_RETRIES);
    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(handler, request(orders().build()), exhausted);

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.NetworkFailure);
    assertThat(event.getMessage()).contains("connection refused");
    assertThat(event.getResourceModel().getTopicArn()).isNull();
    verify(sns, times(2)).createTopic(any(CreateTopicRequest.class));
    verify(sns, times(2)).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(kms, times(2)).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void entryPointValidatesBeforeBuildingAnyClient() {
    final ProgressEvent<ResourceModel, CallbackContext> event =
        handler.handleRequest(
            proxy, request(orders().contentBasedDeduplication(true).build()), null, logger);

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    assertThat(event.getMessage()).contains("ContentBasedDeduplication");
  }
}
