package software.amazon.sns.ssetopic.aws;

import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.sns.ssetopic.kms.KeyReference;
import software.amazon.sns.ssetopic.policy.TopicArn;

/**
 * What a KMS key is, as far as its ARN and DescribeKey tell, beyond whether SNS can encrypt with it
 * ({@link software.amazon.sns.ssetopic.kms.KeyCheck} decides that): its one policy's name, who
 * manages it, whose account it is in.
 */
public final class KmsKeys {

  /**
   * The name of a key's policy: a key has one, and "default" is its only valid name
   * (https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html).
   */
  public static final String DEFAULT_POLICY_NAME = "default";

  private KmsKeys() {}

  /**
   * An AWS managed key, whose key policy only the service that created it manages
   * (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying.html).
   */
  public static boolean isAwsManaged(final KeyMetadata key) {
    return key.keyManager() == KeyManagerType.AWS;
  }

  /**
   * Whether the key is in the topic's account: a key policy can be changed only from the key's own
   * account (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying.html), so
   * another account's key is its owner's to grant.
   */
  public static boolean inTopicAccount(final String keyArn, final TopicArn topic) {
    return topic.account().equals(KeyReference.parse(keyArn).account());
  }
}
