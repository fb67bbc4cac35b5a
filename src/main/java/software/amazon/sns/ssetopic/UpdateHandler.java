package software.amazon.sns.ssetopic;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesResponse;
import software.amazon.awssdk.services.sns.model.SetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.TagResourceRequest;
import software.amazon.awssdk.services.sns.model.UntagResourceRequest;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ProxyClient;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;
import software.amazon.sns.ssetopic.EventSourceSettings.Mode;
import software.amazon.sns.ssetopic.aws.TopicAttributes;
import software.amazon.sns.ssetopic.policy.EventSource;

/**
 * Brings the topic to the desired state, starting from what AWS holds now rather than from the
 * previous model (which Cloud Control builds from Read, and which may lack read-only values): the
 * live attributes give the current key, and the topic policy's record the current mode and sources.
 * Everything that can refuse the request (the model, a new key, the key policy in Verify mode) is
 * checked before anything changes; then Manage-mode statements are written, the attributes that
 * differ are set (the topic policy among them), statements leave a key the topic no longer uses in
 * Manage mode, and tags are added and removed. A failure after a change names what was already
 * changed. A new key encrypts messages published from then on; messages already stored stay under
 * the key they were encrypted with.
 */
public class UpdateHandler extends BaseHandlerStd {

  @Override
  protected ProgressEvent<ResourceModel, CallbackContext> handleRequest(
      final AmazonWebServicesClientProxy proxy,
      final ResourceHandlerRequest<ResourceModel> request,
      final CallbackContext context,
      final Clients clients,
      final Logger logger) {
    final ProxyClient<SnsClient> sns = clients.sns();
    final ResourceModel model = request.getDesiredResourceState();
    final ResourceModel previous =
        request.getPreviousResourceState() == null
            ? new ResourceModel()
            : request.getPreviousResourceState();
    if (model == null) {
      return ProgressEvent.failed(
          null, context, HandlerErrorCode.InvalidRequest, "The request carries no properties.");
    }
    if (model.getTopicArn() == null) {
      model.setTopicArn(previous.getTopicArn());
    }
    if (model.getTopicArn() == null) {
      return missingIdentifier(model, context);
    }
    if (!TopicSettings.isTopicArn(model.getTopicArn())) {
      return ProgressEvent.failed(
          model,
          context,
          HandlerErrorCode.InvalidRequest,
          "TopicArn '"
              + model.getTopicArn()
              + "' is not an SNS topic ARN: expected arn:<partition>:sns:<region>:<account>:<name>.");
    }
    // The previous model, when CloudFormation sends one, refuses a replacement before any call;
    // the live topic is checked again below for callers whose previous model is not the topic's.
    final String declaredCreateOnlyChange =
        previous.getTopicArn() == null ? null : createOnlyChange(previous, model);
    if (declaredCreateOnlyChange != null) {
      return ProgressEvent.failed(
          model, context, HandlerErrorCode.NotUpdatable, declaredCreateOnlyChange);
    }
    final List<String> problems = TopicSettings.problems(model);
    if (problems.isEmpty()) {
      problems.addAll(InputChecks.problems(model, model.getTopicArn()));
    }
    if (!problems.isEmpty()) {
      return ProgressEvent.failed(
          model, context, HandlerErrorCode.InvalidRequest, String.join(" ", problems));
    }

    final List<EventSource> sources = EventSourceSettings.sources(model);
    final KeyResolution key = keyResolution(proxy, clients, request);
    final KeyPolicySteps keyPolicy = keyPolicySteps(proxy, clients);
    final KeyPolicyPlan plan = KeyPolicyPlan.of(EventSourceSettings.mode(model), keyPolicy);
    final InvocationBudget budget = clients.budget();
    final TopicExtrasSteps extras = topicExtras(proxy, clients);
    final boolean dataProtectionDeclared =
        model.getDataProtectionPolicy() != null || previous.getDataProtectionPolicy() != null;

    return proxy
        .initiate(CALL + "Update::GetTopicAttributes", sns, model, context)
        .translateToServiceRequest(BaseHandlerStd::getTopicAttributesRequest)
        .makeServiceCall(BaseHandlerStd::getTopicAttributes)
        .handleError(this::handleError)
        .done(
            current -> {
              final ResourceModel live =
                  TopicSettings.fromAttributes(model.getTopicArn(), current.attributes());
              final String createOnlyChange = createOnlyChange(live, model);
              if (createOnlyChange != null) {
                return ProgressEvent.failed(
                    model, context, HandlerErrorCode.NotUpdatable, createOnlyChange);
              }
              final String policyProblem =
                  InputChecks.topicPolicyProblem(model, current.attributes()).orElse(null);
              if (policyProblem != null) {
                return ProgressEvent.failed(
                    model, context, HandlerErrorCode.InvalidRequest, policyProblem);
              }
              final boolean keyChanges = keyChanges(model, current);
              final boolean leavesKey =
                  EventSourceSettings.mode(live) == Mode.MANAGE
                      && (plan.mode() != Mode.MANAGE || keyChanges);
              return ProgressEvent.progress(model, context)
                  .then(timed(budget, progress -> key.resolveKey(progress, keyChanges)))
                  .then(
                      timed(
                          budget,
                          progress ->
                              leavesKey
                                  ? key.resolveCurrentKey(
                                      progress,
                                      live.getKmsMasterKeyId(),
                                      context::setPreviousKeyArn)
                                  : progress))
                  .then(
                      timed(
                          budget,
                          progress ->
                              EventSourceSettings.keyPolicyInputsChange(live, model, keyChanges)
                                  ? plan.check(progress, sources)
                                  : progress))
                  .then(progress -> queueDelivery(proxy, clients).verify(progress, model, previous))
                  .then(timed(budget, progress -> plan.apply(progress, sources)))
                  .then(
                      timed(
                          budget,
                          progress -> setChangedAttributes(proxy, sns, model, context, current)))
                  .then(
                      timed(
                          budget,
                          progress ->
                              leavesKey
                                  ? keyPolicy.withdraw(
                                      progress, context.getPreviousKeyArn(), "LeavePreviousKey")
                                  : progress));
            })
        .then(
            timed(
                budget,
                progress ->
                    dataProtectionDeclared
                        ? extras.convergeDataProtectionPolicy(progress, model)
                        : progress))
        .then(timed(budget, progress -> extras.converge(progress, model, previous)))
        .then(timed(budget, progress -> updateTags(proxy, sns, request, progress)))
        .then(timed(budget, progress -> plan.confirm(progress, sources)))
        .then(
            timed(
                budget,
                progress -> keyPolicy.confirmWithdrawal(progress, "ConfirmLeavePreviousKey")))
        .then(
            progress -> {
              model.setTopicName(TopicSettings.nameOf(model.getTopicArn()));
              return ProgressEvent.defaultSuccessHandler(model);
            });
  }

