package software.amazon.sns.ssetopic;

import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.ListTagsForResourceRequest;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ProxyClient;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/** Describes the topic from its attributes and tags: two calls. */
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
      final ProxyClient<SnsClient> sns,
      final Logger logger) {
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
                    .translateToServiceRequest(
                        m -> ListTagsForResourceRequest.builder().resourceArn(m.getTopicArn()).build())
                    .makeServiceCall(
                        (req, client) ->
                            client.injectCredentialsAndInvokeV2(
                                req, client.client()::listTagsForResource))
                    .handleError(this::handleError)
                    .done(
                        tags -> {
                          final ResourceModel read =
                              TopicSettings.fromAttributes(
                                  model.getTopicArn(), attributes.attributes());
                          read.setTags(TopicTags.toModel(tags.tags()));
                          read.setKmsKeyArn(TopicSettings.keyArn(read));
                          return ProgressEvent.defaultSuccessHandler(read);
                        }));
  }
}
