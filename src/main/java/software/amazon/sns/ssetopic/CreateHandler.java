package software.amazon.sns.ssetopic;

import java.util.List;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.CreateTopicRequest;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ProxyClient;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/**
 * Checks the request and the key, refuses a name that is taken, then creates the topic in one call.
 * Every check comes before CreateTopic, so a refused request leaves nothing behind.
 */
public class CreateHandler extends BaseHandlerStd {

  @Override
  protected ProgressEvent<ResourceModel, CallbackContext> handleRequest(
      final AmazonWebServicesClientProxy proxy,
      final ResourceHandlerRequest<ResourceModel> request,
      final CallbackContext context,
      final Clients clients,
      final Logger logger) {
    final ProxyClient<SnsClient> sns = clients.sns();
    final ResourceModel model = request.getDesiredResourceState();
    final List<String> problems = TopicSettings.problems(model);
    if (!problems.isEmpty()) {
      return ProgressEvent.failed(
          model, context, HandlerErrorCode.InvalidRequest, String.join(" ", problems));
    }
    final String name =
        TopicSettings.nameFor(
            model,
            request.getStackId(),
            request.getLogicalResourceIdentifier(),
            request.getClientRequestToken());
    model.setTopicName(name);
    model.setTopicArn(
        TopicSettings.arnOf(
            partition(request), request.getRegion(), request.getAwsAccountId(), name));

    return ProgressEvent.progress(model, context)
        .then(progress -> resolveKey(proxy, clients.kms(), progress, request, true))
        .then(
            progress ->
                proxy
                    .initiate(CALL + "Create::CheckNameIsFree", sns, model, context)
                    .translateToServiceRequest(BaseHandlerStd::getTopicAttributesRequest)
                    .makeServiceCall(BaseHandlerStd::getTopicAttributes)
                    .handleError(
                        (req, e, client, m, c) ->
                            isNotFound(e)
                                ? ProgressEvent.progress(m, c)
                                : handleError(req, e, client, m, c))
                    .done(
                        existing ->
                            ProgressEvent.failed(
                                model,
                                context,
                                HandlerErrorCode.AlreadyExists,
                                "A topic named '"
                                    + name
                                    + "' already exists in this account and region ("
                                    + model.getTopicArn()
                                    + "): choose another TopicName, or import the existing"
                                    + " topic instead of creating it.")))
        .then(
            progress ->
                proxy
                    .initiate(CALL + "Create::CreateTopic", sns, model, context)
                    .translateToServiceRequest(
                        m ->
                            CreateTopicRequest.builder()
                                .name(m.getTopicName())
                                .attributes(TopicSettings.createAttributes(m))
                                .tags(
                                    TopicTags.toSdk(
                                        TopicTags.merge(
                                            request.getDesiredResourceTags(),
                                            request.getSystemTags())))
                                .build())
                    .makeServiceCall(
                        (req, client) ->
                            client.injectCredentialsAndInvokeV2(req, client.client()::createTopic))
                    .handleError(this::handleError)
                    .done(
                        created -> {
                          model.setTopicArn(created.topicArn());
                          return ProgressEvent.defaultSuccessHandler(model);
                        }));
  }
}
