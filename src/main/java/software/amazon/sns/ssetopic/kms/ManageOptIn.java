package software.amazon.sns.ssetopic.kms;

import java.util.Map;
import java.util.Optional;

/**
 * Whether a key lets KeyPolicyMode Manage write into its policy. One execution role serves every
 * stack author of the account, so a key opts in explicitly, by its administrators: the tag {@value
 * #TAG_KEY} = {@value #TAG_VALUE}. The execution role's {@code kms:PutKeyPolicy} carries the same
 * condition ({@code aws:ResourceTag/sns-ssetopic:manage}), so IAM refuses what this check would.
 * Key and value are compared exactly: KMS tag keys and values are case-sensitive.
 */
public final class ManageOptIn {

  public static final String TAG_KEY = "sns-ssetopic:manage";
  public static final String TAG_VALUE = "true";

  private ManageOptIn() {}

  public static boolean optedIn(final Map<String, String> keyTags) {
    return TAG_VALUE.equals(keyTags.get(TAG_KEY));
  }

  /**
   * Why Manage may not write into this key's policy; empty when the key opted in.
   *
   * @param keyArn the key, named in the message
   * @param keyTags the key's tags (KMS ListResourceTags)
   */
  public static Optional<String> problem(final String keyArn, final Map<String, String> keyTags) {
    if (optedIn(keyTags)) {
      return Optional.empty();
    }
    final String has =
        keyTags.containsKey(TAG_KEY)
            ? "its tag " + TAG_KEY + " is '" + keyTags.get(TAG_KEY) + "', not '" + TAG_VALUE + "'"
            : "it does not carry the tag " + TAG_KEY;
    return Optional.of(
        "KeyPolicyMode Manage writes only into the policies of keys that opted in with the tag "
            + TAG_KEY
            + " = "
            + TAG_VALUE
            + ", and "
            + keyArn
            + " has not: "
            + has
            + ". A key administrator opts the key in with Tags on its AWS::KMS::Key ({Key: "
            + TAG_KEY
            + ", Value: '"
            + TAG_VALUE
            + "'}) or with: aws kms tag-resource --key-id "
            + keyArn
            + " --tags TagKey="
            + TAG_KEY
            + ",TagValue="
            + TAG_VALUE
            + ". Without that, use KeyPolicyMode: Verify, which lists the statements for the key's"
            + " administrators to add.");
  }
}
