package software.amazon.sns.ssetopic;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The AWS error code of a failed call (NotFound, NotFoundException, ...). Free of CloudFormation
 * classes, so the handlers and the ssetopic CLI read error codes the same way.
 */
public final class AwsErrorCodes {

  private AwsErrorCodes() {}

  /** The error code AWS answered with, or null for anything that is not a service error. */
  public static String of(final Exception exception) {
    return exception instanceof AwsServiceException serviceException
            && serviceException.awsErrorDetails() != null
        ? serviceException.awsErrorDetails().errorCode()
        : null;
  }
}
