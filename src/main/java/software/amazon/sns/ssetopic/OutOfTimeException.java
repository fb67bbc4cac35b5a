package software.amazon.sns.ssetopic;

/**
 * A step stopped because the invocation's time budget ({@link InvocationBudget}) would not fit
 * another AWS call; the action goes on when CloudFormation calls it again.
 */
final class OutOfTimeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  OutOfTimeException(final String step) {
    super("The time budget of this invocation ran out before " + step + "; going on in the next.");
  }
}
