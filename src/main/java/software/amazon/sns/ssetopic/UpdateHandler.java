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
import software.amazon.sns.ssetopic.policy.EventSource;

/**
 * Brings the topic to the desired state: checks a new key and the key policy before anything
 * changes, sets only the attributes that differ from what the topic has now (the topic policy among
 * them), moves Manage-mode statements between keys, then adds and removes tags. A new key encrypts
 * messages published from then on; messages already stored stay under the key they were encrypted
 * with.
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
    final KeySteps keys = keySteps(proxy, clients, request);
    final ResourceModel model = request.getDesiredResourceState();
    final ResourceModel previous =
        request.getPreviousResourceState() == null
            ? new ResourceModel()
            : request.getPreviousResourceState();
    if (model.getTopicArn() == null) {
      model.setTopicArn(previous.getTopicArn());
    }
    if (model.getTopicArn() == null) {
      return missingIdentifier(model, context);
    }
    final String createOnlyChange = createOnlyChange(previous, model);
    if (createOnlyChange != null) {
      return ProgressEvent.failed(model, context, HandlerErrorCode.NotUpdatable, createOnlyChange);
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
    final Mode mode = EventSourceSettings.mode(model);

    return proxy
        .initiate(CALL + "Update::GetTopicAttributes", sns, model, context)
        .translateToServiceRequest(BaseHandlerStd::getTopicAttributesRequest)
        .makeServiceCall(BaseHandlerStd::getTopicAttributes)
        .handleError(this::handleError)
        .done(
            current -> {
              final String policyProblem =
                  InputChecks.topicPolicyProblem(model, current.attributes()).orElse(null);
              if (policyProblem != null) {
                return ProgressEvent.failed(
                    model, context, HandlerErrorCode.InvalidRequest, policyProblem);
              }
              final boolean keyChanges = keyChanges(model, current);
              return ProgressEvent.progress(model, context)
                  .then(progress -> keys.resolveKey(progress, keyChanges))
                  .then(
                      progress ->
                          mode == Mode.VERIFY
                                  && EventSourceSettings.keyPolicyInputsChange(
                                      previous, model, keyChanges)
                              ? keys.verifyKeyPolicy(progress, sources)
                              : progress)
                  .then(
                      progress ->
                          mode == Mode.MANAGE
                              ? manageOptIn(proxy, clients)
                                  .require(progress, model.getKmsKeyArn(), sources)
                                  .then(
                                      p ->
                                          keys.writeKeyPolicy(
                                              p, model.getKmsKeyArn(), sources, "Update"))
                              : progress)
                  .then(progress -> setChangedAttributes(proxy, sns, model, context, current))
                  .then(progress -> leavePreviousKey(keys, progress, previous, mode));
            })
        .then(progress -> updateTags(proxy, sns, request, progress))
        .then(
            progress ->
                mode == Mode.MANAGE
                    ? keys.confirmKeyPolicy(progress, model.getKmsKeyArn(), sources)
                    : progress)
        .then(
            progress -> {
              model.setTopicName(TopicSettings.nameOf(model.getTopicArn()));
              return ProgressEvent.defaultSuccessHandler(model);
            });
  }

  /**
   * Statements this topic wrote in Manage mode come out of the previous key's policy when the topic
   * moves to another key or stops managing it; only after the topic stopped using that key.
   */
  private static ProgressEvent<ResourceModel, CallbackContext> leavePreviousKey(
      final KeySteps keys,
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final ResourceModel previous,
      final Mode mode) {
    final String previousKeyArn = previous.getKmsKeyArn();
    final boolean leaves =
        EventSourceSettings.mode(previous) == Mode.MANAGE
            && previousKeyArn != null
            && (mode != Mode.MANAGE
                || !previousKeyArn.equals(progress.getResourceModel().getKmsKeyArn()));
    return leaves
        ? keys.writeKeyPolicy(progress, previousKeyArn, List.of(), "LeavePreviousKey")
        : progress;
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
                      .progress());
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
        .progress();
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
        .progress();
  }

  /** A new key is checked before anything changes, so a bad key leaves the topic as it was. */
  private static boolean keyChanges(
      final ResourceModel desired, final GetTopicAttributesResponse current) {
    return !TopicSettings.keyId(desired)
        .equals(current.attributes().get(TopicSettings.KMS_MASTER_KEY_ID));
  }

  /** CloudFormation replaces a topic whose createOnly properties change; an update must not. */
  private static String createOnlyChange(
      final ResourceModel previous, final ResourceModel desired) {
    if (desired.getTopicName() != null
        && previous.getTopicName() != null
        && !desired.getTopicName().equals(previous.getTopicName())) {
      return "TopicName cannot change in place (from '"
          + previous.getTopicName()
          + "' to '"
          + desired.getTopicName()
          + "'): CloudFormation replaces the topic instead.";
    }
    if (previous.getTopicArn() != null
        && TopicSettings.isFifo(previous) != TopicSettings.isFifo(desired)) {
      return "FifoTopic cannot change in place: CloudFormation replaces the topic instead.";
    }
    return null;
  }
}
