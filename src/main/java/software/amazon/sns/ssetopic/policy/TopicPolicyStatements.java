package software.amazon.sns.ssetopic.policy;

import static software.amazon.sns.ssetopic.policy.EventSourceProfile.SOURCE_ACCOUNT_KEY;
import static software.amazon.sns.ssetopic.policy.EventSourceProfile.SOURCE_ARN_KEY;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.policybuilder.iam.IamConditionOperator;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamPrincipalType;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

/**
 * The topic access policy: the owner's access plus {@code sns:Publish} for every source that needs
 * it.
 *
 * <ul>
 *   <li>The owner statement names the topic's account root as an {@code AWS} principal (delegating
 *       to the account's IAM policies) with the actions of SNS's default policy. SNS's own default
 *       uses {@code "AWS": "*"} with an {@code AWS:SourceOwner} condition; this engine never writes
 *       a wildcard principal.
 *   <li>A service source gets {@code sns:Publish} (and any further action its catalog entry lists,
 *       such as {@code sns:GetTopicAttributes}) when the catalog says so, scoped by {@code
 *       aws:SourceAccount} and {@code aws:SourceArn} (ArnLike; the IfExists forms where documented)
 *       where supported.
 *   <li>A role source publishes through its own IAM policy; only a role in another account than the
 *       topic also needs the topic policy to grant it.
 * </ul>
 */
public final class TopicPolicyStatements {
  public static final String PUBLISH = "sns:Publish";

  /** The actions SNS's default topic policy gives the owner. */
  public static final List<String> OWNER_ACTIONS =
      List.of(
          "sns:GetTopicAttributes",
          "sns:SetTopicAttributes",
          "sns:AddPermission",
          "sns:RemovePermission",
          "sns:DeleteTopic",
          "sns:Subscribe",
          "sns:ListSubscriptionsByTopic",
          PUBLISH);

  /** Read at first use: topics without event sources never load the catalog. */
  private final Supplier<EventSourceCatalog> catalog;

  public TopicPolicyStatements(final EventSourceCatalog catalog) {
    this(() -> catalog);
  }

  private TopicPolicyStatements(final Supplier<EventSourceCatalog> catalog) {
    this.catalog = catalog;
  }

  public static TopicPolicyStatements standard() {
    return new TopicPolicyStatements(EventSourceCatalog::standard);
  }

  /** The statement keeping the topic owner's access. */
  public IamStatement ownerStatement(final TopicArn topic) {
    return ownerStatement(topic, "");
  }

  /** The owner statement, its Sid recording the key policy mode ({@link StatementIds#owner}). */
  public IamStatement ownerStatement(final TopicArn topic, final String modeSuffix) {
    return IamStatement.builder()
        .sid(StatementIds.owner(topic, modeSuffix))
        .effect(IamEffect.ALLOW)
        .addPrincipal(IamPrincipalType.AWS, topic.accountRootArn())
        .actionIds(OWNER_ACTIONS)
        .addResource(topic.value())
        .build();
  }

  /** Whether this source needs the topic policy to grant it sns:Publish. */
  public boolean needsPublishGrant(final TopicArn topic, final EventSource source) {
    if (source.isRole()) {
      return !source.roleAccount().orElseThrow().equals(topic.account())
          || catalog.get().profileOf(source).topicPolicy().publish();
    }
    return catalog.get().profileOf(source).topicPolicy().publish();
  }

  /** The sns:Publish statements for the sources that need one, duplicates collapsed. */
  public List<IamStatement> forSources(
      final TopicArn topic, final Collection<EventSource> sources) {
    final Map<String, IamStatement> bySid = new LinkedHashMap<>();
    for (final EventSource source : sources) {
      if (needsPublishGrant(topic, source)) {
        final IamStatement statement = forSource(topic, source);
        bySid.putIfAbsent(statement.sid(), statement);
      }
    }
    return List.copyOf(bySid.values());
  }

