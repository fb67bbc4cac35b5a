package software.amazon.sns.ssetopic;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.policybuilder.iam.IamStatement;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ProxyClient;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;
import software.amazon.sns.ssetopic.EventSourceSettings.Mode;
import software.amazon.sns.ssetopic.kms.KeyCheck;
import software.amazon.sns.ssetopic.kms.KeyReference;
import software.amazon.sns.ssetopic.policy.EventSource;
import software.amazon.sns.ssetopic.policy.InvalidPolicyDocumentException;
import software.amazon.sns.ssetopic.policy.KeyPolicyEvaluation;
import software.amazon.sns.ssetopic.policy.KeyPolicyEvaluator;
import software.amazon.sns.ssetopic.policy.KeyPolicyStatements;
import software.amazon.sns.ssetopic.policy.PolicyEditor;
import software.amazon.sns.ssetopic.policy.SourceEvaluation;
import software.amazon.sns.ssetopic.policy.TopicArn;

/**
 * The call-chain steps about the topic's KMS key for one request: resolve and check the key, then
 * verify or write this topic's statements in its key policy. Each step takes and returns the
 * progress event, so handlers chain them with {@code then}.
 */
final class KeySteps {

  /** How a step reports a failed call: the handler's error mapping, throttling included. */
  @FunctionalInterface
  interface Failures {
    ProgressEvent<ResourceModel, CallbackContext> fail(
        Exception exception, String messagePrefix, ResourceModel model, CallbackContext context);
  }

  private static final String CALL = BaseHandlerStd.CALL;
  private static final String KMS_NOT_FOUND = "NotFoundException";
  private static final KeyPolicyStatements GENERATOR = KeyPolicyStatements.standard();
  private static final KeyPolicyEvaluator EVALUATOR = new KeyPolicyEvaluator(GENERATOR);

  private final AmazonWebServicesClientProxy proxy;
  private final ProxyClient<KmsClient> kms;
  private final ResourceHandlerRequest<ResourceModel> request;
  private final Failures failures;

  KeySteps(
      final AmazonWebServicesClientProxy proxy,
      final ProxyClient<KmsClient> kms,
      final ResourceHandlerRequest<ResourceModel> request,
      final Failures failures) {
    this.proxy = proxy;
    this.kms = kms;
    this.request = request;
    this.failures = failures;
  }

  /**
   * Sets the model's KmsKeyArn. A key ARN or key ID gives it without a call; an alias takes one
   * DescribeKey. With {@code validate}, the key must also be one SNS can encrypt with (enabled,
   * symmetric, in the topic's region), and a missing key fails the request.
   */
  ProgressEvent<ResourceModel, CallbackContext> resolveKey(
      final ProgressEvent<ResourceModel, CallbackContext> progress, final boolean validate) {
    final ResourceModel model = progress.getResourceModel();
    final CallbackContext context = progress.getCallbackContext();
    final String region = request.getRegion();
    final KeyReference key = TopicSettings.keyReference(model);
    if (validate) {
      final String problem = KeyCheck.beforeLookup(key, region).orElse(null);
      if (problem != null) {
        return ProgressEvent.failed(model, context, HandlerErrorCode.InvalidRequest, problem);
      }
    } else {
      final String derived =
          key.derivedKeyArn(BaseHandlerStd.partition(request), region, request.getAwsAccountId())
              .orElse(null);
      if (derived != null) {
        model.setKmsKeyArn(derived);
        return progress;
      }
    }
    return proxy
        .initiate(CALL + "DescribeKey", kms, model, context)
        .translateToServiceRequest(m -> DescribeKeyRequest.builder().keyId(key.text()).build())
        .makeServiceCall(
            (req, client) -> client.injectCredentialsAndInvokeV2(req, client.client()::describeKey))
        .handleError(
            (req, e, client, m, c) -> {
              if (!KMS_NOT_FOUND.equals(AwsErrorCodes.of(e))) {
                return failures.fail(e, "KmsMasterKeyId '" + key.text() + "': ", m, c);
              }
              if (validate && !key.isAwsManagedSnsKey()) {
                return ProgressEvent.failed(
                    m,
                    c,
                    HandlerErrorCode.InvalidRequest,
                    "KmsMasterKeyId '"
                        + key.text()
                        + "' was not found in region "
                        + region
                        + " of account "
                        + (key.account() != null ? key.account() : request.getAwsAccountId())
                        + ": check the key ID or alias, or create the key there first.");
              }
              // alias/aws/sns appears on first use, and a read must not fail for a key that is
              // gone: the topic still exists. KmsKeyArn stays empty until KMS knows the key.
              m.setKmsKeyArn(null);
              return ProgressEvent.progress(m, c);
            })
        .done(
            described -> {
              final String problem =
                  validate
                      ? KeyCheck.problem(key, described.keyMetadata(), region)
                          .orElseGet(() -> awsManagedKeyProblem(model, described.keyMetadata()))
                      : null;
              if (problem != null) {
                return ProgressEvent.failed(
                    model, context, HandlerErrorCode.InvalidRequest, problem);
              }
              model.setKmsKeyArn(described.keyMetadata().arn());
              return ProgressEvent.progress(model, context);
            });
  }

