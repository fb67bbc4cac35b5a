package software.amazon.sns.ssetopic.kms;

import java.util.Collection;
import java.util.Optional;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * Whether a key KMS described can encrypt an SNS topic in a given region. Each answer names the
 * key, what is wrong and what to do, because the user reads it in a failed stack event.
 */
public final class KeyCheck {

  private KeyCheck() {}

  /** Problems visible in the reference alone, found before any call to KMS. */
  public static Optional<String> beforeLookup(final KeyReference ref, final String topicRegion) {
    if (ref.namedRegion().isPresent() && !ref.namedRegion().get().equals(topicRegion)) {
      return Optional.of(
          "KmsMasterKeyId '"
              + ref.text()
              + "' is in region "
              + ref.namedRegion().get()
              + " but the topic is in "
              + topicRegion
              + ": KMS keys are regional, so use a key in "
              + topicRegion
              + " (a multi-Region replica there works too).");
    }
    if (ref.isAlias() && ref.resource().startsWith("alias/aws/") && !ref.isAwsManagedSnsKey()) {
      return Optional.of(
          "KmsMasterKeyId '"
              + ref.text()
              + "' is the AWS managed key of another service, whose key policy lets only that"
              + " service use it: use alias/aws/sns or a customer managed key.");
    }
    return Optional.empty();
  }

  /**
   * A key ARN of another partition than the topic's (aws-cn, aws-us-gov ...): partitions are
   * separate, so no key there can encrypt this topic.
   */
  public static Optional<String> partitionProblem(
      final KeyReference ref, final String topicPartition) {
    if (ref.partition() == null || ref.partition().equals(topicPartition)) {
      return Optional.empty();
    }
    return Optional.of(
        "KmsMasterKeyId '"
            + ref.text()
            + "' is in partition "
            + ref.partition()
            + " but the topic is in partition "
            + topicPartition
            + ": keys cannot be used across partitions, so use a key ARN that starts with arn:"
            + topicPartition
            + ":kms:.");
  }

  /** Problems with the key as KMS describes it; empty when SNS can encrypt with it. */
  public static Optional<String> problem(
      final KeyReference ref, final KeyMetadata key, final String topicRegion) {
    final String name = describe(ref, key);
    final String keyRegion = KeyReference.parse(key.arn()).namedRegion().orElse(topicRegion);
    if (!keyRegion.equals(topicRegion)) {
      return Optional.of(
          name
              + " is in region "
              + keyRegion
              + " but the topic is in "
              + topicRegion
              + ": KMS keys are regional, so use a key in "
              + topicRegion
              + ".");
    }
    if (key.keySpec() != KeySpec.SYMMETRIC_DEFAULT
        || key.keyUsage() != KeyUsageType.ENCRYPT_DECRYPT) {
      return Optional.of(
          name
              + " has key spec "
              + key.keySpecAsString()
              + " and usage "
              + key.keyUsageAsString()
              + ", but SNS encrypts only with symmetric keys (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT):"
              + " choose or create a symmetric encryption key.");
    }
    return stateProblem(name, key);
  }

  /**
   * Why event sources cannot work with the AWS managed key for SNS, whose key policy nobody can
   * edit; empty when no source publishes.
   *
   * @param kmsMasterKeyId the key as written, or null for the default alias/aws/sns
   * @param principals the principals of the sources that publish
   */
  public static Optional<String> awsManagedKeyProblem(
      final String kmsMasterKeyId, final Collection<String> principals) {
    if (principals.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "KmsMasterKeyId "
            + (kmsMasterKeyId == null
                ? "(default " + KeyReference.AWS_MANAGED_SNS_ALIAS + ")"
                : "'" + kmsMasterKeyId + "'")
            + " is the AWS managed key for SNS, whose key policy cannot be edited, so "
            + String.join(", ", principals)
            + " could never use it and deliveries would fail silently: create a customer managed"
            + " key (AWS::KMS::Key) and name it in KmsMasterKeyId.");
  }

  private static Optional<String> stateProblem(final String name, final KeyMetadata key) {
    final KeyState state = key.keyState();
    if (state == KeyState.ENABLED) {
      return Optional.empty();
    }
    final String fix;
    if (state == KeyState.DISABLED) {
      fix = "enable it (kms:EnableKey) or choose another key.";
    } else if (state == KeyState.PENDING_DELETION) {
      fix =
          "it is scheduled for deletion"
              + (key.deletionDate() == null ? "" : " on " + key.deletionDate())
              + "; cancel the deletion (kms:CancelKeyDeletion, then kms:EnableKey) or choose"
              + " another key.";
    } else if (state == KeyState.PENDING_REPLICA_DELETION) {
      fix = "this multi-Region replica is being deleted; choose another key.";
    } else if (state == KeyState.PENDING_IMPORT) {
      fix = "it has no key material yet; import it (kms:ImportKeyMaterial) or choose another key.";
    } else if (state == KeyState.UNAVAILABLE) {
      fix = "its custom key store is disconnected; reconnect the key store or choose another key.";
    } else if (state == KeyState.CREATING || state == KeyState.UPDATING) {
      fix = "KMS is still setting it up; retry once its state is Enabled.";
    } else {
      fix = "SNS needs an Enabled key; choose another key.";
    }
    return Optional.of(name + " is in state " + key.keyStateAsString() + ": " + fix);
  }

  private static String describe(final KeyReference ref, final KeyMetadata key) {
    return ref.text().equals(key.arn())
        ? "KMS key " + key.arn()
        : "KMS key " + key.arn() + " (KmsMasterKeyId '" + ref.text() + "')";
  }
}
