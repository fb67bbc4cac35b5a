package software.amazon.sns.ssetopic.policy;

/**
 * A policy document the engine cannot read or would have to write wrongly: not JSON, a statement
 * without Effect, a result over the size limit. The message names the problem.
 */
public class InvalidPolicyDocumentException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidPolicyDocumentException(final String message) {
    super(message);
  }

  public InvalidPolicyDocumentException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
