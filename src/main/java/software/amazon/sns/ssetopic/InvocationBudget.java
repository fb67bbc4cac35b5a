package software.amazon.sns.ssetopic;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The time one handler invocation may still spend on AWS calls. CloudFormation runs a registry
 * type's handler with a 60-second budget; an invocation that is still calling AWS when it ends is
 * killed without answering. So every step starts only while a whole API call (its {@link
 * ClientBuilder#API_CALL_TIMEOUT}) and a margin still fit, and otherwise the action yields {@code
 * IN_PROGRESS} with its callback context and goes on in the next invocation.
 *
 * <p>The Lambda entry point ({@link LambdaEntrypoint}) records the deadline the Lambda context
 * reports; elsewhere (tests, a host that does not record one) the budget counts from the start of
 * the handler.
 */
public final class InvocationBudget {

  /** The handler's timeout as CloudFormation runs it. */
  static final Duration LAMBDA_TIMEOUT = Duration.ofSeconds(60);

  /** What must remain to start a step: one whole API call plus time to answer. */
  static final Duration RESERVE = ClientBuilder.API_CALL_TIMEOUT.plusSeconds(5);

  private static final ThreadLocal<Long> LAMBDA_DEADLINE = new ThreadLocal<>();

  private final LongSupplier nanoTime;
  private final long deadline;

  InvocationBudget(final LongSupplier nanoTime, final long deadlineNanos) {
    this.nanoTime = nanoTime;
    this.deadline = deadlineNanos;
  }

  /** The budget of the invocation running on this thread. */
  static InvocationBudget current() {
    final Long recorded = LAMBDA_DEADLINE.get();
    final long now = System.nanoTime();
    return new InvocationBudget(
        System::nanoTime, recorded != null ? recorded : now + LAMBDA_TIMEOUT.toNanos());
  }

  /** A budget that never runs out (unit tests of steps that do not test time). */
  static InvocationBudget unlimited() {
    return new InvocationBudget(() -> 0L, Long.MAX_VALUE);
  }

  /** Called by the entry point with the Lambda context's remaining time. */
  static void recordLambdaDeadline(final long remainingMillis) {
    LAMBDA_DEADLINE.set(System.nanoTime() + Duration.ofMillis(remainingMillis).toNanos());
  }

  static void clearLambdaDeadline() {
    LAMBDA_DEADLINE.remove();
  }

  /** Whether another AWS call (and its answer) still fits before the deadline. */
  public boolean allowsAnotherCall() {
    return deadline == Long.MAX_VALUE || deadline - nanoTime.getAsLong() > RESERVE.toNanos();
  }
}
