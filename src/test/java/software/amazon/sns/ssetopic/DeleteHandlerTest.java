package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.sns.model.DeleteTopicRequest;
import software.amazon.awssdk.services.sns.model.DeleteTopicResponse;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesResponse;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;

class DeleteHandlerTest extends HandlerTestBase {

  private final DeleteHandler handler = new DeleteHandler();

  @Test
  void deletesAnExistingTopicWithTwoCalls() {
    when(sns.getTopicAttributes(any(GetTopicAttributesRequest.class)))
        .thenReturn(GetTopicAttributesResponse.builder().attributes(Map.of()).build());
    when(sns.deleteTopic(any(DeleteTopicRequest.class)))
        .thenReturn(DeleteTopicResponse.builder().build());

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(handler, request(ResourceModel.builder().topicArn(TOPIC_ARN).build()));

    assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(event.getResourceModel()).isNull();
    final ArgumentCaptor<DeleteTopicRequest> deleted =
        ArgumentCaptor.forClass(DeleteTopicRequest.class);
    verify(sns).deleteTopic(deleted.capture());
    assertThat(deleted.getValue().topicArn()).isEqualTo(TOPIC_ARN);
    verifyNoInteractions(kms);
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
  }

  @Test
  void aTopicThatIsGoneIsNotFound() {
    when(sns.getTopicAttributes(any(GetTopicAttributesRequest.class)))
        .thenThrow(snsError("NotFound", 404));

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(handler, request(ResourceModel.builder().topicArn(TOPIC_ARN).build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.NotFound);
    verify(sns, never()).deleteTopic(any(DeleteTopicRequest.class));
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
  }

  @Test
  void aRequestWithoutTopicArnIsNotFound() {
    assertThat(run(handler, request(null)).getErrorCode()).isEqualTo(HandlerErrorCode.NotFound);
    verifyNoInteractions(sns);
  }

  @Test
  void accessDeniedNamesTheFix() {
    when(sns.getTopicAttributes(any(GetTopicAttributesRequest.class)))
        .thenThrow(snsError("AuthorizationError", 403));

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(handler, request(ResourceModel.builder().topicArn(TOPIC_ARN).build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.AccessDenied);
    assertThat(event.getMessage()).contains("resource-role.yaml");
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
  }
}
