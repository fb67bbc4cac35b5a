package software.amazon.sns.ssetopic.kms;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A KmsMasterKeyId as written: key ID, key ARN, alias name or alias ARN. Parsing is offline;
 * whether the key exists is for KMS to say.
 */
// resource: the key ID for key forms, the alias name (alias/...) for alias forms.
public record KeyReference(
    String text, Form form, String partition, String region, String account, String resource) {

  /** The four ways SNS accepts a key. */
  public enum Form {
    KEY_ID,
    KEY_ARN,
    ALIAS_NAME,
    ALIAS_ARN
  }

  public static final String AWS_MANAGED_SNS_ALIAS = "alias/aws/sns";
  public static final String AWS_MANAGED_SQS_ALIAS = "alias/aws/sqs";

  private static final String KEY_ID =
      "(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-fA-F]{32})";
  private static final String ALIAS = "alias/[a-zA-Z0-9/_-]{1,250}";
  private static final Pattern KEY_ID_PATTERN = Pattern.compile("^" + KEY_ID + "$");
  private static final Pattern ALIAS_PATTERN = Pattern.compile("^" + ALIAS + "$");
  private static final Pattern ARN_PATTERN =
      Pattern.compile("^arn:([a-z-]+):([a-z0-9-]*):([a-z0-9-]*):([0-9]*):(.*)$");
  private static final Pattern REGION_PATTERN = Pattern.compile("^[a-z]{2}(-[a-z]+)+-\\d$");
  private static final Pattern ACCOUNT_PATTERN = Pattern.compile("^\\d{12}$");

  private static final String FORMS =
      "use a key ID (1234abcd-12ab-34cd-56ef-1234567890ab), a key ARN"
          + " (arn:aws:kms:us-east-1:111122223333:key/<key ID>), an alias name (alias/<name>) or an"
          + " alias ARN (arn:aws:kms:us-east-1:111122223333:alias/<name>).";

  /**
   * Parses a reference.
   *
   * @throws InvalidKeyReferenceException naming the value and the forms that would work
   */
  public static KeyReference parse(final String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidKeyReferenceException("KmsMasterKeyId is empty: " + FORMS);
    }
    if (KEY_ID_PATTERN.matcher(text).matches()) {
      return new KeyReference(text, Form.KEY_ID, null, null, null, text);
    }
    if (ALIAS_PATTERN.matcher(text).matches()) {
      return new KeyReference(text, Form.ALIAS_NAME, null, null, null, text);
    }
    final Matcher arn = ARN_PATTERN.matcher(text);
    if (arn.matches()) {
      return parseArn(text, arn);
    }
    if (text.startsWith("alias/")) {
      throw invalid(text, "is not a valid alias name (letters, digits, /, _ and - only)");
    }
    if (text.matches("^[a-zA-Z0-9/_-]+$")) {
      throw invalid(
          text, "is neither a key ID nor an alias name; if it is an alias, write alias/" + text);
    }
    throw invalid(text, "is not a KMS key reference");
  }

  private static KeyReference parseArn(final String text, final Matcher arn) {
    final String service = arn.group(2);
    final String region = arn.group(3);
    final String account = arn.group(4);
    final String resource = arn.group(5);
    if (!service.equals("kms")) {
      throw invalid(text, "is an ARN of service '" + service + "', not of a KMS key or alias");
    }
    if (!REGION_PATTERN.matcher(region).matches()) {
      throw invalid(text, "names no valid region");
    }
    if (!ACCOUNT_PATTERN.matcher(account).matches()) {
      throw invalid(text, "names no valid 12-digit account");
    }
    if (resource.startsWith("key/") && KEY_ID_PATTERN.matcher(resource.substring(4)).matches()) {
      return new KeyReference(
          text, Form.KEY_ARN, arn.group(1), region, account, resource.substring(4));
    }
    if (ALIAS_PATTERN.matcher(resource).matches()) {
      return new KeyReference(text, Form.ALIAS_ARN, arn.group(1), region, account, resource);
    }
    throw invalid(text, "is a KMS ARN but names neither key/<key ID> nor alias/<name>");
  }

  private static InvalidKeyReferenceException invalid(final String text, final String why) {
    return new InvalidKeyReferenceException("KmsMasterKeyId '" + text + "' " + why + ": " + FORMS);
  }

  public boolean isAlias() {
    return form == Form.ALIAS_NAME || form == Form.ALIAS_ARN;
  }

  /** True for the AWS managed SNS key, whose key policy nobody can edit. */
  public boolean isAwsManagedSnsKey() {
    return isAlias() && resource.equals(AWS_MANAGED_SNS_ALIAS);
  }

  /**
   * The key ARN, when it follows from the reference alone: a key ARN is one, and a bare key ID
   * names a key in the caller's own account and region. Aliases can be retargeted, so only KMS can
   * say.
   */
  public Optional<String> derivedKeyArn(
      final String callerPartition, final String callerRegion, final String callerAccount) {
    if (form == Form.KEY_ARN) {
      return Optional.of(text);
    }
    if (form == Form.KEY_ID) {
      return Optional.of(
          String.join(
              ":", "arn", callerPartition, "kms", callerRegion, callerAccount, "key/" + text));
    }
    return Optional.empty();
  }

  /** The region the reference names, if it is an ARN. */
  public Optional<String> namedRegion() {
    return Optional.ofNullable(region);
  }
}
