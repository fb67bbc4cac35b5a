package software.amazon.sns.ssetopic;

import java.util.List;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.DeleteTopicRequest;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ProxyClient;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;
import software.amazon.sns.ssetopic.EventSourceSettings.Mode;

/**
 * Deletes the topic. SNS answers DeleteTopic on a missing topic with success, so the handler checks
 * first: CloudFormation must hear NotFound for a topic that is already gone. In Manage mode the
 * topic's key-policy statements go first.
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
    final KeySteps keys = keySteps(proxy, clients, request);
    final ResourceModel model = request.getDesiredResourceState();
    if (model == null || model.getTopicArn() == null) {
      return missingIdentifier(model, context);
    }
    final boolean manage = EventSourceSettings.mode(model) == Mode.MANAGE;
    return ProgressEvent.progress(model, context)
        .then(
            progress ->
                context.isTopicDeleted()
                    ? progress
                    : proxy
                        .initiate(CALL + "Delete::GetTopicAttributes", sns, model, context)
                        .translateToServiceRequest(BaseHandlerStd::getTopicAttributesRequest)
                        .makeServiceCall(BaseHandlerStd::getTopicAttributes)
                        .handleError(this::handleError)
                        .done(
                            current -> {
                              if (model.getKmsKeyArn() == null) {
                                model.setKmsMasterKeyId(
                                    current.attributes().get(TopicSettings.KMS_MASTER_KEY_ID));
                              }
                              return ProgressEvent.progress(model, context);
                            }))
        .then(
            progress ->
                manage && !context.isTopicDeleted() ? withdrawKeyPolicy(keys, progress) : progress)
        .then(
            progress ->
                context.isTopicDeleted()
                    ? progress
                    : proxy
                        .initiate(CALL + "Delete::DeleteTopic", sns, model, context)
                        .translateToServiceRequest(
                            m -> DeleteTopicRequest.builder().topicArn(m.getTopicArn()).build())
                        .makeServiceCall(
                            (req, client) ->
                                client.injectCredentialsAndInvokeV2(
                                    req, client.client()::deleteTopic))
                        .handleError(this::handleError)
                        .done(
                            deleted -> {
                              context.setTopicDeleted(true);
                              return ProgressEvent.progress(model, context);
                            }))
        .then(
            progress ->
                manage
                    ? keys.confirmKeyPolicy(progress, model.getKmsKeyArn(), List.of())
                    : progress)
        .then(progress -> ProgressEvent.defaultSuccessHandler(null));
  }

  /**
   * Manage mode: the topic's statements leave the key policy before the topic goes, so that a
   * failure here leaves a topic to retry the delete on, never orphaned statements.
   */
  private static ProgressEvent<ResourceModel, CallbackContext> withdrawKeyPolicy(
      final KeySteps keys, final ProgressEvent<ResourceModel, CallbackContext> progress) {
    final ResourceModel model = progress.getResourceModel();
    return (model.getKmsKeyArn() != null ? progress : keys.resolveKey(progress, false))
        .then(p -> keys.writeKeyPolicy(p, model.getKmsKeyArn(), List.of(), "Withdraw"));
  }
}
