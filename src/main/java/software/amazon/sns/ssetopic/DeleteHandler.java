package software.amazon.sns.ssetopic;

import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.DeleteTopicRequest;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ProxyClient;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;
import software.amazon.sns.ssetopic.EventSourceSettings.Mode;

/**
 * Deletes the topic and everything the type wrote for it, whatever the request carries: the key
 * comes from the topic's live attributes and the mode from the record in its topic policy (the
 * model's only when the topic is gone already). In Manage mode the topic's key-policy statements go
 * first, so that a failure leaves a topic to retry on, never orphaned statements; a key that is
 * gone or pending deletion has none left to remove and does not hold the delete up.
 *
 * <p>SNS answers DeleteTopic on a missing topic with success, so the handler reads first:
 * CloudFormation must hear NotFound for a topic that is already gone, after its statements went.
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
    if (!namesTopic(model)) {
      return missingIdentifier(model, context);
    }
    final KeyResolution key = keyResolution(proxy, clients, request);
    final KeyPolicySteps keyPolicy = keyPolicySteps(proxy, clients);
    final InvocationBudget budget = clients.budget();
    final boolean manageDeclared = EventSourceSettings.mode(model) == Mode.MANAGE;

    return ProgressEvent.progress(model, context)
        .then(
            timed(
                budget,
                progress ->
                    context.isTopicDeleted()
                        ? progress
                        : proxy
                            .initiate(CALL + "Delete::GetTopicAttributes", sns, model, context)
                            .translateToServiceRequest(BaseHandlerStd::getTopicAttributesRequest)
                            .makeServiceCall(BaseHandlerStd::getTopicAttributes)
                            .handleError(
                                (req, e, client, m, c) ->
                                    !isNotFound(e)
                                        ? handleError(req, e, client, m, c)
                                        : c.isDeleteSent()
                                            ? deletedByThisAction(m, c)
                                            : alreadyGone(key, keyPolicy, m, c, manageDeclared))
                            .done(
                                current -> {
                                  final ResourceModel live =
                                      TopicSettings.fromAttributes(
                                          model.getTopicArn(), current.attributes());
                                  final boolean manage =
                                      manageDeclared
                                          || EventSourceSettings.mode(live) == Mode.MANAGE;
                                  return manage
                                      ? key.resolveCurrentKey(
                                          ProgressEvent.progress(model, context),
                                          live.getKmsMasterKeyId(),
                                          context::setPreviousKeyArn)
                                      : ProgressEvent.progress(model, context);
                                })))
        .then(
            timed(
                budget,
                progress ->
                    context.isTopicDeleted()
                        ? progress
                        : keyPolicy.withdraw(progress, context.getPreviousKeyArn(), "Withdraw")))
        .then(
            timed(
                budget,
                progress ->
                    context.isTopicDeleted()
                        ? progress
                        : proxy
                            .initiate(CALL + "Delete::DeleteTopic", sns, model, context)
                            .translateToServiceRequest(
                                m -> {
                                  context.setDeleteSent(true);
                                  return DeleteTopicRequest.builder()
                                      .topicArn(m.getTopicArn())
                                      .build();
                                })
                            .makeServiceCall(
                                (req, client) ->
                                    client.injectCredentialsAndInvokeV2(
                                        req, client.client()::deleteTopic))
                            .handleError(this::handleError)
                            .done(
                                deleted -> {
                                  context.setTopicDeleted(true);
                                  context.applied("deleted topic " + model.getTopicArn());
                                  return ProgressEvent.progress(model, context);
                                })))
        .then(timed(budget, progress -> keyPolicy.confirmWithdrawal(progress, "Confirm")))
        .then(progress -> ProgressEvent.defaultSuccessHandler(null));
  }

  /**
   * An earlier invocation sent DeleteTopic and lost the answer: the topic is gone because this
   * action deleted it, so the action carries on (confirming the withdrawn statements).
   */
  private static ProgressEvent<ResourceModel, CallbackContext> deletedByThisAction(
      final ResourceModel model, final CallbackContext context) {
    context.setTopicDeleted(true);
    return ProgressEvent.progress(model, context);
  }

  /**
   * The topic is gone (deleted out of band, or by an earlier attempt): its statements still come
   * out of the key the model names, then CloudFormation hears NotFound.
   */
  private ProgressEvent<ResourceModel, CallbackContext> alreadyGone(
      final KeyResolution key,
      final KeyPolicySteps keyPolicy,
      final ResourceModel model,
      final CallbackContext context,
      final boolean manageDeclared) {
    final ProgressEvent<ResourceModel, CallbackContext> notFound =
        ProgressEvent.failed(
            model,
            context,
            HandlerErrorCode.NotFound,
            "Topic " + model.getTopicArn() + " does not exist (it may have been deleted already).");
    final String keyText =
        model.getKmsKeyArn() != null ? model.getKmsKeyArn() : model.getKmsMasterKeyId();
    if (!manageDeclared || keyText == null) {
      return notFound;
    }
    final ProgressEvent<ResourceModel, CallbackContext> withdrawn =
        key.resolveCurrentKey(
                ProgressEvent.progress(model, context), keyText, context::setPreviousKeyArn)
            .then(progress -> keyPolicy.withdraw(progress, context.getPreviousKeyArn(), "Orphans"));
    return withdrawn.isFailed() || withdrawn.isInProgressCallbackDelay() ? withdrawn : notFound;
  }
}
