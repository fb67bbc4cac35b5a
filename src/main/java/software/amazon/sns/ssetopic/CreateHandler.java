package software.amazon.sns.ssetopic;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.CreateTopicRequest;
import software.amazon.awssdk.services.sns.model.DeleteTopicRequest;
import software.amazon.awssdk.services.sns.model.ListTagsForResourceResponse;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ProxyClient;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;
import software.amazon.sns.ssetopic.aws.AwsErrorCodes;
import software.amazon.sns.ssetopic.aws.AwsFailures;
import software.amazon.sns.ssetopic.policy.EventSource;
import software.amazon.sns.ssetopic.policy.TopicArn;

/**
 * Checks the request, the key and (Verify) its policy, creates the topic with its topic policy in
 * one call, makes sure the topic is this request's own, then (Manage) writes its key-policy
 * statements. Every check comes before CreateTopic, so a refused request leaves nothing behind; a
 * failure after it takes the topic and its statements back.
 *
 * <p>SNS answers CreateTopic for a name that exists with that topic's ARN, and a CreateTopic whose
 * answer was lost may have created the topic. Both are settled the same way: the topic carries a
 * tag with this request's token from the moment it exists, and the handler reads the tags of the
 * predicted ARN. A topic without this request's token belongs to someone else: AlreadyExists, and
 * it is left alone.
 */
public class CreateHandler extends BaseHandlerStd {

  @Override
  protected ProgressEvent<ResourceModel, CallbackContext> handleRequest(
      final AmazonWebServicesClientProxy proxy,
      final ResourceHandlerRequest<ResourceModel> request,
      final CallbackContext context,
      final Clients clients,
      final Logger logger) {
    final ResourceModel model = request.getDesiredResourceState();
    if (model == null) {
      return ProgressEvent.failed(
          null, context, HandlerErrorCode.InvalidRequest, "The request carries no properties.");
    }
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
      model.setTopicArn(null); // nothing was created, so there is nothing to identify
      return ProgressEvent.failed(
          model, context, HandlerErrorCode.InvalidRequest, String.join(" ", inputProblems));
    }
    if (context.getCreationToken() == null) {
      context.setCreationToken(
          request.getClientRequestToken() != null
              ? request.getClientRequestToken()
              : UUID.randomUUID().toString());
    }
    final List<EventSource> sources = EventSourceSettings.sources(model);
    final KeyResolution key = keyResolution(proxy, clients, request);
    final KeyPolicyPlan plan =
        KeyPolicyPlan.of(EventSourceSettings.mode(model), keyPolicySteps(proxy, clients));
    final InvocationBudget budget = clients.budget();
    final TopicExtrasSteps extras = topicExtras(proxy, clients);