  /** The sns:Publish statement for one source (whether or not it needs one). */
  public IamStatement forSource(final TopicArn topic, final EventSource source) {
    final EventSourceProfile profile = catalog.get().profileOf(source);
    final IamStatement.Builder statement =
        IamStatement.builder()
            .sid(StatementIds.forSource(topic, source, profile))
            .effect(IamEffect.ALLOW)
            .addPrincipal(
                source.isRole() ? IamPrincipalType.AWS : IamPrincipalType.SERVICE,
                source.principal())
            .actionIds(profile.topicPolicy().actions())
            .addResource(topic.value());
    if (!source.isRole() && profile.topicPolicy().sourceConditions()) {
      final boolean ifExists = profile.topicPolicy().ifExists();
      statement.addCondition(
          KeyPolicyStatements.operator(IamConditionOperator.STRING_EQUALS, ifExists),
          SOURCE_ACCOUNT_KEY,
          source.effectiveSourceAccount(topic));
      if (source.sourceArn() != null) {
        statement.addCondition(
            KeyPolicyStatements.operator(IamConditionOperator.ARN_LIKE, ifExists),
            SOURCE_ARN_KEY,
            source.sourceArn());
      }
    }
    return statement.build();
  }

  /**
   * A statement for every declared source, whether it needs the grant or not: the topic policy the
   * type writes is the record of who publishes, which Read turns back into EventSources ({@link
   * TopicPolicyRecord}). A role of the topic's own account gains nothing it could not have from its
   * own IAM policy.
   */
  public List<IamStatement> forDeclaredSources(
      final TopicArn topic, final Collection<EventSource> sources) {
    final Map<String, IamStatement> bySid = new LinkedHashMap<>();
    for (final EventSource source : sources) {
      final IamStatement statement = forSource(topic, source);
      bySid.putIfAbsent(statement.sid(), statement);
    }
    return List.copyOf(bySid.values());
  }

  /**
   * The topic policy the type must set, if it must set one: the current policy with this topic's
   * statements (the owner's, recording the key policy mode, and one per declared source) replaced,
   * every other statement kept. Empty when nothing needs to change, including a topic in the
   * default mode that never had sources and still has none (SNS's default policy stays).
   *
   * @param currentPolicyJson the topic's Policy attribute, or null when SNS reports none
   * @param modeSuffix {@code ""} for the default mode, else the suffix {@link
   *     StatementIds#owner(TopicArn, String)} records
   */
  public Optional<String> updatedPolicy(
      final String currentPolicyJson,
      final TopicArn topic,
      final Collection<EventSource> sources,
      final String modeSuffix) {
    final List<IamStatement> grants = forDeclaredSources(topic, sources);
    final boolean recordNeeded = !grants.isEmpty() || !modeSuffix.isEmpty();
    final boolean hasPolicy = currentPolicyJson != null && !currentPolicyJson.isBlank();
    if (!recordNeeded
        && (!hasPolicy || PolicyEditor.topicStatementIds(currentPolicyJson, topic).isEmpty())) {
      return Optional.empty();
    }
    final List<IamStatement> mine = new ArrayList<>();
    mine.add(ownerStatement(topic, modeSuffix));
    mine.addAll(grants);
    if (!hasPolicy) {
      return Optional.of(checkedSize(IamPolicy.builder().statements(mine).build().toJson()));
    }
    final String updated =
        PolicyEditor.withTopicStatements(
            currentPolicyJson, topic, mine, PolicyEditor.MAX_TOPIC_POLICY_BYTES, "topic policy");
    return PolicyEditor.equalInMeaning(updated, currentPolicyJson)
        ? Optional.empty()
        : Optional.of(updated);
  }

  private static String checkedSize(final String policy) {
    return PolicyEditor.withStatements(
        policy, List.of(), PolicyEditor.MAX_TOPIC_POLICY_BYTES, "topic policy");
  }

  /** The whole topic policy: the owner statement first, then one per source that needs it. */
  public IamPolicy policy(final TopicArn topic, final Collection<EventSource> sources) {
    final List<IamStatement> statements = new ArrayList<>();
    statements.add(ownerStatement(topic));
    statements.addAll(forSources(topic, sources));
    return IamPolicy.builder().statements(statements).build();
  }
}
