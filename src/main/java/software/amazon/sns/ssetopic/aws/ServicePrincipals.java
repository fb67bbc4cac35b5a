package software.amazon.sns.ssetopic.aws;

/** Service principals the handlers and the CLI name themselves, not through the source catalog. */
public final class ServicePrincipals {

  /**
   * SNS itself, as the key policy of an encrypted queue it delivers to names it
   * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html).
   */
  public static final String SNS = "sns.amazonaws.com";

  private ServicePrincipals() {}
}
