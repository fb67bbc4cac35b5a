package software.amazon.sns.ssetopic.policy;

import static software.amazon.sns.ssetopic.policy.EventSourceProfile.SOURCE_ACCOUNT_KEY;
import static software.amazon.sns.ssetopic.policy.EventSourceProfile.SOURCE_ARN_KEY;
import static software.amazon.sns.ssetopic.policy.EventSourceProfile.TOPIC_ENCRYPTION_CONTEXT_KEY;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
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
 *   <li>Every statement is scoped to its topic with {@code kms:EncryptionContext:aws:sns:topicArn}
 *       = the topic ARN ({@code StringLike} with a pattern for an account-wide scope), on top of
 *       any source condition: SNS binds each data key to the topic with that encryption context.
 *       Sources that cannot carry source conditions (EventBridge, roles) rely on it alone; CodeStar
 *       Notifications adds {@code kms:ViaService} = SNS in the topic's region.
 *   <li>Where the service documents them (Incident Manager), the source conditions use the IfExists
 *       operators.
 *   <li>Role sources are {@code AWS} principals naming the role ARN.
 *   <li>No statement ever has a wildcard principal.
 * </ul>
 */
public final class KeyPolicyStatements {
  /** The KMS actions SNS needs on behalf of a publisher. */
  public static final List<String> ACTIONS = List.of("kms:GenerateDataKey*", "kms:Decrypt");

  /** Read at first use: topics without event sources never load the catalog. */
  private final Supplier<EventSourceCatalog> catalog;

  public KeyPolicyStatements(final EventSourceCatalog catalog) {
    this(() -> catalog);
  }

  private KeyPolicyStatements(final Supplier<EventSourceCatalog> catalog) {
    this.catalog = catalog;
  }

  /** Statements from the shipped catalog. */
  public static KeyPolicyStatements standard() {
    return new KeyPolicyStatements(EventSourceCatalog::standard);
  }

  public EventSourceCatalog catalog() {
    return catalog.get();
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

  /** The statement granting one source the key, owned by the topic (Manage mode writes it). */
  public IamStatement forSource(final TopicArn topic, final EventSource source) {
    final EventSourceProfile profile = catalog.get().profileOf(source);
    return build(TopicScope.of(topic), source, StatementIds.forSource(topic, source, profile));
  }

  /**
   * The statements a person pastes into a key policy so that these sources can use the key for the
   * topics of {@code scope}: the same grants as {@link #forSources}, but with Sids that no topic
   * owns ({@link StatementIds#pasted}), so handlers count them and never remove them. Duplicates
   * collapse into one.
   */
  public List<IamStatement> toPaste(final TopicScope scope, final Collection<EventSource> sources) {
    final Map<String, IamStatement> bySid = new LinkedHashMap<>();
    for (final EventSource source : sources) {
      final IamStatement statement = toPaste(scope, source);
      bySid.putIfAbsent(statement.sid(), statement);
    }
    return List.copyOf(bySid.values());
  }

  /** The statement for one source to paste; see {@link #toPaste(TopicScope, Collection)}. */
  public IamStatement toPaste(final TopicScope scope, final EventSource source) {
    return build(
        scope, source, StatementIds.pasted(scope, source, catalog.get().profileOf(source)));
  }

  private IamStatement build(final TopicScope scope, final EventSource source, final String sid) {
    final EventSourceProfile profile = catalog.get().profileOf(source);
    final IamStatement.Builder statement =
        IamStatement.builder()
            .sid(sid)
            .effect(IamEffect.ALLOW)
            .addPrincipal(
                source.isRole() ? IamPrincipalType.AWS : IamPrincipalType.SERVICE,
                source.principal())
            .actionIds(ACTIONS)
            .addResource("*");
    if (!source.isRole() && profile.keyPolicy().sourceConditions()) {
      final boolean ifExists = profile.keyPolicy().ifExists();
      statement.addCondition(
          operator(IamConditionOperator.STRING_EQUALS, ifExists),
          SOURCE_ACCOUNT_KEY,
          source.effectiveSourceAccount(scope.account()));
      if (source.sourceArn() != null) {
        statement.addCondition(
            operator(IamConditionOperator.ARN_LIKE, ifExists), SOURCE_ARN_KEY, source.sourceArn());
      }
    }
    // Every statement serves only its topic(s): SNS binds each data key to the topic ARN.
    statement.addCondition(
        scope.singleTopic() ? IamConditionOperator.STRING_EQUALS : IamConditionOperator.STRING_LIKE,
        TOPIC_ENCRYPTION_CONTEXT_KEY,
        scope.topicArnPattern());
    for (final String key : profile.keyPolicy().scopeKeys()) {
      // The catalog admits only kms:ViaService.
      statement.addCondition(IamConditionOperator.STRING_EQUALS, key, scope.snsViaService());
    }
    return statement.build();
  }

  /** The operator, or its IfExists form where the service documents that form. */
  static IamConditionOperator operator(final IamConditionOperator base, final boolean ifExists) {
    return ifExists ? base.addSuffix("IfExists") : base;
  }

  /** The statements as a policy document (for printing; a key policy needs more than these). */
  public IamPolicy asPolicy(final TopicArn topic, final Collection<EventSource> sources) {
    return IamPolicy.builder().statements(new ArrayList<>(forSources(topic, sources))).build();
  }
}
