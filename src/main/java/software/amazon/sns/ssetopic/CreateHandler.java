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
import software.amazon.sns.ssetopic.EventSourceSettings.Mode;
import software.amazon.sns.ssetopic.policy.EventSource;
import software.amazon.sns.ssetopic.policy.StatementIds;
import software.amazon.sns.ssetopic.policy.TopicArn;

/**
 * Checks the request, the key and its policy, refuses a name that is taken, then creates the topic
 * with its topic policy in one call. Every check comes before CreateTopic, so a refused request
 * leaves nothing behind; in Manage mode a failed CreateTopic takes its key-policy statements back.
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
    final KeySteps keys = keySteps(proxy, clients, request);
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
    final List<String> inputProblems =
        InputChecks.problems(model, TopicArn.of(model.getTopicArn()));
    InputChecks.topicPolicyProblem(model, null).ifPresent(inputProblems::add);
    if (!inputProblems.isEmpty()) {
      return ProgressEvent.failed(
          model, context, HandlerErrorCode.InvalidRequest, String.join(" ", inputProblems));
    }
    final List<EventSource> sources = EventSourceSettings.sources(model);
    final Mode mode = EventSourceSettings.mode(model);

    return ProgressEvent.progress(model, context)
        .then(progress -> keys.resolveKey(progress, true))
        .then(
            progress ->
                context.isTopicCreated()
                    ? progress
                    : proxy
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
                context.isTopicCreated()
                    ? progress
                    : switch (mode) {
                      case VERIFY -> keys.verifyKeyPolicy(progress, sources);
                      case MANAGE ->
                          manageOptIn(proxy, clients)
                              .require(progress, model.getKmsKeyArn(), sources)
                              .then(
                                  p ->
                                      keys.writeKeyPolicy(p, model.getKmsKeyArn(), sources, "Add"));
                      case SKIP -> progress;
                    })
        .then(
            progress ->
                context.isTopicCreated()
                    ? progress
                    : proxy
                        .initiate(CALL + "Create::CreateTopic", sns, model, context)
                        .translateToServiceRequest(m -> createTopicRequest(m, request))
                        .makeServiceCall(
                            (req, client) ->
                                client.injectCredentialsAndInvokeV2(
                                    req, client.client()::createTopic))
                        .handleError(
                            (req, e, client, m, c) -> {
                              final ProgressEvent<ResourceModel, CallbackContext> failure =
                                  handleError(req, e, client, m, c);
                              return failure.isFailed() && mode == Mode.MANAGE
                                  ? withdrawKeyPolicyStatements(clients, failure)
                                  : failure;
                            })
                        .done(
                            created -> {
                              model.setTopicArn(created.topicArn());
                              context.setTopicCreated(true);
                              return ProgressEvent.progress(model, context);
                            }))
        .then(progress -> keys.confirmKeyPolicy(progress, model.getKmsKeyArn(), sources))
        .then(progress -> ProgressEvent.defaultSuccessHandler(model));
  }

  private static CreateTopicRequest createTopicRequest(
      final ResourceModel model, final ResourceHandlerRequest<ResourceModel> request) {
    return CreateTopicRequest.builder()
        .name(model.getTopicName())
        .attributes(TopicSettings.createAttributes(model))
        .tags(
            TopicTags.toSdk(
                TopicTags.merge(request.getDesiredResourceTags(), request.getSystemTags())))
        .build();
  }

  /**
   * The topic was not created, so the statements written for it come out again. If that fails too,
   * the failure message says which statements are left, so that nothing is left silently.
   */
  private ProgressEvent<ResourceModel, CallbackContext> withdrawKeyPolicyStatements(
      final Clients clients, final ProgressEvent<ResourceModel, CallbackContext> failure) {
    final ResourceModel model = failure.getResourceModel();
    try {
      new KeyPolicyWriter(clients.kms())
          .apply(model.getKmsKeyArn(), TopicArn.of(model.getTopicArn()), List.of());
    } catch (RuntimeException e) {
      failure.setMessage(
          failure.getMessage()
              + " The statements this handler added to the key policy of "
              + model.getKmsKeyArn()
              + " (Sids starting "
              + StatementIds.topicPrefix(TopicArn.of(model.getTopicArn()))
              + ") could not be removed ("
              + e.getMessage()
              + "): delete the topic's stack resource again or remove them by hand.");
    }
    return failure;
  }
}
