package software.amazon.sns.ssetopic.policy;

import java.util.List;

/** The Verify-mode verdict on a key policy: one {@link SourceEvaluation} per distinct source. */
public record KeyPolicyEvaluation(TopicArn topic, List<SourceEvaluation> sources) {
  public KeyPolicyEvaluation {
    sources = List.copyOf(sources);
  }

  /** Whether every source is {@link SourceEvaluation.Grant#GRANTED}. */
  public boolean allGranted() {
    return sources.stream().allMatch(SourceEvaluation::granted);
  }

  /** The sources that are not granted, in order. */
  public List<SourceEvaluation> ungranted() {
    return sources.stream().filter(source -> !source.granted()).toList();
  }

  /**
   * A message for an InvalidRequest failure: each ungranted principal, why, and the exact statement
   * to add to the key policy. Empty when everything is granted.
   */
  public String failureMessage() {
    final List<SourceEvaluation> ungranted = ungranted();
    if (ungranted.isEmpty()) {
      return "";
    }
    final StringBuilder message =
        new StringBuilder("The KMS key policy does not let ")
            .append(
                ungranted.size() == 1 ? "this event source" : ungranted.size() + " event sources")
            .append(" publish to ")
            .append(topic)
            .append(':');
    for (final SourceEvaluation source : ungranted) {
      message
          .append("\n- ")
          .append(source.source().principal())
          .append(": ")
          .append(source.reason());
      source
          .statementToAdd()
          .ifPresent(statement -> message.append("\n  Add to the key policy: ").append(statement));
    }
    return message.toString();
  }
}
