package software.amazon.sns.ssetopic;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesResponse;
import software.amazon.awssdk.services.sns.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.sns.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ProxyClient;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;
import software.amazon.sns.ssetopic.aws.AwsErrorCodes;
import software.amazon.sns.ssetopic.aws.AwsFailures;

/** What every action shares: the clients, the error mapping, throttling, the topic lookups. */
public abstract class BaseHandlerStd extends BaseHandler<CallbackContext> {

  /** Call-graph names are prefixed with the type so that logs and contexts say whose call it is. */
  protected static final String CALL = "AWS-SNS-SSETopic::";

  /** How often an action that AWS throttled asks CloudFormation to call it again. */
  static final int THROTTLE_RETRIES = 5;

  /**
   * How often an action is called again after a call that may or may not have taken effect (no
   * readable answer, or a server error); every step reads before it writes, so the next invocation
   * settles what happened.
   */
  static final int TRANSIENT_RETRIES = 5;

  /** How often an action that lost the race for a shared key policy yields before it fails. */
  static final int KEY_POLICY_CONFLICT_RETRIES = 8;

  /**
   * How often an action yields because its invocation ran out of time before it fails; each yield
   * follows at least one finished step, so this only bounds an AWS that answers ever more slowly.
   */
  static final int TIME_YIELDS = 20;

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
            proxy.newProxy(() -> ClientBuilder.kms(request.getRegion())),
            proxy.newProxy(() -> ClientBuilder.sqs(request.getRegion())),
            InvocationBudget.current()),
        logger);
  }

  /**
   * The proxied clients of one request (each SDK client is built on first use) and the time the
   * invocation may still spend calling them.
   */
  protected record Clients(
      ProxyClient<SnsClient> sns,
      ProxyClient<KmsClient> kms,
      ProxyClient<SqsClient> sqs,
      InvocationBudget budget) {
    /** Clients with no time limit of their own (unit tests). */
    Clients(
        final ProxyClient<SnsClient> sns,
        final ProxyClient<KmsClient> kms,
        final ProxyClient<SqsClient> sqs) {
      this(sns, kms, sqs, InvocationBudget.unlimited());
    }
  }

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

  /** The key-resolution steps of one request, failing through this handler's mapping. */
  protected KeyResolution keyResolution(
      final AmazonWebServicesClientProxy proxy,
      final Clients clients,
      final ResourceHandlerRequest<ResourceModel> request) {
    return new KeyResolution(proxy, clients.kms(), request, this::failure);
  }

  /** The key-policy steps of one request, failing through this handler's mapping. */
  protected KeyPolicySteps keyPolicySteps(
      final AmazonWebServicesClientProxy proxy, final Clients clients) {
    return new KeyPolicySteps(proxy, clients.kms(), this::failure, clients.budget());
  }

  /** The Verify-mode check of the queues SQS subscriptions deliver to. */
  protected QueueDeliverySteps queueDelivery(
      final AmazonWebServicesClientProxy proxy, final Clients clients) {
    return new QueueDeliverySteps(
        proxy, clients.sqs(), clients.kms(), this::failure, clients.budget());
  }

  /** The subscription and data-protection steps of one request. */
  protected TopicExtrasSteps topicExtras(
      final AmazonWebServicesClientProxy proxy, final Clients clients) {
    return new TopicExtrasSteps(proxy, clients.sns(), this::failure, clients.budget());
  }

  /**
   * A call-chain step that starts only while the invocation's time budget fits another AWS call;
   * otherwise the action yields and goes on from here in the next invocation (steps skip what the
   * callback context says is done).
   */
  static Function<
          ProgressEvent<ResourceModel, CallbackContext>,
          ProgressEvent<ResourceModel, CallbackContext>>
      timed(
          final InvocationBudget budget,
          final Function<
                  ProgressEvent<ResourceModel, CallbackContext>,
                  ProgressEvent<ResourceModel, CallbackContext>>
              step) {
    return progress ->
        budget.allowsAnotherCall()
            ? step.apply(progress)
            : outOfTime(progress.getResourceModel(), progress.getCallbackContext());
  }

  private static ProgressEvent<ResourceModel, CallbackContext> outOfTime(
      final ResourceModel model, final CallbackContext context) {
    if (context.getTimeYields() >= TIME_YIELDS) {
      return ProgressEvent.failed(
          model,
          context,
          HandlerErrorCode.NotStabilized,
          withAppliedChanges(
              "AWS answered too slowly for this action to finish in "
                  + TIME_YIELDS
                  + " invocations. Retry the operation.",
              context));
    }
    context.setTimeYields(context.getTimeYields() + 1);
    return ProgressEvent.defaultInProgressHandler(context, 1, model);
  }

  /** A failure message, followed by what this action already changed (so nothing is silent). */
  protected static String withAppliedChanges(final String message, final CallbackContext context) {
    return context.getAppliedChanges().isEmpty()
        ? message
        : message
            + " Already done by this action before the failure: "
            + String.join("; ", context.getAppliedChanges())
            + ". Running the action again (or the stack rollback) converges.";
  }

  private ProgressEvent<ResourceModel, CallbackContext> failure(
      final Exception exception,
      final String messagePrefix,
      final ResourceModel model,
      final CallbackContext context) {
    if (exception instanceof OutOfTimeException) {
      return mayCallBack()
          ? outOfTime(model, context)
          : ProgressEvent.failed(
              model, context, HandlerErrorCode.NotStabilized, exception.getMessage());
    }
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
    if (AwsFailures.isAmbiguous(exception)
        && mayCallBack()
        && context.getTransientRetries() < TRANSIENT_RETRIES) {
      context.setTransientRetries(context.getTransientRetries() + 1);
      return ProgressEvent.defaultInProgressHandler(
          context, 1 << context.getTransientRetries(), model);
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
        model,
        context,
        translation.errorCode(),
        withAppliedChanges(messagePrefix + translation.message(), context));
  }

  /**
   * KMS refuses a key policy that names an IAM role it cannot see yet, which is what a role created
   * moments earlier in the same stack looks like; waiting is the documented remedy.
   */
  private static boolean principalNotYetVisible(final Exception exception) {
    return AwsErrorCodes.is(exception, AwsErrorCodes.KMS_MALFORMED_POLICY)
        && String.valueOf(exception.getMessage()).toLowerCase(Locale.ROOT).contains("principal");
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

  /** Whether the model's TopicArn can name a topic at all (null or malformed cannot). */
  protected static boolean namesTopic(final ResourceModel model) {
    return model != null && TopicSettings.isTopicArn(model.getTopicArn());
  }

  /** The NotFound answer for a model that names no topic, or names one with a malformed ARN. */
  protected static ProgressEvent<ResourceModel, CallbackContext> missingIdentifier(
      final ResourceModel model, final CallbackContext context) {
    return ProgressEvent.failed(
        model,
        context,
        HandlerErrorCode.NotFound,
        model == null || model.getTopicArn() == null
            ? "The request names no TopicArn, so there is no topic to act on."
            : "TopicArn '"
                + model.getTopicArn()
                + "' is not an SNS topic ARN (arn:<partition>:sns:<region>:<account>:<name>),"
                + " so no such topic exists.");
  }
}
