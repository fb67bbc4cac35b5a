package software.amazon.sns.ssetopic.local;

import software.amazon.cloudformation.Action;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;
import software.amazon.sns.ssetopic.CallbackContext;
import software.amazon.sns.ssetopic.LambdaEntrypoint;
import software.amazon.sns.ssetopic.ResourceModel;
import software.amazon.sns.ssetopic.TypeConfigurationModel;

/**
 * Benchmark tooling, not shipped: the other floor of a cold start. The shipped entry point with
 * everything the RPDK wrapper does around a handler (its static HTTP client, request parsing,
 * schema validation, response), but a handler that answers at once with the model it was given and
 * makes no AWS call. With {@link ColdStartFloor} (the AWS calls and nothing else) it bounds what a
 * cold request can cost: the wrapper's part runs before any handler code, on the same thread.
 */
public final class WrapperFloor extends LambdaEntrypoint {

  @Override
  public ProgressEvent<ResourceModel, CallbackContext> invokeHandler(
      final AmazonWebServicesClientProxy proxy,
      final ResourceHandlerRequest<ResourceModel> request,
      final Action action,
      final CallbackContext callbackContext,
      final TypeConfigurationModel typeConfiguration) {
    return ProgressEvent.defaultSuccessHandler(request.getDesiredResourceState());
  }
}
