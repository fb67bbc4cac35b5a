package software.amazon.sns.ssetopic;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.policybuilder.iam.IamStatement;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyRequest;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ProxyClient;
import software.amazon.sns.ssetopic.EventSourceSettings.Mode;
import software.amazon.sns.ssetopic.aws.AwsErrorCodes;
import software.amazon.sns.ssetopic.aws.KmsKeys;
import software.amazon.sns.ssetopic.kms.KeyReference;
import software.amazon.sns.ssetopic.policy.EventSource;
import software.amazon.sns.ssetopic.policy.InvalidPolicyDocumentException;
import software.amazon.sns.ssetopic.policy.KeyPolicyEvaluation;
import software.amazon.sns.ssetopic.policy.KeyPolicyEvaluator;
import software.amazon.sns.ssetopic.policy.KeyPolicyStatements;
import software.amazon.sns.ssetopic.policy.PolicyEditor;
import software.amazon.sns.ssetopic.policy.SourceEvaluation;
import software.amazon.sns.ssetopic.policy.StatementIds;
import software.amazon.sns.ssetopic.policy.TopicArn;

/**
 * The call-chain steps on a key's policy for one request: verify that it grants the event sources,
 * write or withdraw this topic's statements (Manage mode), and report which sources it grants.
 * Which of them an action runs is decided by the {@link KeyPolicyPlan} of its mode.
 */
final class KeyPolicySteps {

  private static final String CALL = BaseHandlerStd.CALL;

  /** KMS errors that mean a key has no policy left to edit: gone, or on its way out. */
  private static final Set<String> KEY_UNUSABLE =
      Set.of(AwsErrorCodes.KMS_NOT_FOUND, AwsErrorCodes.KMS_INVALID_STATE);

  static final KeyPolicyStatements GENERATOR = KeyPolicyStatements.standard();
  private static final KeyPolicyEvaluator EVALUATOR = new KeyPolicyEvaluator(GENERATOR);

  private final AmazonWebServicesClientProxy proxy;
  private final ProxyClient<KmsClient> kms;
  private final KeyResolution.Failures failures;
  private final InvocationBudget budget;

  KeyPolicySteps(
      final AmazonWebServicesClientProxy proxy,
      final ProxyClient<KmsClient> kms,
      final KeyResolution.Failures failures,
      final InvocationBudget budget) {
    this.proxy = proxy;
    this.kms = kms;
    this.failures = failures;
    this.budget = budget;
  }

  /**
   * Verify mode: the key policy must let every source use the key; checked before anything is
   * created or changed. A key in another account cannot have its policy read, so its sources are
   * refused with the statements its owner must add (then KeyPolicyMode: Skip).
   */
  ProgressEvent<ResourceModel, CallbackContext> verify(
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final List<EventSource> sources) {
    final ResourceModel model = progress.getResourceModel();
    final String keyArn = model.getKmsKeyArn();
    if (sources.isEmpty() || keyArn == null) {
      return progress;
    }
    final TopicArn topic = TopicArn.of(model.getTopicArn());
    if (!KmsKeys.inTopicAccount(keyArn, topic)) {
      return ProgressEvent.failed(
          model,
          progress.getCallbackContext(),
          HandlerErrorCode.InvalidRequest,
          EVALUATOR
                  .unverifiable(
                      topic,
                      sources,
                      "the key belongs to account "
                          + KeyReference.parse(keyArn).account()
                          + ", not the topic's "
                          + topic.account())
                  .failureMessage()
              + "\nVerify cannot read a key policy in another account: once the key's owner has"
              + " added these statements, set KeyPolicyMode: Skip.");
    }
    return proxy
        .initiate(CALL + "Verify::GetKeyPolicy", kms, model, progress.getCallbackContext())
        .translateToServiceRequest(m -> getKeyPolicyRequest(keyArn))
        .makeServiceCall(
            (req, client) ->
                client.injectCredentialsAndInvokeV2(req, client.client()::getKeyPolicy))
        .handleError((req, e, client, m, c) -> failures.fail(e, "", m, c))
        .done(
            (req, policy, client, m, c) -> {
              final KeyPolicyEvaluation evaluation;
              try {
                // Statements this topic wrote in Manage mode do not count: Verify never keeps them.
                evaluation =
                    EVALUATOR.evaluate(
                        PolicyEditor.withoutTopicStatements(policy.policy(), topic),
                        topic,
                        keyArn,
                        sources);
              } catch (InvalidPolicyDocumentException e) {
                return ProgressEvent.failed(
                    m,
                    c,
                    HandlerErrorCode.InvalidRequest,
                    "The key policy of " + keyArn + " cannot be evaluated: " + e.getMessage());
              }
              return evaluation.allGranted()
                  ? ProgressEvent.progress(m, c)
                  : ProgressEvent.failed(
                      m, c, HandlerErrorCode.InvalidRequest, evaluation.failureMessage());
            });
  }