  private ProgressEvent<ResourceModel, CallbackContext> setChangedAttributes(
      final AmazonWebServicesClientProxy proxy,
      final ProxyClient<SnsClient> sns,
      final ResourceModel model,
      final CallbackContext context,
      final GetTopicAttributesResponse current) {
    ProgressEvent<ResourceModel, CallbackContext> progress = ProgressEvent.progress(model, context);
    for (Map.Entry<String, String> change :
        TopicSettings.changedAttributes(model, current.attributes()).entrySet()) {
      progress =
          progress.then(
              p ->
                  proxy
                      .initiate(
                          CALL + "Update::SetTopicAttributes::" + change.getKey(),
                          sns,
                          model,
                          context)
                      .translateToServiceRequest(
                          m ->
                              SetTopicAttributesRequest.builder()
                                  .topicArn(m.getTopicArn())
                                  .attributeName(change.getKey())
                                  .attributeValue(change.getValue())
                                  .build())
                      .makeServiceCall(
                          (req, client) ->
                              client.injectCredentialsAndInvokeV2(
                                  req, client.client()::setTopicAttributes))
                      .handleError(this::handleError)
                      .done(
                          (req, res, client, m, c) -> {
                            c.applied("set " + change.getKey());
                            return ProgressEvent.progress(m, c);
                          }));
    }
    return progress;
  }

