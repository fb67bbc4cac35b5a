package software.amazon.sns.ssetopic;

import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ProxyClient;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/**
 * Describes the topic from its attributes and tags (two calls), plus one DescribeKey when the key
 * is named by an alias: KmsKeyArn follows from a key ID or ARN without asking KMS.
 */
public class ReadHandler extends BaseHandlerStd {

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
    final KeySteps keys = keySteps(proxy, clients, request);
    final ResourceModel model = request.getDesiredResourceState();
    if (model == null || model.getTopicArn() == null) {
      return missingIdentifier(model, context);
    }
    return proxy
        .initiate(CALL + "Read::GetTopicAttributes", sns, model, context)
        .translateToServiceRequest(BaseHandlerStd::getTopicAttributesRequest)
        .makeServiceCall(BaseHandlerStd::getTopicAttributes)
        .handleError(this::handleError)
        .done(
            attributes ->
                proxy
                    .initiate(CALL + "Read::ListTagsForResource", sns, model, context)
                    .translateToServiceRequest(BaseHandlerStd::listTagsRequest)
                    .makeServiceCall(BaseHandlerStd::listTags)
                    .handleError(this::handleError)
                    .done(
                        tags -> {
                          final ResourceModel read =
                              TopicSettings.fromAttributes(
                                  model.getTopicArn(), attributes.attributes());
                          read.setTags(TopicTags.toModel(tags.tags()));
                          // SNS cannot say which sources were declared or how the key policy is
                          // handled: those come back as the request carried them.
                          read.setEventSources(model.getEventSources());
                          read.setKeyPolicyMode(model.getKeyPolicyMode());
                          return ProgressEvent.progress(read, context);
                        }))
        .then(progress -> keys.resolveKey(progress, false))
        .then(
            progress ->
                keys.reportGrantedSources(
                    progress, EventSourceSettings.mode(progress.getResourceModel())))
        .then(progress -> ProgressEvent.defaultSuccessHandler(progress.getResourceModel()));
  }
}