  /**
   * Read: EventSources as the key policy grants them now, so that drift detection shows a grant
   * that was lost (a stack update that rewrote the key policy, a hand edit). Verify counts grants
   * as Verify does; Manage counts its own statements too. Skip mode, a key in another account, or a
   * policy the handler may not read leave EventSources as the topic policy records them.
   */
  ProgressEvent<ResourceModel, CallbackContext> reportGrantedSources(
      final ProgressEvent<ResourceModel, CallbackContext> progress, final Mode mode) {
    final ResourceModel model = progress.getResourceModel();
    final String keyArn = model.getKmsKeyArn();
    final List<EventSource> sources = EventSourceSettings.sources(model);
    if (mode == Mode.SKIP || sources.isEmpty() || keyArn == null) {
      return progress;
    }
    final TopicArn topic = TopicArn.of(model.getTopicArn());
    if (!KmsKeys.inTopicAccount(keyArn, topic)) {
      return progress;
    }
    return proxy
        .initiate(CALL + "Read::GetKeyPolicy", kms, model, progress.getCallbackContext())
        .translateToServiceRequest(m -> getKeyPolicyRequest(keyArn))
        .makeServiceCall(
            (req, client) ->
                client.injectCredentialsAndInvokeV2(req, client.client()::getKeyPolicy))
        .handleError((req, e, client, m, c) -> ProgressEvent.progress(m, c))
        .done(
            (req, policy, client, m, c) -> {
              final String document =
                  mode == Mode.VERIFY
                      ? PolicyEditor.withoutTopicStatements(policy.policy(), topic)
                      : policy.policy();
              final Set<EventSource> granted;
              try {
                granted =
                    EVALUATOR.evaluate(document, topic, keyArn, sources).sources().stream()
                        .filter(SourceEvaluation::granted)
                        .map(SourceEvaluation::source)
                        .collect(Collectors.toSet());
              } catch (InvalidPolicyDocumentException e) {
                return ProgressEvent.progress(m, c);
              }
              final Set<software.amazon.sns.ssetopic.EventSource> reported =
                  m.getEventSources().stream()
                      .filter(declared -> granted.contains(EventSourceSettings.toPolicy(declared)))
                      .collect(Collectors.toSet());
              m.setEventSources(reported.isEmpty() ? null : reported);
              return ProgressEvent.progress(m, c);
            });
  }

  private static GetKeyPolicyRequest getKeyPolicyRequest(final String keyArn) {
    return GetKeyPolicyRequest.builder()
        .keyId(keyArn)
        .policyName(KmsKeys.DEFAULT_POLICY_NAME)
        .build();
  }

  /**
   * Manage mode, before anything changes: the key's policy must be one this type may edit, which a
   * key in another account's is not (only its owner can change it).
   */
  ProgressEvent<ResourceModel, CallbackContext> checkWritable(
      final ProgressEvent<ResourceModel, CallbackContext> progress) {
    final ResourceModel model = progress.getResourceModel();
    final String keyArn = model.getKmsKeyArn();
    return keyArn == null || KmsKeys.inTopicAccount(keyArn, TopicArn.of(model.getTopicArn()))
        ? progress
        : ProgressEvent.failed(
            model,
            progress.getCallbackContext(),
            HandlerErrorCode.InvalidRequest,
            notWritable(keyArn, TopicArn.of(model.getTopicArn())));
  }

  /**
   * Manage mode, before anything changes: the key must have opted in to Manage ({@link
   * ManageOptInStep}).
   */
  ProgressEvent<ResourceModel, CallbackContext> requireOptIn(
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final List<EventSource> sources) {
    return new ManageOptInStep(proxy, kms, failures)
        .require(progress, progress.getResourceModel().getKmsKeyArn(), sources);
  }

