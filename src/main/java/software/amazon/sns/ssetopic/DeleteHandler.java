package software.amazon.sns.ssetopic;

import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.DeleteTopicRequest;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ProxyClient;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/**
 * Deletes the topic. SNS answers DeleteTopic on a missing topic with success, so the handler checks
 * first: CloudFormation must hear NotFound for a topic that is already gone.
 */
public class DeleteHandler extends BaseHandlerStd {

  @Override
  protected ProgressEvent<ResourceModel, CallbackContext> handleRequest(
      final AmazonWebServicesClientProxy proxy,
      final ResourceHandlerRequest<ResourceModel> request,
      final CallbackContext context,
      final Clients clients,
      final Logger logger) {
    final ProxyClient<SnsClient> sns = clients.sns();
    final ResourceModel model = request.getDesiredResourceState();
    if (model == null || model.getTopicArn() == null) {
      return missingIdentifier(model, context);
    }
    return ProgressEvent.progress(model, context)
        .then(
            progress ->
                proxy
                    .initiate(CALL + "Delete::GetTopicAttributes", sns, model, context)
                    .translateToServiceRequest(BaseHandlerStd::getTopicAttributesRequest)
                    .makeServiceCall(BaseHandlerStd::getTopicAttributes)
                    .handleError(this::handleError)
                    .progress())
        .then(
            progress ->
                proxy
                    .initiate(CALL + "Delete::DeleteTopic", sns, model, context)
                    .translateToServiceRequest(
                        m -> DeleteTopicRequest.builder().topicArn(m.getTopicArn()).build())
                    .makeServiceCall(
                        (req, client) ->
                            client.injectCredentialsAndInvokeV2(req, client.client()::deleteTopic))
                    .handleError(this::handleError)
                    .done(deleted -> ProgressEvent.defaultSuccessHandler(null)));
  }
}
