package software.amazon.sns.ssetopic.policy;

import java.util.regex.Pattern;

/**
 * An SNS topic ARN. Policies need its parts: the account (default source account, topic owner), the
 * region (kms:ViaService) and the partition (principal ARNs, DNS suffix).
 */
public record TopicArn(String value) {
  private static final Pattern PATTERN =
      Pattern.compile(
          "^arn:aws[a-z-]*:sns:[a-z]{2}(?:-[a-z]+)+-\\d:\\d{12}:[A-Za-z0-9_-]{1,256}(?:\\.fifo)?$");

  /**
   * @throws IllegalArgumentException naming the value when it is not an SNS topic ARN
   */
  public TopicArn {
    if (value == null || !PATTERN.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "'"
              + value
              + "' is not an SNS topic ARN: expected"
              + " arn:<partition>:sns:<region>:<12-digit account>:<topic name>");
    }
  }

  public static TopicArn of(final String value) {
    return new TopicArn(value);
  }

  private String part(final int index) {
    return value.split(":", 6)[index];
  }

  public String partition() {
    return part(1);
  }

  public String region() {
    return part(3);
  }

  public String account() {
    return part(4);
  }

  public String name() {
    return part(5);
  }

  /** The ARN that names the whole account as a principal (delegation to its IAM policies). */
  public String accountRootArn() {
    return "arn:" + partition() + ":iam::" + account() + ":root";
  }

  /** The kms:ViaService value of KMS requests SNS makes for this topic. */
  public String snsViaService() {
    return snsViaService(partition(), region());
  }

  /** The kms:ViaService value of KMS requests SNS makes in this partition and region. */
  static String snsViaService(final String partition, final String region) {
    final String suffix = partition.equals("aws-cn") ? "amazonaws.com.cn" : "amazonaws.com";
    return "sns." + region + "." + suffix;
  }

  @Override
  public String toString() {
    return value;
  }
}
