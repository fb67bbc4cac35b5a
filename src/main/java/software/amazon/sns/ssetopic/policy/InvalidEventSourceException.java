package software.amazon.sns.ssetopic.policy;

/** An event source that names no valid principal, role or scope; the message says how to fix it. */
public class InvalidEventSourceException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidEventSourceException(final String message) {
    super(message);
  }
}
