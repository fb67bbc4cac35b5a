package software.amazon.sns.ssetopic.policy;

import java.util.regex.Pattern;

/**
 * The topics a key-policy statement serves: one topic, or every topic of one account in one region.
 *
 * <p>Handlers always scope to their own topic. The toolkit prints statements for people to paste
 * into a key policy, and a key often serves every topic of its account; KMS keys are regional, so
 * such a key can only serve topics in its own region. For that scope the statements name the
 * account and region instead of the topic: {@code aws:SourceAccount} defaults to the account, and
 * {@code kms:EncryptionContext:aws:sns:topicArn} is matched with {@code StringLike} against {@code
 * arn:<partition>:sns:<region>:<account>:*}.
 *
 * @param partition the AWS partition, for example {@code aws}
 * @param region the region of the topics (and of the key)
 * @param account the account that owns the topics
 * @param topic the one topic, or null for every topic of the account in the region
 */
public record TopicScope(String partition, String region, String account, TopicArn topic) {
  private static final Pattern PARTITION = Pattern.compile("^aws[a-z-]*$");
  private static final Pattern REGION = Pattern.compile("^[a-z]{2}(?:-[a-z]+)+-\\d$");

  /**
   * @throws IllegalArgumentException when a part is malformed or does not agree with the topic
   */
  public TopicScope {
    if (partition == null || !PARTITION.matcher(partition).matches()) {
      throw new IllegalArgumentException("'" + partition + "' is not an AWS partition");
    }
    if (region == null || !REGION.matcher(region).matches()) {
      throw new IllegalArgumentException("'" + region + "' is not an AWS region");
    }
    if (account == null || !EventSource.ACCOUNT_PATTERN.matcher(account).matches()) {
      throw new IllegalArgumentException("'" + account + "' is not a 12-digit AWS account ID");
    }
    if (topic != null
        && !(topic.partition().equals(partition)
            && topic.region().equals(region)
            && topic.account().equals(account))) {
      throw new IllegalArgumentException(
          "topic "
              + topic
              + " is not in partition "
              + partition
              + ", region "
              + region
              + ", account "
              + account);
    }
  }

  /** Exactly this topic. */
  public static TopicScope of(final TopicArn topic) {
    return new TopicScope(topic.partition(), topic.region(), topic.account(), topic);
  }

  /** Every topic of the account in the region, present and future. */
  public static TopicScope accountTopics(
      final String partition, final String region, final String account) {
    return new TopicScope(partition, region, account, null);
  }

  public boolean singleTopic() {
    return topic != null;
  }

  /** The topic ARN, or for an account scope the pattern that matches every topic of it. */
  public String topicArnPattern() {
    return singleTopic()
        ? topic.value()
        : "arn:" + partition + ":sns:" + region + ":" + account + ":*";
  }

  /** The kms:ViaService value of the KMS requests SNS makes for these topics. */
  public String snsViaService() {
    return TopicArn.snsViaService(partition, region);
  }

  /** For people: "topic arn:..." or "every topic of account ... in ...". */
  public String describe() {
    return singleTopic() ? "topic " + topic : "every topic of account " + account + " in " + region;
  }

  @Override
  public String toString() {
    return topicArnPattern();
  }
}
