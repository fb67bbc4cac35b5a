package software.amazon.sns.ssetopic.policy;

import java.util.Optional;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamStatement;
import software.amazon.sns.ssetopic.kms.InvalidKeyReferenceException;
import software.amazon.sns.ssetopic.kms.KeyReference;

/**
 * The IAM policy an IAM principal needs to publish to an encrypted topic, as the SNS developer
 * guide gives it: {@code kms:GenerateDataKey*} and {@code kms:Decrypt} on the key, {@code
 * sns:Publish} on the topic. The key policy must also let the principal use the key (for example
 * through the statement that delegates to the account's IAM policies).
 *
 * <p>IAM policies for KMS must name the key by its ARN: an alias in {@code Resource} matches no
 * key, and a bare key ID is not an ARN. Both are refused with the reason.
 */
public final class PublisherPolicy {

  private PublisherPolicy() {}

  /**
   * The key as IAM policies must name it.
   *
   * @throws IllegalArgumentException naming the value and the fix when it is not a key ARN
   */
  public static KeyReference keyArn(final String text) {
    final KeyReference key;
    try {
      key = KeyReference.parse(text);
    } catch (InvalidKeyReferenceException e) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a KMS key ARN: write arn:<partition>:kms:<region>:<account>:key/<key ID>",
          e);
    }
    switch (key.form()) {
      case KEY_ARN:
        return key;
      case ALIAS_NAME:
      case ALIAS_ARN:
        throw new IllegalArgumentException(
            "'"
                + text
                + "' is an alias, but policies must name the key ARN (IAM policies for KMS must:"
                + " an alias in Resource matches no key). Find the key ARN with: aws kms"
                + " describe-key --key-id "
                + text
                + " --query KeyMetadata.Arn");
      default:
        throw new IllegalArgumentException(
            "'"
                + text
                + "' is a key ID, but policies must name the full key ARN,"
                + " arn:<partition>:kms:<region>:<account>:key/"
                + text);
    }
  }

  /** Why a key named by ARN cannot be this topic's key: it is in another region. */
  public static Optional<String> regionProblem(final KeyReference key, final TopicArn topic) {
    return key.namedRegion()
        .filter(region -> !region.equals(topic.region()))
        .map(
            region ->
                "'"
                    + key.text()
                    + "' is in region "
                    + region
                    + " but the topic is in "
                    + topic.region()
                    + ": KMS keys are regional, so the topic's key is one in "
                    + topic.region());
  }

  /**
   * The publisher's policy.
   *
   * @param keyArn the topic's key, as a key ARN
   * @throws IllegalArgumentException when the key is not a key ARN or not in the topic's region
   */
  public static IamPolicy of(final String keyArn, final TopicArn topic) {
    final KeyReference key = keyArn(keyArn);
    regionProblem(key, topic)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
    return IamPolicy.builder()
        .addStatement(
            IamStatement.builder()
                .effect(IamEffect.ALLOW)
                .actionIds(KeyPolicyStatements.ACTIONS)
                .addResource(key.text())
                .build())
        .addStatement(
            IamStatement.builder()
                .effect(IamEffect.ALLOW)
                .addAction(TopicPolicyStatements.PUBLISH)
                .addResource(topic.value())
                .build())
        .build();
  }
}
