package software.amazon.sns.ssetopic;

import java.util.List;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.ListTopicsRequest;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ProxyClient;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/** One page of the account's topics (SNS pages by 100), identified by ARN. */
public class ListHandler extends BaseHandlerStd {

  @Override
  protected boolean mayCallBack() {
    return false;
  }

  @Override
  protected ProgressEvent<ResourceModel, CallbackContext> handleRequest(
      final AmazonWebServicesClientProxy proxy,
      final ResourceHandlerRequest<ResourceModel> request,
      final CallbackContext context,
      final Clients clients,
      final Logger logger) {
    final ProxyClient<SnsClient> sns = clients.sns();
    final ResourceModel model =
        request.getDesiredResourceState() == null
            ? new ResourceModel()
            : request.getDesiredResourceState();
    return proxy
        .initiate(CALL + "List::ListTopics", sns, model, context)
        .translateToServiceRequest(
            m -> ListTopicsRequest.builder().nextToken(request.getNextToken()).build())
        .makeServiceCall(
            (req, client) -> client.injectCredentialsAndInvokeV2(req, client.client()::listTopics))
        .handleError(this::handleError)
        .done(
            page -> {
              final List<ResourceModel> models =
                  page.topics().stream()
                      .map(topic -> ResourceModel.builder().topicArn(topic.topicArn()).build())
                      .toList();
              return ProgressEvent.<ResourceModel, CallbackContext>builder()
                  .resourceModels(models)
                  .nextToken(page.nextToken())
                  .status(OperationStatus.SUCCESS)
                  .build();
            });
  }
}
