package software.amazon.sns.ssetopic;

import java.util.ArrayList;
import java.util.List;
import lombok.Data;
import lombok.EqualsAndHashCode;
import lombok.ToString;
import software.amazon.cloudformation.proxy.StdCallbackContext;

/**
 * State carried between invocations. Handlers finish in one invocation; a context only comes back
 * when AWS throttled a call, or other writers kept changing a shared key policy, and the handler
 * asked to be called again.
 */
@Data
@ToString(callSuper = true)
@EqualsAndHashCode(callSuper = true)
public class CallbackContext extends StdCallbackContext {
  /** How many times this action has been re-invoked after throttling. */
  private int throttledAttempts;

  /** How many times this action yielded because other writers kept changing the key policy. */
  private int keyPolicyConflicts;

  /**
   * Whether CreateTopic (or DeleteTopic) already happened. An action called again after it yielded
   * goes on from there: the name check would now find its own topic, the existence check miss it.
   */
  private boolean topicCreated;

  private boolean topicDeleted;

  /**
   * Whether this action wrote its statements into the policy of the topic's key (Manage), so it
   * confirms them before it ends.
   */
  private boolean keyPolicyWritten;

  /**
   * Whether this action removed the topic's statements from the policy of {@link #previousKeyArn}
   * (a key the topic leaves, or the key of a topic being deleted), so it confirms the removal
   * before it ends: a concurrent writer's stale copy can put them back.
   */
  private boolean keyPolicyWithdrawn;

  /** How many times this action was called again after a call whose outcome was unknown. */
  private int transientRetries;

  /**
   * Whether DeleteTopic was sent; a topic found gone after that was deleted by this action (its
   * answer was lost), not by someone else.
   */
  private boolean deleteSent;

  /** How many times this action yielded because its invocation's time budget ran out. */
  private int timeYields;

  /**
   * The token CreateTopic tags the topic with, so that the handler can tell the topic it created
   * from one that another request created under the same name.
   */
  private String creationToken;

  /** The ARN of the key the topic used before this action (null: none, or nothing to withdraw). */
  private String previousKeyArn;

  /** The (Protocol, Endpoint) pairs this action has subscribed, so a re-invocation skips them. */
  private List<String> subscribed = new ArrayList<>();

  /** What this action has changed so far, in order, for the message of a later failure. */
  private List<String> appliedChanges = new ArrayList<>();

  /** Records a change this action made, for the message of a later failure. */
  public void applied(final String change) {
    if (!appliedChanges.contains(change)) {
      appliedChanges.add(change);
    }
  }
}
