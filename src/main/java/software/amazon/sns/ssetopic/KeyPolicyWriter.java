package software.amazon.sns.ssetopic;

import java.util.Collection;
import software.amazon.awssdk.policybuilder.iam.IamStatement;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.PutKeyPolicyRequest;
import software.amazon.cloudformation.proxy.ProxyClient;
import software.amazon.sns.ssetopic.aws.AwsFailures;
import software.amazon.sns.ssetopic.aws.KmsKeys;
import software.amazon.sns.ssetopic.policy.PolicyEditor;
import software.amazon.sns.ssetopic.policy.TopicArn;

/**
 * Puts exactly one topic's statements into a key policy that other topics and people share.
 *
 * <p>KMS has no conditional write for key policies: PutKeyPolicy takes the whole document with no
 * version or precondition
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html) and GetKeyPolicy
 * answers the document alone
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html). Two handlers editing
 * one key at the same time can therefore each write a policy that lacks the other's statements, and
 * a writer cannot see what its own write removed. Each edit reads the policy, edits it, reads it
 * again just before writing (and starts over if it changed), writes, and reads it back until this
 * topic's statements are there exactly; handlers confirm once more at the end of their action
 * ({@link KeyPolicySteps#confirm} for the key written, {@link KeyPolicySteps#confirmWithdrawal} for
 * the key left or deleted from).
 *
 * <p>Reads per action: one when the statements are already exact (nothing is written); four when a
 * write is needed and nobody else writes; more only when another writer wins. Each read of a write
 * has its own job, and none can go without losing statements under concurrent writers:
 *
 * <ul>
 *   <li>the first read is what the edit starts from;
 *   <li>the read just before the write is a filter, not a shorter window: the write goes out only
 *       if the policy stayed the same over a whole round trip. When many stacks edit one key at
 *       once, few writers pass it at a time, so few write over each other;
 *   <li>the read-back settles a write whose answer was lost (it may have taken effect) and finds a
 *       writer that overwrote this topic's statements before it;
 *   <li>the confirm finds a writer whose stale write (based on a read taken before ours) landed
 *       after the read-back. That writer's own read-back shows its statements and cannot show ours,
 *       so only a read of ours after its write finds the loss. The confirm comes at least one round
 *       trip after the read-back, and such a writer's read-to-write time is itself about one round
 *       trip, so without it the two race about evenly.
 * </ul>
 *
 * <p>What remains is a lost update by a writer whose stale write lands after the confirm; the next
 * action on either topic repairs it, and Read reports the lost grant as drift meanwhile. When other
 * writers keep winning, the handler yields and CloudFormation calls it again after a random delay,
 * which breaks up writers that would otherwise retry in lockstep.
 *
 * <p>A PutKeyPolicy whose answer is lost (a reset connection, a timeout, a server error) may have
 * taken effect: the read that follows every write settles it, so such a failure is never reported
 * blind. Before each call the writer checks the invocation's time budget and stops with {@link
 * OutOfTimeException} rather than be killed mid-edit.
 */
final class KeyPolicyWriter {

  /** Edits tried in one invocation before the handler yields and is called again later. */
  static final int MAX_ATTEMPTS = 5;

  private final ProxyClient<KmsClient> kms;
  private final InvocationBudget budget;

  KeyPolicyWriter(final ProxyClient<KmsClient> kms, final InvocationBudget budget) {
    this.kms = kms;
    this.budget = budget;
  }

  /**
   * Makes this topic's statements in the key's policy exactly {@code statements} (none removes
   * them), leaving every other statement as it is.
   *
   * @throws software.amazon.sns.ssetopic.policy.InvalidPolicyDocumentException when the policy
   *     cannot be read or would grow past KMS's size limit
   * @return whether the policy had to be written
   * @throws KeyPolicyConflictException when concurrent writers kept winning
   */
  boolean apply(
      final String keyArn, final TopicArn topic, final Collection<IamStatement> statements) {
    boolean wrote = false;
    RuntimeException lostAnswer = null;
    String policy = read(keyArn);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (PolicyEditor.hasExactlyTopicStatements(policy, topic, statements)) {
        return wrote;
      }
      final String edited = PolicyEditor.withTopicStatements(policy, topic, statements);
      final String current = read(keyArn);
      if (!current.equals(policy)) {
        policy = current; // someone wrote since we read: edit their version instead
        continue;
      }
      lostAnswer = put(keyArn, edited);
      wrote = true;
      policy = read(keyArn);
    }
    // The last attempt's read-back is not taken as settled, even when it shows the statements:
    // after that much contention the yield has the next invocation read again 1 to 30 seconds
    // later, once writes based on older reads have landed (an immediate confirm sees fewer).
    if (lostAnswer != null) {
      throw lostAnswer; // every write failed without an answer, and none took effect
    }
    throw new KeyPolicyConflictException(
        "The key policy of "
            + keyArn
            + " kept changing under concurrent edits: other stacks are editing the same key."
            + " Retry the operation.");
  }

  /**
   * PutKeyPolicy. A failure that leaves the outcome open is returned, not thrown: the read that
   * follows shows whether the policy took effect, and the loop writes again if it did not.
   */
  private RuntimeException put(final String keyArn, final String policy) {
    checkBudget("PutKeyPolicy");
    try {
      kms.injectCredentialsAndInvokeV2(
          PutKeyPolicyRequest.builder()
              .keyId(keyArn)
              .policyName(KmsKeys.DEFAULT_POLICY_NAME)
              .policy(policy)
              .build(),
          kms.client()::putKeyPolicy);
      return null;
    } catch (RuntimeException e) {
      if (!AwsFailures.isAmbiguous(e)) {
        throw e;
      }
      return e;
    }
  }

  private void checkBudget(final String call) {
    if (!budget.allowsAnotherCall()) {
      throw new OutOfTimeException(call);
    }
  }

  String read(final String keyArn) {
    checkBudget("GetKeyPolicy");
    return kms.injectCredentialsAndInvokeV2(
            GetKeyPolicyRequest.builder()
                .keyId(keyArn)
                .policyName(KmsKeys.DEFAULT_POLICY_NAME)
                .build(),
            kms.client()::getKeyPolicy)
        .policy();
  }
}
