package software.amazon.sns.ssetopic.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What KeyPolicyMode Manage may grant: only principals of the topic's own account. The execution
 * role writes for any stack author, so a grant to another account (a role there, a service acting
 * for resources there) would let an author open a shared key to outsiders without being allowed to
 * edit key policies. Such grants are for the key's administrators to write; Verify checks them.
 */
public final class ManageScope {

  private ManageScope() {}

  /** Why Manage may not write statements for these sources; empty when every one is in scope. */
  public static Optional<String> problem(
      final TopicArn topic, final Collection<EventSource> sources) {
    final List<String> outside = new ArrayList<>();
    for (final EventSource source : sources) {
      outside.addAll(outsideTheAccount(topic, source));
    }
    if (outside.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "KeyPolicyMode Manage writes key-policy grants only for the topic's own account "
            + topic.account()
            + ", but "
            + String.join("; ", outside)
            + ". Grants to another account are for the key's administrators to write: have them"
            + " add the statements (ssetopic key-policy prints them) and use KeyPolicyMode: Verify,"
            + " which checks them.");
  }

  private static List<String> outsideTheAccount(final TopicArn topic, final EventSource source) {
    final List<String> outside = new ArrayList<>();
    final String account = topic.account();
    source
        .roleAccount()
        .filter(roleAccount -> !roleAccount.equals(account))
        .ifPresent(
            roleAccount ->
                outside.add(
                    "RoleArn '" + source.roleArn() + "' is a role of account " + roleAccount));
    if (source.sourceAccount() != null && !source.sourceAccount().equals(account)) {
      outside.add(
          "SourceAccount '"
              + source.sourceAccount()
              + "' of "
              + source.servicePrincipal()
              + " is another account");
    }
    if (source.sourceArn() != null) {
      final String arnAccount = source.sourceArn().split(":", 6)[4];
      if (!arnAccount.isEmpty() && !arnAccount.equals(account)) {
        outside.add(
            "SourceArn '"
                + source.sourceArn()
                + "' of "
                + source.servicePrincipal()
                + (EventSource.ACCOUNT_PATTERN.matcher(arnAccount).matches()
                    ? " names account " + arnAccount
                    : " leaves its account open ('" + arnAccount + "')"));
      }
    }
    return outside;
  }
}
