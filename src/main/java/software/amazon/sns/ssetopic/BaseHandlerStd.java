package software.amazon.sns.ssetopic;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.policybuilder.iam.IamStatement;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesResponse;
import software.amazon.awssdk.services.sns.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.sns.model.ListTagsForResourceResponse;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ProxyClient;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;
import software.amazon.sns.ssetopic.kms.KeyCheck;
import software.amazon.sns.ssetopic.kms.KeyReference;
import software.amazon.sns.ssetopic.policy.EventSource;
import software.amazon.sns.ssetopic.policy.InvalidPolicyDocumentException;
import software.amazon.sns.ssetopic.policy.KeyPolicyEvaluation;
import software.amazon.sns.ssetopic.policy.KeyPolicyEvaluator;
import software.amazon.sns.ssetopic.policy.KeyPolicyStatements;
import software.amazon.sns.ssetopic.policy.PolicyEditor;
import software.amazon.sns.ssetopic.policy.TopicArn;

/** What every action shares: the clients, the error mapping, the key lookup, throttling. */
public abstract class BaseHandlerStd extends BaseHandler<CallbackContext> {

  /** Call-graph names are prefixed with the type so that logs and contexts say whose call it is. */
  protected static final String CALL = "AWS-SNS-SSETopic::";

  /** How often an action that AWS throttled asks CloudFormation to call it again. */
  static final int THROTTLE_RETRIES = 5;

  /** How often an action that lost the race for a shared key policy yields before it fails. */
  static final int KEY_POLICY_CONFLICT_RETRIES = 8;

  private static final String KMS_NOT_FOUND = "NotFoundException";
  private static final KeyPolicyStatements GENERATOR = KeyPolicyStatements.standard();
  private static final KeyPolicyEvaluator EVALUATOR = new KeyPolicyEvaluator(GENERATOR);

  @Override
  public final ProgressEvent<ResourceModel, CallbackContext> handleRequest(
      final AmazonWebServicesClientProxy proxy,
      final ResourceHandlerRequest<ResourceModel> request,
      final CallbackContext callbackContext,
      final Logger logger) {
    return handleRequest(
        proxy,
        request,
        callbackContext == null ? new CallbackContext() : callbackContext,
        new Clients(
            proxy.newProxy(() -> ClientBuilder.sns(request.getRegion())),
            proxy.newProxy(() -> ClientBuilder.kms(request.getRegion()))),
        logger);
  }

  /** The proxied clients of one request; each SDK client is built on first use. */
  protected record Clients(ProxyClient<SnsClient> sns, ProxyClient<KmsClient> kms) {}

  protected abstract ProgressEvent<ResourceModel, CallbackContext> handleRequest(
      AmazonWebServicesClientProxy proxy,
      ResourceHandlerRequest<ResourceModel> request,
      CallbackContext callbackContext,
      Clients clients,
      Logger logger);

  /**
   * Read and List must answer in one invocation (CloudFormation's contract), so they fail on
   * throttling instead of asking to be called again.
   */
  protected boolean mayCallBack() {
    return true;
  }

  /** Turns a failed call into the event CloudFormation acts on. */
  protected ProgressEvent<ResourceModel, CallbackContext> handleError(
      final Object request,
      final Exception exception,
      final ProxyClient<?> client,
      final ResourceModel model,
      final CallbackContext context) {
    return failure(exception, "", model, context);
  }

  private ProgressEvent<ResourceModel, CallbackContext> failure(
      final Exception exception,
      final String messagePrefix,
      final ResourceModel model,
      final CallbackContext context) {
    if (exception instanceof KeyPolicyConflictException
        && mayCallBack()
        && context.getKeyPolicyConflicts() < KEY_POLICY_CONFLICT_RETRIES) {
      context.setKeyPolicyConflicts(context.getKeyPolicyConflicts() + 1);
      // A random delay, so that writers that collided do not collide again on the next round.
      final int delaySeconds =
          1
              + ThreadLocalRandom.current()
                  .nextInt(Math.min(30, 2 << context.getKeyPolicyConflicts()));
      return ProgressEvent.defaultInProgressHandler(context, delaySeconds, model);
    }
    final ErrorTranslator.Translation translation = ErrorTranslator.instance().translate(exception);
    if ((translation.errorCode() == HandlerErrorCode.Throttling
            || principalNotYetVisible(exception))
        && mayCallBack()
        && context.getThrottledAttempts() < THROTTLE_RETRIES) {
      context.setThrottledAttempts(context.getThrottledAttempts() + 1);
      final int delaySeconds = 1 << context.getThrottledAttempts();
      return ProgressEvent.defaultInProgressHandler(context, delaySeconds, model);
    }
    return ProgressEvent.failed(
        model, context, translation.errorCode(), messagePrefix + translation.message());
  }

  /**
   * KMS refuses a key policy that names an IAM role it cannot see yet, which is what a role created
   * moments earlier in the same stack looks like; waiting is the documented remedy.
   */
  private static boolean principalNotYetVisible(final Exception exception) {
    return "MalformedPolicyDocumentException".equals(ErrorTranslator.awsErrorCode(exception))
        && String.valueOf(exception.getMessage()).toLowerCase(Locale.ROOT).contains("principal");
  }

