package software.amazon.sns.ssetopic;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesResponse;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ProxyClient;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;
import software.amazon.sns.ssetopic.kms.KeyCheck;
import software.amazon.sns.ssetopic.kms.KeyReference;

/** What every action shares: the clients, the error mapping, the key lookup, throttling. */
public abstract class BaseHandlerStd extends BaseHandler<CallbackContext> {

  /** Call-graph names are prefixed with the type so that logs and contexts say whose call it is. */
  protected static final String CALL = "AWS-SNS-SSETopic::";

  /** How often an action that AWS throttled asks CloudFormation to call it again. */
  static final int THROTTLE_RETRIES = 5;

  private static final String KMS_NOT_FOUND = "NotFoundException";

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
    final ErrorTranslator.Translation translation = ErrorTranslator.instance().translate(exception);
    if (translation.errorCode() == HandlerErrorCode.Throttling
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
                      ? KeyCheck.problem(key, described.keyMetadata(), region).orElse(null)
                      : null;
              if (problem != null) {
                return ProgressEvent.failed(model, context, HandlerErrorCode.InvalidRequest, problem);
              }
              model.setKmsKeyArn(described.keyMetadata().arn());
              return ProgressEvent.progress(model, context);
            });
  }

  /** GetTopicAttributes: the existence check and the current state of the topic. */
  protected static GetTopicAttributesResponse getTopicAttributes(
      final GetTopicAttributesRequest request, final ProxyClient<SnsClient> sns) {
    return sns.injectCredentialsAndInvokeV2(request, sns.client()::getTopicAttributes);
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
