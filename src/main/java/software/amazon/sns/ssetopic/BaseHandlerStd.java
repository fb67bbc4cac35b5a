package software.amazon.sns.ssetopic;

import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesResponse;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ProxyClient;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;

/** What every action shares: the clients, the error mapping and the throttling budget. */
public abstract class BaseHandlerStd extends BaseHandler<CallbackContext> {

  /** Call-graph names are prefixed with the type so that logs and contexts say whose call it is. */
  protected static final String CALL = "AWS-SNS-SSETopic::";

  /** How often an action that AWS throttled asks CloudFormation to call it again. */
  static final int THROTTLE_RETRIES = 5;

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
        proxy.newProxy(() -> ClientBuilder.sns(request.getRegion())),
        logger);
  }

  protected abstract ProgressEvent<ResourceModel, CallbackContext> handleRequest(
      AmazonWebServicesClientProxy proxy,
      ResourceHandlerRequest<ResourceModel> request,
      CallbackContext callbackContext,
      ProxyClient<SnsClient> sns,
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
    final ErrorTranslator.Translation translation = ErrorTranslator.instance().translate(exception);
    if (translation.errorCode() == HandlerErrorCode.Throttling
        && mayCallBack()
        && context.getThrottledAttempts() < THROTTLE_RETRIES) {
      context.setThrottledAttempts(context.getThrottledAttempts() + 1);
      final int delaySeconds = 1 << context.getThrottledAttempts();
      return ProgressEvent.defaultInProgressHandler(context, delaySeconds, model);
    }
    return ProgressEvent.failed(model, context, translation.errorCode(), translation.message());
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
