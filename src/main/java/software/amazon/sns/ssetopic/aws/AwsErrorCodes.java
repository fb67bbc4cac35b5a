package software.amazon.sns.ssetopic.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The AWS error code of a failed call (NotFound, NotFoundException, ...), and the codes the
 * handlers and the ssetopic CLI act on, named once. Free of CloudFormation classes, so both read
 * error codes the same way.
 */
public final class AwsErrorCodes {

  /**
   * KMS: no key with this ID, ARN or alias
   * (https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html).
   */
  public static final String KMS_NOT_FOUND = "NotFoundException";

  /**
   * KMS: the key's state does not allow the call, for example a key pending deletion
   * (https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html).
   */
  public static final String KMS_INVALID_STATE = "KMSInvalidStateException";

  /**
   * KMS: the key policy is refused, also for a principal IAM cannot see yet
   * (https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html).
   */
  public static final String KMS_MALFORMED_POLICY = "MalformedPolicyDocumentException";

  /**
   * SNS: no topic with this ARN
   * (https://docs.aws.amazon.com/sns/latest/api/API_GetTopicAttributes.html).
   */
  public static final String SNS_NOT_FOUND = "NotFound";

  /**
   * SNS: a parameter is refused (https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html).
   */
  public static final String SNS_INVALID_PARAMETER = "InvalidParameter";

  private AwsErrorCodes() {}

  /** The error code AWS answered with, or null for anything that is not a service error. */
  public static String of(final Exception exception) {
    return exception instanceof AwsServiceException serviceException
            && serviceException.awsErrorDetails() != null
        ? serviceException.awsErrorDetails().errorCode()
        : null;
  }

  /** Whether AWS answered the call with this error code. */
  public static boolean is(final Exception exception, final String code) {
    return code.equals(of(exception));
  }
}
