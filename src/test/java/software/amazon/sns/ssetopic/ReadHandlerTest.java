package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesResponse;
import software.amazon.awssdk.services.sns.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.sns.model.ListTagsForResourceResponse;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;

class ReadHandlerTest extends HandlerTestBase {

  private final ReadHandler handler = new ReadHandler();

  private void topicHas(final String... attributes) {
    when(sns.getTopicAttributes(any(GetTopicAttributesRequest.class)))
        .thenReturn(
            GetTopicAttributesResponse.builder().attributes(attributes(attributes)).build());
    when(sns.listTagsForResource(any(ListTagsForResourceRequest.class)))
        .thenReturn(
            ListTagsForResourceResponse.builder()
                .tags(
                    software.amazon.awssdk.services.sns.model.Tag.builder()
                        .key("team")
                        .value("payments")
                        .build(),
                    software.amazon.awssdk.services.sns.model.Tag.builder()
                        .key("aws:cloudformation:stack-name")
                        .value("shop")
                        .build())
                .build());
  }

  private ResourceModel identifier() {
    return ResourceModel.builder().topicArn(TOPIC_ARN).build();
  }

  @Test
  void describesTheTopicAndDerivesTheKeyArnWithoutKms() {
    topicHas(
        "TopicArn", TOPIC_ARN,
        "DisplayName", "Orders",
        "KmsMasterKeyId", KEY_ARN,
        "SignatureVersion", "2",
        "TracingConfig", "Active");

    final ProgressEvent<ResourceModel, CallbackContext> event = run(handler, request(identifier()));

    assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
    final ResourceModel model = event.getResourceModel();
    assertThat(model.getTopicName()).isEqualTo("orders");
    assertThat(model.getDisplayName()).isEqualTo("Orders");
    assertThat(model.getKmsMasterKeyId()).isEqualTo(KEY_ARN);
    assertThat(model.getKmsKeyArn()).isEqualTo(KEY_ARN);
    assertThat(model.getSignatureVersion()).isEqualTo("2");
    assertThat(model.getTracingConfig()).isEqualTo("Active");
    assertThat(model.getFifoTopic()).isFalse();
    assertThat(model.getContentBasedDeduplication()).isNull();
    assertThat(model.getTags()).containsExactly(new Tag("team", "payments"));
    verifyNoInteractions(kms);
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
  }

  @Test
  void aKeyIdNamesAKeyInTheTopicsOwnAccountAndRegion() {
    topicHas("KmsMasterKeyId", KEY_ID, "DisplayName", "");

    final ResourceModel model = run(handler, request(identifier())).getResourceModel();

    assertThat(model.getKmsMasterKeyId()).isEqualTo(KEY_ID);
    assertThat(model.getKmsKeyArn()).isEqualTo(KEY_ARN);
    assertThat(model.getDisplayName()).isNull();
    verifyNoInteractions(kms);
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
  }

  @Test
  void resolvesAnAliasWithOneDescribeKeyAndReturnsTheAliasAsWritten() {
    topicHas("KmsMasterKeyId", ALIAS, "FifoTopic", "true", "ContentBasedDeduplication", "true");
    when(kms.describeKey(any(DescribeKeyRequest.class))).thenReturn(key(KeyState.DISABLED));

    final ResourceModel model = run(handler, request(identifier())).getResourceModel();

    assertThat(model.getKmsMasterKeyId()).isEqualTo(ALIAS);
    assertThat(model.getKmsKeyArn()).isEqualTo(KEY_ARN);
    assertThat(model.getFifoTopic()).isTrue();
    assertThat(model.getContentBasedDeduplication()).isTrue();
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void aKeyKmsNoLongerKnowsLeavesKmsKeyArnEmpty() {
    topicHas("KmsMasterKeyId", "alias/aws/sns");
    when(kms.describeKey(any(DescribeKeyRequest.class)))
        .thenThrow(kmsError("NotFoundException", 400));

    final ProgressEvent<ResourceModel, CallbackContext> event = run(handler, request(identifier()));

    assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(event.getResourceModel().getKmsKeyArn()).isNull();
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void aMissingTopicIsNotFound() {
    when(sns.getTopicAttributes(any(GetTopicAttributesRequest.class)))
        .thenThrow(snsError("NotFound", 404));

    final ProgressEvent<ResourceModel, CallbackContext> event = run(handler, request(identifier()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.NotFound);
    assertThat(event.getMessage()).isNotBlank();
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
  }

  @Test
  void aRequestWithoutTopicArnIsNotFound() {
    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(handler, request(ResourceModel.builder().build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.NotFound);
    verifyNoInteractions(sns, kms);
  }

  @Test
  void failsInsteadOfCallingBackWhenThrottled() {
    when(sns.getTopicAttributes(any(GetTopicAttributesRequest.class)))
        .thenThrow(snsError("Throttled", 400));

    final ProgressEvent<ResourceModel, CallbackContext> event = run(handler, request(identifier()));

    assertThat(event.getStatus()).isEqualTo(OperationStatus.FAILED);
    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.Throttling);
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
  }
}