  private ProgressEvent<ResourceModel, CallbackContext> updateTags(
      final AmazonWebServicesClientProxy proxy,
      final ProxyClient<SnsClient> sns,
      final ResourceHandlerRequest<ResourceModel> request,
      final ProgressEvent<ResourceModel, CallbackContext> progress) {
    final ResourceModel model = progress.getResourceModel();
    final CallbackContext context = progress.getCallbackContext();
    return proxy
        .initiate(CALL + "Update::ListTagsForResource", sns, model, context)
        .translateToServiceRequest(BaseHandlerStd::listTagsRequest)
        .makeServiceCall(BaseHandlerStd::listTags)
        .handleError(this::handleError)
        .done(
            listed -> {
              final TopicTags.Diff diff =
                  TopicTags.diff(listed.tags(), TopicTags.merge(request.getDesiredResourceTags()));
              return ProgressEvent.progress(model, context)
                  .then(p -> diff.toRemove().isEmpty() ? p : untag(proxy, sns, p, diff.toRemove()))
                  .then(p -> diff.toAdd().isEmpty() ? p : tag(proxy, sns, p, diff.toAdd()));
            });
  }

  private ProgressEvent<ResourceModel, CallbackContext> untag(
      final AmazonWebServicesClientProxy proxy,
      final ProxyClient<SnsClient> sns,
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final List<String> keys) {
    return proxy
        .initiate(
            CALL + "Update::UntagResource",
            sns,
            progress.getResourceModel(),
            progress.getCallbackContext())
        .translateToServiceRequest(
            m -> UntagResourceRequest.builder().resourceArn(m.getTopicArn()).tagKeys(keys).build())
        .makeServiceCall(
            (req, client) ->
                client.injectCredentialsAndInvokeV2(req, client.client()::untagResource))
        .handleError(this::handleError)
        .done(
            (req, res, client, m, c) -> {
              c.applied("removed tags " + String.join(", ", keys));
              return ProgressEvent.progress(m, c);
            });
  }

  private ProgressEvent<ResourceModel, CallbackContext> tag(
      final AmazonWebServicesClientProxy proxy,
      final ProxyClient<SnsClient> sns,
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final Map<String, String> tags) {
    return proxy
        .initiate(
            CALL + "Update::TagResource",
            sns,
            progress.getResourceModel(),
            progress.getCallbackContext())
        .translateToServiceRequest(
            m ->
                TagResourceRequest.builder()
                    .resourceArn(m.getTopicArn())
                    .tags(TopicTags.toSdk(tags))
                    .build())
        .makeServiceCall(
            (req, client) -> client.injectCredentialsAndInvokeV2(req, client.client()::tagResource))
        .handleError(this::handleError)
        .done(
            (req, res, client, m, c) -> {
              c.applied("added or changed tags " + String.join(", ", tags.keySet()));
              return ProgressEvent.progress(m, c);
            });
  }

  /** A new key is checked before anything changes, so a bad key leaves the topic as it was. */
  private static boolean keyChanges(
      final ResourceModel desired, final GetTopicAttributesResponse current) {
    return !TopicSettings.keyId(desired)
        .equals(current.attributes().get(TopicAttributes.KMS_MASTER_KEY_ID));
  }

  /**
   * CloudFormation replaces a topic whose createOnly properties change; an update must not. The
   * topic as it is now ({@code live}) is the reference, whatever the previous model says.
   */
  private static String createOnlyChange(final ResourceModel live, final ResourceModel desired) {
    final ResourceModel previous = live;
    if (desired.getTopicName() != null && !desired.getTopicName().equals(previous.getTopicName())) {
      return "TopicName cannot change in place (from '"
          + previous.getTopicName()
          + "' to '"
          + desired.getTopicName()
          + "'): CloudFormation replaces the topic instead.";
    }
    if (TopicSettings.isFifo(previous) != TopicSettings.isFifo(desired)) {
      return "FifoTopic cannot change in place: CloudFormation replaces the topic instead.";
    }
    return null;
  }
}