  /** An AWS managed key named by ARN or another alias: no event source can ever use it. */
  private static String awsManagedKeyProblem(final ResourceModel model, final KeyMetadata key) {
    return key.keyManager() == KeyManagerType.AWS ? EventSourceSettings.problem(model, true) : null;
  }

  /**
   * Verify mode: the key policy must let every source use the key; checked before anything is
   * created or changed. A key in another account cannot have its policy read, so its sources are
   * refused with the statements its owner must add (then KeyPolicyMode: Skip).
   */
  ProgressEvent<ResourceModel, CallbackContext> verifyKeyPolicy(
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final List<EventSource> sources) {
    final ResourceModel model = progress.getResourceModel();
    final String keyArn = model.getKmsKeyArn();
    if (sources.isEmpty() || keyArn == null) {
      return progress;
    }
    final TopicArn topic = TopicArn.of(model.getTopicArn());
    if (!inTopicAccount(keyArn, topic)) {
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
   * policy the handler may not read leave EventSources as the request carried them.
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
    if (!inTopicAccount(keyArn, topic)) {
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
              m.setEventSources(
                  m.getEventSources().stream()
                      .filter(declared -> granted.contains(EventSourceSettings.toPolicy(declared)))
                      .collect(Collectors.toSet()));
              return ProgressEvent.progress(m, c);
            });
  }

  private static GetKeyPolicyRequest getKeyPolicyRequest(final String keyArn) {
    return GetKeyPolicyRequest.builder()
        .keyId(keyArn)
        .policyName(KeyPolicyWriter.POLICY_NAME)
        .build();
  }

  /**
   * Manage mode: this topic's statements in the key policy become exactly those the sources need
   * (none removes them). Refused for a key in another account, whose policy only its owner can
   * change.
   */
  ProgressEvent<ResourceModel, CallbackContext> writeKeyPolicy(
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
    if (!inTopicAccount(keyArn, topic)) {
      return ProgressEvent.failed(
          model,
          context,
          HandlerErrorCode.InvalidRequest,
          "KeyPolicyMode Manage edits the key policy, but "
              + keyArn
              + " belongs to account "
              + KeyReference.parse(keyArn).account()
              + ", not the topic's "
              + topic.account()
              + ", and only that account can change its policy: have the"
              + " owner add the statements (KeyPolicyMode: Verify lists them) and set"
              + " KeyPolicyMode: Skip.");
    }
    final List<IamStatement> statements = GENERATOR.forSources(topic, sources);
    return proxy
        .initiate(CALL + "Manage::" + step, kms, model, context)
        .translateToServiceRequest(m -> keyArn)
        .makeServiceCall((arn, client) -> new KeyPolicyWriter(client).apply(arn, topic, statements))
        .handleError((req, e, client, m, c) -> failures.fail(e, "", m, c))
        .done(
            wrote -> {
              context.setKeyPolicyWritten(context.isKeyPolicyWritten() || wrote);
              return ProgressEvent.progress(model, context);
            });
  }

  /**
   * Manage mode, last step: a handler that wrote the key policy checks once more that its
   * statements survived concurrent writers, and restores them if not.
   */
  ProgressEvent<ResourceModel, CallbackContext> confirmKeyPolicy(
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final String keyArn,
      final List<EventSource> sources) {
    return progress.getCallbackContext().isKeyPolicyWritten()
        ? writeKeyPolicy(progress, keyArn, sources, "Confirm")
        : progress;
  }

  private static boolean inTopicAccount(final String keyArn, final TopicArn topic) {
    return topic.account().equals(KeyReference.parse(keyArn).account());
  }
}
