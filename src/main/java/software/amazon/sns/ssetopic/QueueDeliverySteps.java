package software.amazon.sns.ssetopic;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ProxyClient;
import software.amazon.sns.ssetopic.aws.AwsErrorCodes;
import software.amazon.sns.ssetopic.aws.AwsFailures;
import software.amazon.sns.ssetopic.aws.KmsKeys;
import software.amazon.sns.ssetopic.kms.KeyReference;
import software.amazon.sns.ssetopic.policy.TopicArn;

/**
 * Verify mode, before anything is created or changed: each SQS subscription's queue must be able to
 * receive from SNS. An unencrypted queue or one with SQS-managed encryption can; a queue with a KMS
 * key needs that key's policy to let sns.amazonaws.com use it ({@link QueueDelivery}). Calls per
 * queue: sqs:GetQueueUrl, sqs:GetQueueAttributes, and for a KMS-encrypted queue kms:DescribeKey and
 * kms:GetKeyPolicy.
 */
final class QueueDeliverySteps {

  private static final String CALL = BaseHandlerStd.CALL;

  private final AmazonWebServicesClientProxy proxy;
  private final ProxyClient<SqsClient> sqs;
  private final ProxyClient<KmsClient> kms;
  private final KeyResolution.Failures failures;
  private final InvocationBudget budget;

  QueueDeliverySteps(
      final AmazonWebServicesClientProxy proxy,
      final ProxyClient<SqsClient> sqs,
      final ProxyClient<KmsClient> kms,
      final KeyResolution.Failures failures,
      final InvocationBudget budget) {
    this.proxy = proxy;
    this.sqs = sqs;
    this.kms = kms;
    this.failures = failures;
    this.budget = budget;
  }

  /**
   * Checks the SQS subscriptions the desired model declares and the previous one did not (Verify
   * mode only): an update leaves subscriptions it keeps alone, and does not re-check them.
   */
  ProgressEvent<ResourceModel, CallbackContext> verify(
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final ResourceModel desired,
      final ResourceModel previous) {
    if (EventSourceSettings.mode(desired) != EventSourceSettings.Mode.VERIFY) {
      return progress;
    }
    final List<String> kept = previous == null ? List.of() : QueueDelivery.sqsEndpoints(previous);
    ProgressEvent<ResourceModel, CallbackContext> next = progress;
    for (String endpoint : QueueDelivery.sqsEndpoints(desired)) {
      if (kept.contains(endpoint)) {
        continue;
      }
      next = next.then(BaseHandlerStd.timed(budget, p -> verifyQueue(p, endpoint)));
    }
    return next;
  }

  private ProgressEvent<ResourceModel, CallbackContext> verifyQueue(
      final ProgressEvent<ResourceModel, CallbackContext> progress, final String endpoint) {
    final ResourceModel model = progress.getResourceModel();
    final CallbackContext context = progress.getCallbackContext();
    final QueueDelivery.Queue queue = QueueDelivery.Queue.of(endpoint).orElse(null);
    if (queue == null) {
      return ProgressEvent.failed(
          model,
          context,
          HandlerErrorCode.InvalidRequest,
          "Subscription Endpoint '"
              + endpoint
              + "' with Protocol sqs is not an SQS queue ARN"
              + " (arn:<partition>:sqs:<region>:<account>:<queue name>).");
    }
    final TopicArn topic = TopicArn.of(model.getTopicArn());
    return proxy
        .initiate(CALL + "VerifyQueue", sqs, model, context)
        .translateToServiceRequest(
            m ->
                GetQueueUrlRequest.builder()
                    .queueName(queue.name())
                    .queueOwnerAWSAccountId(queue.account())
                    .build())
        .makeServiceCall((req, client) -> problemOf(req, client, queue, topic))
        .handleError(
            (req, e, client, m, c) ->
                AwsFailures.isAmbiguous(e)
                        || ErrorTranslator.instance().translate(e).errorCode()
                            == HandlerErrorCode.Throttling
                    ? failures.fail(e, "", m, c)
                    : ProgressEvent.failed(
                        m,
                        c,
                        HandlerErrorCode.InvalidRequest,
                        QueueDelivery.unverifiable(
                            queue.arn(), AwsErrorCodes.of(e) + ": " + e.getMessage())))
        .done(
            problem ->
                problem.isEmpty()
                    ? ProgressEvent.progress(model, context)
                    : ProgressEvent.failed(
                        model, context, HandlerErrorCode.InvalidRequest, problem));
  }

  /**
   * The problem with delivering to the queue, or "" when there is none (a String, not an Optional:
   * the callback context keeps each call's answer and must serialise it).
   */
  private String problemOf(
      final GetQueueUrlRequest request,
      final ProxyClient<SqsClient> client,
      final QueueDelivery.Queue queue,
      final TopicArn topic) {
    final String url =
        client.injectCredentialsAndInvokeV2(request, client.client()::getQueueUrl).queueUrl();
    final String queueKey =
        client
            .injectCredentialsAndInvokeV2(
                GetQueueAttributesRequest.builder()
                    .queueUrl(url)
                    .attributeNames(QueueAttributeName.KMS_MASTER_KEY_ID)
                    .build(),
                client.client()::getQueueAttributes)
            .attributes()
            .get(QueueAttributeName.KMS_MASTER_KEY_ID);
    if (queueKey == null || queueKey.isEmpty()) {
      return ""; // unencrypted, or SQS-managed encryption: nothing for SNS to ask
    }
    final Optional<String> managed = QueueDelivery.managedKeyProblem(queue.arn(), queueKey);
    if (managed.isPresent()) {
      return managed.get();
    }
    final KeyMetadata key =
        kms.injectCredentialsAndInvokeV2(
                DescribeKeyRequest.builder().keyId(queueKey).build(), kms.client()::describeKey)
            .keyMetadata();
    if (KmsKeys.isAwsManaged(key)) {
      return QueueDelivery.managedKeyProblem(queue.arn(), KeyReference.AWS_MANAGED_SQS_ALIAS)
          .orElseThrow();
    }
    if (!KmsKeys.inTopicAccount(key.arn(), topic)) {
      return QueueDelivery.unverifiable(
          queue.arn(),
          "its key "
              + key.arn()
              + " belongs to another account, whose key policy only that account can read;"
              + " its owner must let sns.amazonaws.com use the key");
    }
    final String policy =
        kms.injectCredentialsAndInvokeV2(
                GetKeyPolicyRequest.builder()
                    .keyId(key.arn())
                    .policyName(KmsKeys.DEFAULT_POLICY_NAME)
                    .build(),
                kms.client()::getKeyPolicy)
            .policy();
    return QueueDelivery.keyPolicyProblem(queue.arn(), key.arn(), policy, topic).orElse("");
  }
}
