package software.amazon.sns.ssetopic;

import java.util.function.Consumer;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ProxyClient;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;
import software.amazon.sns.ssetopic.aws.AwsErrorCodes;
import software.amazon.sns.ssetopic.aws.KmsKeys;
import software.amazon.sns.ssetopic.kms.InvalidKeyReferenceException;
import software.amazon.sns.ssetopic.kms.KeyCheck;
import software.amazon.sns.ssetopic.kms.KeyReference;

/**
 * The call-chain steps that find the topic's KMS key for one request: resolve the model's key
 * reference to an ARN and check that SNS can encrypt with it, or find the key a topic uses now.
 * Each step takes and returns the progress event, so handlers chain them with {@code then}.
 */
final class KeyResolution {

  /** How a step reports a failed call: the handler's error mapping, throttling included. */
  @FunctionalInterface
  interface Failures {
    ProgressEvent<ResourceModel, CallbackContext> fail(
        Exception exception, String messagePrefix, ResourceModel model, CallbackContext context);
  }

  private static final String CALL = BaseHandlerStd.CALL;

  private final AmazonWebServicesClientProxy proxy;
  private final ProxyClient<KmsClient> kms;
  private final ResourceHandlerRequest<ResourceModel> request;
  private final Failures failures;

  KeyResolution(
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
              if (!AwsErrorCodes.is(e, AwsErrorCodes.KMS_NOT_FOUND)) {
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
    return KmsKeys.isAwsManaged(key) ? EventSourceSettings.problem(model, true) : null;
  }

  /**
   * The ARN of the key a topic uses now, for withdrawing its statements: derived from a key ID or
   * ARN without a call, else one DescribeKey. A key that is gone (or an alias that no longer
   * exists) has no statements to withdraw: the result is then null, never a failure.
   */
  ProgressEvent<ResourceModel, CallbackContext> resolveCurrentKey(
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final String keyText,
      final Consumer<String> keyArn) {
    if (keyText == null || keyText.isEmpty()) {
      keyArn.accept(null);
      return progress;
    }
    final KeyReference key;
    try {
      key = KeyReference.parse(keyText);
    } catch (InvalidKeyReferenceException e) {
      keyArn.accept(null);
      return progress;
    }
    final String derived =
        key.derivedKeyArn(
                BaseHandlerStd.partition(request), request.getRegion(), request.getAwsAccountId())
            .orElse(null);
    if (derived != null || key.isAwsManagedSnsKey()) {
      keyArn.accept(derived);
      return progress;
    }
    return proxy
        .initiate(
            CALL + "DescribeCurrentKey",
            kms,
            progress.getResourceModel(),
            progress.getCallbackContext())
        .translateToServiceRequest(m -> DescribeKeyRequest.builder().keyId(key.text()).build())
        .makeServiceCall(
            (req, client) -> client.injectCredentialsAndInvokeV2(req, client.client()::describeKey))
        .handleError(
            (req, e, client, m, c) -> {
              if (!AwsErrorCodes.is(e, AwsErrorCodes.KMS_NOT_FOUND)) {
                return failures.fail(e, "KmsMasterKeyId '" + key.text() + "': ", m, c);
              }
              keyArn.accept(null);
              return ProgressEvent.progress(m, c);
            })
        .done(
            described -> {
              keyArn.accept(described.keyMetadata().arn());
              return progress;
            });
  }
}
