package software.amazon.sns.ssetopic;

import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ProxyClient;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/**
 * Describes the topic from AWS alone, so that a caller with the identifier alone (Cloud Control,
 * import, drift detection) gets what CREATE returned: attributes and tags (two calls), EventSources
 * and KeyPolicyMode from the record in the topic policy, one DescribeKey when the key is named by
 * an alias, one GetKeyPolicy to narrow EventSources to the grants the key still has, and the
 * subscriptions (ListSubscriptionsByTopic, a call per page of 100) and the data protection policy
 * (GetDataProtectionPolicy).
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
    final ResourceModel model = request.getDesiredResourceState();
    if (!namesTopic(model)) {
      return missingIdentifier(model, context);
    }
    final KeyResolution key = keyResolution(proxy, clients, request);
    return proxy
        .initiate(CALL + "Read::GetTopicAttributes", sns, model, context)
        .translateToServiceRequest(BaseHandlerStd::getTopicAttributesRequest)
        .makeServiceCall(BaseHandlerStd::getTopicAttributes)
        .handleError(this::handleError)
        .done(
            attributes ->
                ProgressEvent.progress(
                    TopicSettings.fromAttributes(model.getTopicArn(), attributes.attributes()),
                    context))
        .then(progress -> readTags(proxy, sns, progress))
        .then(progress -> topicExtras(proxy, clients).readSubscriptions(progress))
        .then(progress -> topicExtras(proxy, clients).readDataProtectionPolicy(progress))
        .then(progress -> key.resolveKey(progress, false))
        .then(
            progress ->
                KeyPolicyPlan.of(
                        EventSourceSettings.mode(progress.getResourceModel()),
                        keyPolicySteps(proxy, clients))
                    .report(progress))
        .then(progress -> ProgressEvent.defaultSuccessHandler(progress.getResourceModel()));
  }

  private ProgressEvent<ResourceModel, CallbackContext> readTags(
      final AmazonWebServicesClientProxy proxy,
      final ProxyClient<SnsClient> sns,
      final ProgressEvent<ResourceModel, CallbackContext> progress) {
    final ResourceModel read = progress.getResourceModel();
    return proxy
        .initiate(CALL + "Read::ListTagsForResource", sns, read, progress.getCallbackContext())
        .translateToServiceRequest(BaseHandlerStd::listTagsRequest)
        .makeServiceCall(BaseHandlerStd::listTags)
        .handleError(this::handleError)
        .done(
            tags -> {
              read.setTags(TopicTags.toModel(tags.tags()));
              return ProgressEvent.progress(read, progress.getCallbackContext());
            });
  }
}