  private static String notWritable(final String keyArn, final TopicArn topic) {
    return "KeyPolicyMode Manage edits the key policy, but "
        + keyArn
        + " belongs to account "
        + KeyReference.parse(keyArn).account()
        + ", not the topic's "
        + topic.account()
        + ", and only that account can change its policy: have the owner add the statements"
        + " (KeyPolicyMode: Verify lists them) and set KeyPolicyMode: Skip.";
  }

  /**
   * Manage mode: this topic's statements in the key policy become exactly those the sources need.
   * Refused for a key in another account, whose policy only its owner can change.
   */
  ProgressEvent<ResourceModel, CallbackContext> write(
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final String keyArn,
      final List<EventSource> sources,
      final String step) {
    final ResourceModel model = progress.getResourceModel();
    final CallbackContext context = progress.getCallbackContext();
    final TopicArn topic = TopicArn.of(model.getTopicArn());
    if (keyArn == null) {
      return progress;
    }
    if (!KmsKeys.inTopicAccount(keyArn, topic)) {
      return ProgressEvent.failed(
          model, context, HandlerErrorCode.InvalidRequest, notWritable(keyArn, topic));
    }
    final List<IamStatement> statements = GENERATOR.forSources(topic, sources);
    return proxy
        .initiate(CALL + "Manage::" + step, kms, model, context)
        .translateToServiceRequest(m -> keyArn)
        .makeServiceCall(
            (arn, client) -> new KeyPolicyWriter(client, budget).apply(arn, topic, statements))
        .handleError((req, e, client, m, c) -> failures.fail(e, "", m, c))
        .done(
            wrote -> {
              if (wrote) {
                context.setKeyPolicyWritten(true);
                context.applied(
                    (statements.isEmpty() ? "removed this topic's statements from" : "wrote")
                        + " the key policy of "
                        + keyArn
                        + (statements.isEmpty()
                            ? ""
                            : " (Sids starting " + StatementIds.topicPrefix(topic) + ")"));
              }
              return ProgressEvent.progress(model, context);
            });
  }

  /**
   * Removes this topic's statements from a key it no longer uses, or uses no more in Manage mode. A
   * key that is gone or pending deletion has nothing left to remove, and a key in another account
   * was never written: neither holds up the action.
   */
  ProgressEvent<ResourceModel, CallbackContext> withdraw(
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final String keyArn,
      final String step) {
    final ResourceModel model = progress.getResourceModel();
    final CallbackContext context = progress.getCallbackContext();
    if (keyArn == null || !KmsKeys.inTopicAccount(keyArn, TopicArn.of(model.getTopicArn()))) {
      return progress;
    }
    final TopicArn topic = TopicArn.of(model.getTopicArn());
    return proxy
        .initiate(CALL + "Manage::" + step, kms, model, context)
        .translateToServiceRequest(m -> keyArn)
        .makeServiceCall(
            (arn, client) -> new KeyPolicyWriter(client, budget).apply(arn, topic, List.of()))
        .handleError(
            (req, e, client, m, c) ->
                isKeyUnusable(e) ? ProgressEvent.progress(m, c) : failures.fail(e, "", m, c))
        .done(
            wrote -> {
              if (wrote) {
                context.setKeyPolicyWithdrawn(true);
                context.applied("removed this topic's statements from the key policy of " + keyArn);
              }
              return ProgressEvent.progress(model, context);
            });
  }

  /**
   * Manage mode, last step: a handler that wrote the key policy checks once more that its
   * statements survived concurrent writers, and restores them if not.
   */
  ProgressEvent<ResourceModel, CallbackContext> confirm(
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final String keyArn,
      final List<EventSource> sources) {
    return progress.getCallbackContext().isKeyPolicyWritten()
        ? write(progress, keyArn, sources, "Confirm")
        : progress;
  }

  /**
   * Last step of an action that withdrew the topic's statements from the key it left (or, on
   * Delete, from its key): checks once more that no concurrent writer's stale copy put them back,
   * and removes them again if one did.
   */
  ProgressEvent<ResourceModel, CallbackContext> confirmWithdrawal(
      final ProgressEvent<ResourceModel, CallbackContext> progress, final String step) {
    final CallbackContext context = progress.getCallbackContext();
    return context.isKeyPolicyWithdrawn()
        ? withdraw(progress, context.getPreviousKeyArn(), step)
        : progress;
  }

  private static boolean isKeyUnusable(final Exception failure) {
    final String code = AwsErrorCodes.of(failure);
    return code != null && KEY_UNUSABLE.contains(code);
  }
}
