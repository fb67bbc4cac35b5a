package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesResponse;
import software.amazon.awssdk.services.sns.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.sns.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.sns.model.SetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.SetTopicAttributesResponse;
import software.amazon.awssdk.services.sns.model.TagResourceRequest;
import software.amazon.awssdk.services.sns.model.TagResourceResponse;
import software.amazon.awssdk.services.sns.model.UntagResourceRequest;
import software.amazon.awssdk.services.sns.model.UntagResourceResponse;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;

class UpdateHandlerTest extends HandlerTestBase {

  private final UpdateHandler handler = new UpdateHandler();

  private ResourceModel.ResourceModelBuilder current() {
    return ResourceModel.builder()
        .topicArn(TOPIC_ARN)
        .topicName("orders")
        .displayName("Orders")
        .kmsMasterKeyId(KEY_ARN)
        .tags(Set.of(new Tag("team", "payments"), new Tag("tier", "gold")));
  }

  private void topicHas(final String... attributes) {
    when(sns.getTopicAttributes(any(GetTopicAttributesRequest.class)))
        .thenReturn(
            GetTopicAttributesResponse.builder().attributes(attributes(attributes)).build());
    when(sns.setTopicAttributes(any(SetTopicAttributesRequest.class)))
        .thenReturn(SetTopicAttributesResponse.builder().build());
  }