    final ProgressEvent<ResourceModel, CallbackContext> result =
        ProgressEvent.progress(model, context)
            .then(timed(budget, progress -> key.resolveKey(progress, true)))
            .then(
                timed(
                    budget,
                    progress ->
                        context.isTopicCreated() ? progress : plan.check(progress, sources)))
            .then(
                progress ->
                    context.isTopicCreated()
                        ? progress
                        : queueDelivery(proxy, clients).verify(progress, model, null))
            .then(timed(budget, progress -> createTopic(proxy, clients.sns(), request, progress)))
            .then(timed(budget, progress -> plan.apply(progress, sources)))
            .then(progress -> extras.subscribeDeclared(progress, model))
            .then(timed(budget, progress -> plan.confirm(progress, sources)))
            .then(progress -> ProgressEvent.defaultSuccessHandler(model));
    if (result.isFailed() && context.isTopicCreated()) {
      return rollBack(proxy, clients, result);
    }
    if (result.isFailed()) {
      model.setTopicArn(null); // nothing was created, so there is nothing to identify
    }
    return result;
  }

  /** CreateTopic, unless an earlier invocation of this action already created the topic. */
  private ProgressEvent<ResourceModel, CallbackContext> createTopic(
      final AmazonWebServicesClientProxy proxy,
      final ProxyClient<SnsClient> sns,
      final ResourceHandlerRequest<ResourceModel> request,
      final ProgressEvent<ResourceModel, CallbackContext> progress) {
    final CallbackContext context = progress.getCallbackContext();
    if (context.isTopicCreated()) {
      return progress;
    }
    final AtomicReference<Exception> createFailure = new AtomicReference<>();
    return proxy
        .initiate(CALL + "Create::CreateTopic", sns, progress.getResourceModel(), context)
        .translateToServiceRequest(m -> createTopicRequest(m, request, context.getCreationToken()))
        .makeServiceCall(
            (req, client) -> client.injectCredentialsAndInvokeV2(req, client.client()::createTopic))
        .handleError(
            (req, e, client, m, c) -> {
              // InvalidParameter is what SNS answers a CreateTopic with for a name that exists
              // with other attributes or tags (unverified: no AWS page names it; moto returns the
              // existing topic instead). Either way the tags of the predicted ARN decide.
              if (!AwsFailures.isAmbiguous(e)
                  && !AwsErrorCodes.is(e, AwsErrorCodes.SNS_INVALID_PARAMETER)) {
                return handleError(req, e, client, m, c);
              }
              // The topic may exist although the call failed: its tags below settle it.
              createFailure.set(e);
              return ProgressEvent.progress(m, c);
            })
        .progress()
        .then(p -> confirmOwnTopic(proxy, sns, p, createFailure.get()));
  }

  /**
   * Reads the tags of the predicted ARN: this request's token there means the topic is this
   * request's; another topic under the name is AlreadyExists; no topic means CreateTopic really
   * failed, and its own error is the answer.
   */
  private ProgressEvent<ResourceModel, CallbackContext> confirmOwnTopic(
      final AmazonWebServicesClientProxy proxy,
      final ProxyClient<SnsClient> sns,
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final Exception createFailure) {
    final ResourceModel model = progress.getResourceModel();
    final CallbackContext context = progress.getCallbackContext();
    return proxy
        .initiate(CALL + "Create::ConfirmOwnTopic", sns, model, context)
        .translateToServiceRequest(BaseHandlerStd::listTagsRequest)
        .makeServiceCall(BaseHandlerStd::listTags)
        .handleError(
            (req, e, client, m, c) -> {
              if (isNotFound(e) && createFailure != null) {
                return handleError(req, createFailure, client, m, c);
              }
              final ProgressEvent<ResourceModel, CallbackContext> failed =
                  handleError(req, e, client, m, c);
              if (failed.isFailed()) {
                failed.setMessage(
                    failed.getMessage()
                        + " Topic "
                        + m.getTopicArn()
                        + " may exist, but its tags could not be read to confirm that this"
                        + " request created it: if no stack owns it, delete it.");
              }
              return failed;
            })
        .done(
            tags -> {
              if (isCreatedBy(tags, context.getCreationToken())) {
                context.setTopicCreated(true);
                context.applied("created topic " + model.getTopicArn());
                return ProgressEvent.progress(model, context);
              }
              return ProgressEvent.failed(
                  model,
                  context,
                  HandlerErrorCode.AlreadyExists,
                  "A topic named '"
                      + model.getTopicName()
                      + "' already exists in this account and region ("
                      + model.getTopicArn()
                      + "): choose another TopicName, or import the existing topic instead of"
                      + " creating it.");
            });
  }

  private static boolean isCreatedBy(final ListTagsForResourceResponse tags, final String token) {
    return tags.tags().stream()
        .anyMatch(tag -> tag.key().equals(TopicTags.CREATION_TOKEN) && tag.value().equals(token));
  }

  private static CreateTopicRequest createTopicRequest(
      final ResourceModel model,
      final ResourceHandlerRequest<ResourceModel> request,
      final String creationToken) {
    return CreateTopicRequest.builder()
        .name(model.getTopicName())
        .attributes(TopicSettings.createAttributes(model))
        .dataProtectionPolicy(JsonDocuments.canonical(model.getDataProtectionPolicy()).orElse(null))
        .tags(
            TopicTags.toSdk(
                TopicTags.merge(
                    request.getDesiredResourceTags(),
                    request.getSystemTags(),
                    Map.of(TopicTags.CREATION_TOKEN, creationToken))))
        .build();
  }

  /**
   * The topic was created but the action failed after it: its key-policy statements come out and
   * the topic goes, so that a failed CREATE (which returns no identifier to delete later) leaves
   * nothing behind. The subscriptions made so far go with the topic: DeleteTopic "deletes a topic
   * and all its subscriptions" (https://docs.aws.amazon.com/sns/latest/api/API_DeleteTopic.html).
   * What cannot be undone is named in the message.
   */
  private ProgressEvent<ResourceModel, CallbackContext> rollBack(
      final AmazonWebServicesClientProxy proxy,
      final Clients clients,
      final ProgressEvent<ResourceModel, CallbackContext> failure) {
    final ResourceModel model = failure.getResourceModel();
    final StringBuilder message = new StringBuilder(failure.getMessage());
    final ProgressEvent<ResourceModel, CallbackContext> withdrawn =
        keyPolicySteps(proxy, clients)
            .withdraw(
                ProgressEvent.progress(model, new CallbackContext()),
                model.getKmsKeyArn(),
                "RollBack");
    if (withdrawn.isFailed()) {
      message
          .append(" The statements written to the key policy of ")
          .append(model.getKmsKeyArn())
          .append(" could not be removed (")
          .append(withdrawn.getMessage())
          .append("): remove the Sids of this topic by hand.");
    }
    try {
      clients
          .sns()
          .injectCredentialsAndInvokeV2(
              DeleteTopicRequest.builder().topicArn(model.getTopicArn()).build(),
              clients.sns().client()::deleteTopic);
      message.append(" The topic created by this request was deleted again.");
      model.setTopicArn(null);
    } catch (RuntimeException e) {
      message
          .append(" The topic ")
          .append(model.getTopicArn())
          .append(" created by this request could not be deleted (")
          .append(e.getMessage())
          .append("): delete it by hand.");
    }
    failure.setMessage(message.toString());
    return failure;
  }
}
