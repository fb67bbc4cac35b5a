package software.amazon.sns.ssetopic;

/**
 * Concurrent writers kept changing a key policy while this handler tried to edit it. Not a
 * CloudFormation handler exception: the call chain must hand it to the handler's error handling,
 * which yields and retries before it reports ResourceConflict.
 */
public class KeyPolicyConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KeyPolicyConflictException(final String message) {
    super(message);
  }
}
