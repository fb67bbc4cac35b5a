package software.amazon.sns.ssetopic.policy;

import static software.amazon.sns.ssetopic.policy.EventSourceProfile.SOURCE_ACCOUNT_KEY;
import static software.amazon.sns.ssetopic.policy.EventSourceProfile.SOURCE_ARN_KEY;
import static software.amazon.sns.ssetopic.policy.EventSourceProfile.TOPIC_ENCRYPTION_CONTEXT_KEY;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.policybuilder.iam.IamConditionOperator;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamPrincipalType;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

/**
 * The key-policy statements that let each event source use the topic's KMS key: {@code
 * kms:GenerateDataKey*} and {@code kms:Decrypt}, one statement per source, scoped with the
 * conditions the catalog says the source supports.
 *
 * <ul>
 *   <li>Service principals are {@code Service} principals, scoped by {@code aws:SourceAccount} (the
 *       declared account, else the account of SourceArn, else the topic's account) and by {@code
 *       aws:SourceArn} (ArnLike) when declared, where the service supports them.
 *   <li>Sources that cannot carry source conditions are scoped instead with the catalog's scope
 *       keys: {@code kms:EncryptionContext:aws:sns:topicArn} = the topic ARN (EventBridge, roles)
 *       or {@code kms:ViaService} = SNS in the topic's region (CodeStar Notifications).
 *   <li>Role sources are {@code AWS} principals naming the role ARN.
 *   <li>No statement ever has a wildcard principal.
 * </ul>
 */
public final class KeyPolicyStatements {
  /** The KMS actions SNS needs on behalf of a publisher. */
  public static final List<String> ACTIONS = List.of("kms:GenerateDataKey*", "kms:Decrypt");

  private final EventSourceCatalog catalog;

  public KeyPolicyStatements(final EventSourceCatalog catalog) {
    this.catalog = catalog;
  }

  /** Statements from the shipped catalog. */
  public static KeyPolicyStatements standard() {
    return new KeyPolicyStatements(EventSourceCatalog.standard());
  }

  public EventSourceCatalog catalog() {
    return catalog;
  }

  /** One statement per distinct source, in the order given; duplicates collapse into one. */
  public List<IamStatement> forSources(
      final TopicArn topic, final Collection<EventSource> sources) {
    final Map<String, IamStatement> bySid = new LinkedHashMap<>();
    for (final EventSource source : sources) {
      final IamStatement statement = forSource(topic, source);
      bySid.putIfAbsent(statement.sid(), statement);
    }
    return List.copyOf(bySid.values());
  }

  /** The statement granting one source the key. */
  public IamStatement forSource(final TopicArn topic, final EventSource source) {
    final EventSourceProfile profile = catalog.profileOf(source);
    final IamStatement.Builder statement =
        IamStatement.builder()
            .sid(StatementIds.forSource(topic, source, profile))
            .effect(IamEffect.ALLOW)
            .addPrincipal(
                source.isRole() ? IamPrincipalType.AWS : IamPrincipalType.SERVICE,
                source.principal())
            .actionIds(ACTIONS)
            .addResource("*");
    if (!source.isRole() && profile.keyPolicy().sourceConditions()) {
      statement.addCondition(
          IamConditionOperator.STRING_EQUALS,
          SOURCE_ACCOUNT_KEY,
          source.effectiveSourceAccount(topic));
      if (source.sourceArn() != null) {
        statement.addCondition(IamConditionOperator.ARN_LIKE, SOURCE_ARN_KEY, source.sourceArn());
      }
    }
    for (final String key : profile.keyPolicy().scopeKeys()) {
      statement.addCondition(IamConditionOperator.STRING_EQUALS, key, scopeValue(topic, key));
    }
    return statement.build();
  }

  private static String scopeValue(final TopicArn topic, final String key) {
    // The catalog admits only these two keys.
    return key.equals(TOPIC_ENCRYPTION_CONTEXT_KEY) ? topic.value() : topic.snsViaService();
  }

  /** The statements as a policy document (for printing; a key policy needs more than these). */
  public IamPolicy asPolicy(final TopicArn topic, final Collection<EventSource> sources) {
    return IamPolicy.builder().statements(new ArrayList<>(forSources(topic, sources))).build();
  }
}
