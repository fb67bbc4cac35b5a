package software.amazon.sns.ssetopic.template;

/** What {@code ssetopic check} looks for: one rule per kind of finding, with a stable id. */
public enum Rule {
  UNENCRYPTED_TOPIC(
      "SSE001",
      "topic-unencrypted",
      Severity.WARNING,
      "An SNS topic without server-side encryption (KmsMasterKeyId)."),
  AWS_MANAGED_KEY(
      "SSE002",
      "aws-managed-key-with-service-publisher",
      Severity.ERROR,
      "A topic encrypted with alias/aws/sns (the AWS managed key) has a publisher that can never"
          + " use that key."),
  KEY_POLICY_MISSING_GRANT(
      "SSE003",
      "key-policy-missing-grant",
      Severity.ERROR,
      "The key policy of a key in the template does not let a publisher of the topic use the"
          + " key."),
  KEY_OUTSIDE_TEMPLATE(
      "SSE004",
      "key-outside-template",
      Severity.INFO,
      "The topic's key is not in the template: its key policy can only be checked at deploy"
          + " (Verify mode) or live (check --live, ssetopic diagnose)."),
  QUEUE_KEY(
      "SSE005",
      "sqs-subscriber-queue-key",
      Severity.ERROR,
      "An SQS queue subscribed to the topic is encrypted with a key SNS may not use."),
  TOPIC_POLICY_MISSING_GRANT(
      "SSE006",
      "topic-policy-missing-grant",
      Severity.ERROR,
      "The topic's access policy does not let a service publisher call sns:Publish."),
  UNRESOLVED(
      "SSE007",
      "unresolved-value",
      Severity.INFO,
      "A value check cannot know before deploy (Fn::ImportValue, a parameter without a default,"
          + " a dynamic reference): what depends on it is not checked."),
  UNDECLARED_SOURCE(
      "SSE008",
      "publisher-not-in-event-sources",
      Severity.WARNING,
      "A publisher of an AWS::SNS::SSETopic that its EventSources do not list, so the type"
          + " neither verifies nor grants it."),
  DELEGATED_TO_IAM(
      "SSE009",
      "key-grant-delegated-to-iam",
      Severity.INFO,
      "The key policy lets a publishing role use the key only through its IAM policy, which"
          + " check does not read."),
  REFUSED_SOURCE(
      "SSE011",
      "source-refuses-encrypted-topics",
      Severity.ERROR,
      "A service the event-source catalog says cannot publish to an encrypted topic is handed"
          + " one."),
  LIVE_KEY(
      "SSE010",
      "live-key-check",
      Severity.ERROR,
      "With --live: a key from outside the template, read from AWS as ssetopic diagnose reads it,"
          + " is unusable or does not let a publisher use it.");

  private final String id;
  private final String slug;
  private final Severity severity;
  private final String description;

  Rule(final String id, final String slug, final Severity severity, final String description) {
    this.id = id;
    this.slug = slug;
    this.severity = severity;
    this.description = description;
  }

  public String id() {
    return id;
  }

  public String slug() {
    return slug;
  }

  public Severity severity() {
    return severity;
  }

  public String description() {
    return description;
  }
}
