package software.amazon.sns.ssetopic.policy;

import java.util.Optional;

/**
 * Whether the key policy lets one event source use the key through SNS.
 *
 * @param source the source
 * @param grant the verdict
 * @param reason why, naming the statements that decided it
 * @param statementToAdd for anything but {@link Grant#GRANTED}: the generated statement (JSON) that
 *     would grant the source
 */
public record SourceEvaluation(
    EventSource source, Grant grant, String reason, Optional<String> statementToAdd) {

  /** The verdict for one source. */
  public enum Grant {
    /** The key policy itself allows both actions, and no Deny may apply. */
    GRANTED,
    /**
     * Only an account-root (or bare account ID) statement covers the role: the key policy delegates
     * to that account's IAM policies, which the evaluator cannot see. Not a grant by itself; the
     * role's IAM policy would have to allow the actions on the key ARN.
     */
    DELEGATED_TO_IAM,
    /** Not allowed, or blocked by a Deny or a condition that cannot be proven to hold. */
    NOT_GRANTED,
    /** The key policy could not be read (for example a key in another account). */
    UNVERIFIABLE
  }

  public boolean granted() {
    return grant == Grant.GRANTED;
  }
}
