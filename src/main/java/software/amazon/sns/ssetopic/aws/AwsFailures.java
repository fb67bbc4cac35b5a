package software.amazon.sns.ssetopic.aws;

import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * What a failed AWS call tells about its outcome. A call that never got a readable answer may still
 * have taken effect (the request arrived, the answer was lost), so a handler settles such an
 * outcome by reading AWS instead of failing blind.
 */
public final class AwsFailures {

  private AwsFailures() {}

  /** The connection failed or timed out: AWS may or may not have acted on the request. */
  public static boolean isNetwork(final Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ApiCallTimeoutException
          || cause instanceof ApiCallAttemptTimeoutException
          || cause instanceof SocketException
          || cause instanceof InterruptedIOException
          || cause instanceof UnknownHostException
          || cause instanceof SSLException) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /** AWS answered with something the SDK could not read (not a network failure). */
  public static boolean isUnreadableAnswer(final Throwable failure) {
    return failure instanceof SdkClientException && !isNetwork(failure);
  }

  /**
   * Whether the call may have taken effect although it failed: no readable answer (unless the
   * endpoint guard refused to send it), or a server error (5xx), which AWS may return after acting.
   */
  public static boolean isAmbiguous(final Throwable failure) {
    // A refused endpoint is refused before the request is sent: nothing can have happened.
    return failure instanceof SdkClientException && EndpointGuard.refusalIn(failure).isEmpty()
        || failure instanceof AwsServiceException service && service.statusCode() >= 500;
  }
}
