package software.amazon.sns.ssetopic.kms;

/** A KmsMasterKeyId that is not any of the four forms SNS accepts. */
public class InvalidKeyReferenceException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidKeyReferenceException(final String message) {
    super(message);
  }
}
