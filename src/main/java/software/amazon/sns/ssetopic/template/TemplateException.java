package software.amazon.sns.ssetopic.template;

/** A template that cannot be read: the message names the file, the line and the problem. */
public final class TemplateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TemplateException(final String message) {
    super(message);
  }

  public TemplateException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
