package software.amazon.sns.ssetopic;

import java.util.List;
import java.util.Optional;
import software.amazon.sns.ssetopic.aws.ServicePrincipals;
import software.amazon.sns.ssetopic.kms.KeyReference;
import software.amazon.sns.ssetopic.policy.EventSource;
import software.amazon.sns.ssetopic.policy.KeyPolicyEvaluator;
import software.amazon.sns.ssetopic.policy.SourceEvaluation;
import software.amazon.sns.ssetopic.policy.TopicArn;

/**
 * Whether SNS can deliver to an encrypted SQS queue: the queue's key must let {@code
 * sns.amazonaws.com} use it ({@code kms:GenerateDataKey*}, {@code kms:Decrypt}), as the SQS guide
 * says for queues that receive from AWS services
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html,
 * "Enable compatibility between AWS services such as Amazon SNS and queues with encryption"). The
 * AWS managed key {@code alias/aws/sqs} can never do it: its key policy cannot be edited (same
 * page), so a queue on it never receives from SNS. Pure: the handler fetches what it needs.
 */
final class QueueDelivery {

  private static final KeyPolicyEvaluator EVALUATOR = KeyPolicyEvaluator.standard();

  private QueueDelivery() {}

  /** The queue ARN's parts SQS calls need. */
  record Queue(String arn, String account, String name) {
    static Optional<Queue> of(final String arn) {
      final String[] parts = arn.split(":", 6);
      if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("sqs")) {
        return Optional.empty();
      }
      return Optional.of(new Queue(arn, parts[4], parts[5]));
    }
  }

  /** The endpoints of the model's SQS subscriptions. */
  static List<String> sqsEndpoints(final ResourceModel model) {
    return Subscriptions.declared(model).stream()
        .filter(s -> "sqs".equals(s.getProtocol()))
        .map(Subscription::getEndpoint)
        .toList();
  }

  /** A queue whose KmsMasterKeyId is the AWS managed key: never deliverable, with the fix. */
  static Optional<String> managedKeyProblem(final String queueArn, final String queueKey) {
    if (queueKey != null && queueKey.endsWith(KeyReference.AWS_MANAGED_SQS_ALIAS)) {
      return Optional.of(
          "Subscription to SQS queue "
              + queueArn
              + " cannot deliver: the queue is encrypted with the AWS managed key "
              + KeyReference.AWS_MANAGED_SQS_ALIAS
              + ", whose key policy cannot let "
              + ServicePrincipals.SNS
              + " use it. Encrypt the queue with a customer managed key whose policy allows "
              + ServicePrincipals.SNS
              + " kms:GenerateDataKey* and kms:Decrypt, or with SQS-managed encryption"
              + " (SqsManagedSseEnabled).");
    }
    return Optional.empty();
  }

  /**
   * Whether the key policy of the queue's key lets SNS use the key for this topic; empty when it
   * does, else the problem with the statement to add.
   */
  static Optional<String> keyPolicyProblem(
      final String queueArn, final String keyArn, final String keyPolicy, final TopicArn topic) {
    final EventSource sns = EventSource.service(ServicePrincipals.SNS).withSourceArn(topic.value());
    final SourceEvaluation evaluation =
        EVALUATOR.evaluate(keyPolicy, topic, keyArn, List.of(sns)).ungranted().stream()
            .findFirst()
            .orElse(null);
    if (evaluation == null) {
      return Optional.empty();
    }
    return Optional.of(
        "Subscription to SQS queue "
            + queueArn
            + " cannot deliver: the key policy of its key "
            + keyArn
            + " does not let "
            + ServicePrincipals.SNS
            + " use the key ("
            + evaluation.reason()
            + "). Add this statement to the key policy: "
            + evaluation.statementToAdd().orElse("")
            + " (or set KeyPolicyMode: Skip to subscribe without this check).");
  }

  /** A queue or key this check could not read: refused with the reason and the way out. */
  static String unverifiable(final String queueArn, final String why) {
    return "Subscription to SQS queue "
        + queueArn
        + " cannot be verified: "
        + why
        + ". Verify mode checks that an encrypted queue's key lets "
        + ServicePrincipals.SNS
        + " use it; fix the cause, or set KeyPolicyMode: Skip to subscribe without this check.";
  }
}