  private void tagsAre(final String... pairs) {
    final ListTagsForResourceResponse.Builder response = ListTagsForResourceResponse.builder();
    final java.util.List<software.amazon.awssdk.services.sns.model.Tag> tags =
        new java.util.ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      tags.add(
          software.amazon.awssdk.services.sns.model.Tag.builder()
              .key(pairs[i])
              .value(pairs[i + 1])
              .build());
    }
    when(sns.listTagsForResource(any(ListTagsForResourceRequest.class)))
        .thenReturn(response.tags(tags).build());
    when(sns.tagResource(any(TagResourceRequest.class)))
        .thenReturn(TagResourceResponse.builder().build());
    when(sns.untagResource(any(UntagResourceRequest.class)))
        .thenReturn(UntagResourceResponse.builder().build());
  }

  @Test
  void setsOnlyTheAttributesThatDifferAndDiffsTags() {
    topicHas(
        "DisplayName",
        "Orders",
        "KmsMasterKeyId",
        KEY_ARN,
        "SignatureVersion",
        "1",
        "TracingConfig",
        "PassThrough");
    tagsAre("team", "payments", "tier", "gold", "aws:cloudformation:stack-name", "shop");
    final ResourceModel desired =
        current()
            .displayName("Orders v2")
            .signatureVersion("2")
            .tags(Set.of(new Tag("team", "billing")))
            .build();

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(handler, request(desired, current().build()));

    assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(event.getResourceModel().getKmsKeyArn()).isEqualTo(KEY_ARN);
    final ArgumentCaptor<SetTopicAttributesRequest> set =
        ArgumentCaptor.forClass(SetTopicAttributesRequest.class);
    verify(sns, org.mockito.Mockito.times(2)).setTopicAttributes(set.capture());
    assertThat(set.getAllValues())
        .extracting(r -> r.attributeName() + "=" + r.attributeValue())
        .containsExactly("DisplayName=Orders v2", "SignatureVersion=2");
    final ArgumentCaptor<UntagResourceRequest> untagged =
        ArgumentCaptor.forClass(UntagResourceRequest.class);
    verify(sns).untagResource(untagged.capture());
    assertThat(untagged.getValue().tagKeys()).containsExactly("tier");
    final ArgumentCaptor<TagResourceRequest> tagged =
        ArgumentCaptor.forClass(TagResourceRequest.class);
    verify(sns).tagResource(tagged.capture());
    assertThat(tagged.getValue().tags())
        .extracting(t -> t.key() + "=" + t.value())
        .containsExactly("team=billing");
    verifyNoInteractions(kms);
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
  }

  @Test
  void aPropertyLeftOutRestoresTheSnsDefault() {
    topicHas("DisplayName", "Orders", "KmsMasterKeyId", KEY_ARN, "TracingConfig", "Active");
    tagsAre("team", "payments", "tier", "gold");

    run(handler, request(current().displayName(null).build(), current().build()));

    final ArgumentCaptor<SetTopicAttributesRequest> set =
        ArgumentCaptor.forClass(SetTopicAttributesRequest.class);
    verify(sns, org.mockito.Mockito.times(2)).setTopicAttributes(set.capture());
    assertThat(set.getAllValues())
        .extracting(r -> r.attributeName() + "=" + r.attributeValue())
        .containsExactly("DisplayName=", "TracingConfig=PassThrough");
    verify(sns, never()).tagResource(any(TagResourceRequest.class));
    verify(sns, never()).untagResource(any(UntagResourceRequest.class));
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
  }

  @Test
  void aNewKeyIsCheckedBeforeAnythingChanges() {
    topicHas("DisplayName", "Orders", "KmsMasterKeyId", KEY_ARN);
    when(kms.describeKey(any(DescribeKeyRequest.class))).thenReturn(key(KeyState.PENDING_DELETION));

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(
            handler,
            request(current().kmsMasterKeyId(ALIAS).displayName("New").build(), current().build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    assertThat(event.getMessage()).contains("PendingDeletion").contains("kms:CancelKeyDeletion");
    verify(sns, never()).setTopicAttributes(any(SetTopicAttributesRequest.class));
    verify(sns, never()).tagResource(any(TagResourceRequest.class));
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void aValidNewKeyIsSetAndResolved() {
    topicHas("DisplayName", "Orders", "KmsMasterKeyId", KEY_ARN);
    tagsAre("team", "payments", "tier", "gold");
    when(kms.describeKey(any(DescribeKeyRequest.class))).thenReturn(key(KeyState.ENABLED));

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(handler, request(current().kmsMasterKeyId(ALIAS).build(), current().build()));

    assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(event.getResourceModel().getKmsKeyArn()).isEqualTo(KEY_ARN);
    final ArgumentCaptor<SetTopicAttributesRequest> set =
        ArgumentCaptor.forClass(SetTopicAttributesRequest.class);
    verify(sns).setTopicAttributes(set.capture());
    assertThat(set.getValue().topicArn()).isEqualTo(TOPIC_ARN);
    assertThat(set.getValue().attributeName() + "=" + set.getValue().attributeValue())
        .isEqualTo("KmsMasterKeyId=" + ALIAS);
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void takesTheTopicArnFromThePreviousModel() {
    topicHas("DisplayName", "Orders", "KmsMasterKeyId", KEY_ARN);
    tagsAre("team", "payments", "tier", "gold");

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(handler, request(current().topicArn(null).topicName(null).build(), current().build()));

    assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(event.getResourceModel().getTopicArn()).isEqualTo(TOPIC_ARN);
    assertThat(event.getResourceModel().getTopicName()).isEqualTo("orders");
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
  }

  @Test
  void aMissingTopicIsNotFound() {
    when(sns.getTopicAttributes(any(GetTopicAttributesRequest.class)))
        .thenThrow(snsError("NotFound", 404));

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(handler, request(current().build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.NotFound);
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
  }

  @Test
  void withoutAnyTopicArnItIsNotFound() {
    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(handler, request(ResourceModel.builder().build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.NotFound);
    verifyNoInteractions(sns);
  }

  @Test
  void createOnlyPropertiesCannotChangeInPlace() {
    assertThat(
            run(handler, request(current().topicName("other").build(), current().build()))
                .getErrorCode())
        .isEqualTo(HandlerErrorCode.NotUpdatable);
    assertThat(
            run(handler, request(current().fifoTopic(true).build(), current().build()))
                .getErrorCode())
        .isEqualTo(HandlerErrorCode.NotUpdatable);
    verifyNoInteractions(sns);
  }

  @Test
  void refusesSettingsSnsWouldReject() {
    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(handler, request(current().contentBasedDeduplication(true).build(), current().build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    verifyNoInteractions(sns);
  }
}