  /**
   * Sets the model's KmsKeyArn. A key ARN or key ID gives it without a call; an alias takes one
   * DescribeKey. With {@code validate}, the key must also be one SNS can encrypt with (enabled,
   * symmetric, in the topic's region), and a missing key fails the request.
   */
  protected ProgressEvent<ResourceModel, CallbackContext> resolveKey(
      final AmazonWebServicesClientProxy proxy,
      final ProxyClient<KmsClient> kms,
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final ResourceHandlerRequest<ResourceModel> request,
      final boolean validate) {
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
          key.derivedKeyArn(partition(request), region, request.getAwsAccountId()).orElse(null);
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
              if (!KMS_NOT_FOUND.equals(ErrorTranslator.awsErrorCode(e))) {
                return failure(e, "KmsMasterKeyId '" + key.text() + "': ", m, c);
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
                        + request.getAwsAccountId()
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
  protected ProgressEvent<ResourceModel, CallbackContext> verifyKeyPolicy(
      final AmazonWebServicesClientProxy proxy,
      final ProxyClient<KmsClient> kms,
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
                  .unverifiable(topic, sources, "the key belongs to another account")
                  .failureMessage()
              + "\nVerify cannot read a key policy in another account: once the key's owner has"
              + " added these statements, set KeyPolicyMode: Skip.");
    }
    return proxy
        .initiate(CALL + "Verify::GetKeyPolicy", kms, model, progress.getCallbackContext())
        .translateToServiceRequest(
            m ->
                GetKeyPolicyRequest.builder()
                    .keyId(keyArn)
                    .policyName(KeyPolicyWriter.POLICY_NAME)
                    .build())
        .makeServiceCall(
            (req, client) ->
                client.injectCredentialsAndInvokeV2(req, client.client()::getKeyPolicy))
        .handleError(this::handleError)
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
   * Manage mode: this topic's statements in the key policy become exactly those the sources need
   * (none removes them). Refused for a key in another account, whose policy only its owner can
   * change.
   */
  protected ProgressEvent<ResourceModel, CallbackContext> writeKeyPolicy(
      final AmazonWebServicesClientProxy proxy,
      final ProxyClient<KmsClient> kms,
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
              + " belongs to another account, whose policy only its owner can change: have the"
              + " owner add the statements (KeyPolicyMode: Verify lists them) and set"
              + " KeyPolicyMode: Skip.");
    }
    final List<IamStatement> statements = GENERATOR.forSources(topic, sources);
    return proxy
        .initiate(CALL + "Manage::" + step, kms, model, context)
        .translateToServiceRequest(m -> keyArn)
        .makeServiceCall((arn, client) -> new KeyPolicyWriter(client).apply(arn, topic, statements))
        .handleError(this::handleError)
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
  protected ProgressEvent<ResourceModel, CallbackContext> confirmKeyPolicy(
      final AmazonWebServicesClientProxy proxy,
      final ProxyClient<KmsClient> kms,
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final String keyArn,
      final List<EventSource> sources) {
    return progress.getCallbackContext().isKeyPolicyWritten()
        ? writeKeyPolicy(proxy, kms, progress, keyArn, sources, "Confirm")
        : progress;
  }

  private static boolean inTopicAccount(final String keyArn, final TopicArn topic) {
    return topic.account().equals(KeyReference.parse(keyArn).account());
  }

  /** GetTopicAttributes: the existence check and the current state of the topic. */
  protected static GetTopicAttributesResponse getTopicAttributes(
      final GetTopicAttributesRequest request, final ProxyClient<SnsClient> sns) {
    return sns.injectCredentialsAndInvokeV2(request, sns.client()::getTopicAttributes);
  }

  /** ListTagsForResource: the topic's tags, for Read and for the tag diff of Update. */
  protected static ListTagsForResourceResponse listTags(
      final ListTagsForResourceRequest request, final ProxyClient<SnsClient> sns) {
    return sns.injectCredentialsAndInvokeV2(request, sns.client()::listTagsForResource);
  }

  protected static ListTagsForResourceRequest listTagsRequest(final ResourceModel model) {
    return ListTagsForResourceRequest.builder().resourceArn(model.getTopicArn()).build();
  }

  protected static GetTopicAttributesRequest getTopicAttributesRequest(final ResourceModel model) {
    return GetTopicAttributesRequest.builder().topicArn(model.getTopicArn()).build();
  }

  protected static boolean isNotFound(final Exception exception) {
    return ErrorTranslator.instance().translate(exception).errorCode() == HandlerErrorCode.NotFound;
  }

  protected static String partition(final ResourceHandlerRequest<ResourceModel> request) {
    return request.getAwsPartition() != null
        ? request.getAwsPartition()
        : PartitionMetadata.of(Region.of(request.getRegion())).id();
  }

  /** The NotFound answer for a model that names no topic at all. */
  protected static ProgressEvent<ResourceModel, CallbackContext> missingIdentifier(
      final ResourceModel model, final CallbackContext context) {
    return ProgressEvent.failed(
        model,
        context,
        HandlerErrorCode.NotFound,
        "The request names no TopicArn, so there is no topic to act on.");
  }
}
