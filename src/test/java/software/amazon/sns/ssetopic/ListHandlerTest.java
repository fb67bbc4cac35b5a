package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.sns.model.ListTopicsRequest;
import software.amazon.awssdk.services.sns.model.ListTopicsResponse;
import software.amazon.awssdk.services.sns.model.Topic;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

class ListHandlerTest extends HandlerTestBase {

  private final ListHandler handler = new ListHandler();

  @Test
  void returnsOnePageAndTheTokenForTheNext() {
    when(sns.listTopics(any(ListTopicsRequest.class)))
        .thenReturn(
            ListTopicsResponse.builder()
                .topics(Topic.builder().topicArn(TOPIC_ARN).build())
                .nextToken("page-2")
                .build());
    final ResourceHandlerRequest<ResourceModel> request = request(null);
    request.setNextToken("page-1");

    final ProgressEvent<ResourceModel, CallbackContext> event = run(handler, request);

    assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(event.getResourceModels())
        .containsExactly(ResourceModel.builder().topicArn(TOPIC_ARN).build());
    assertThat(event.getNextToken()).isEqualTo("page-2");
    final ArgumentCaptor<ListTopicsRequest> listed =
        ArgumentCaptor.forClass(ListTopicsRequest.class);
    verify(sns).listTopics(listed.capture());
    assertThat(listed.getValue().nextToken()).isEqualTo("page-1");
  }

  @Test
  void failsInsteadOfCallingBackWhenThrottled() {
    when(sns.listTopics(any(ListTopicsRequest.class))).thenThrow(snsError("Throttled", 400));

    final ProgressEvent<ResourceModel, CallbackContext> event = run(handler, request(null));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.Throttling);
    verify(sns).listTopics(any(ListTopicsRequest.class));
  }
}
