package software.amazon.sns.ssetopic.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import software.amazon.sns.ssetopic.policy.SourceEvaluation.Grant;

/**
 * Verify mode: decides, per event source, whether a key policy (as KMS returns it) lets the source
 * use the key through SNS, that is, allows both {@code kms:GenerateDataKey} (what {@code
 * kms:GenerateDataKey*} must cover) and {@code kms:Decrypt}. It reads the policy with Jackson and
 * errs on the side of "not granted": a source counts as granted only when the policy provably
 * allows it and no Deny can apply.
 *
 * <p>Decisions:
 *
 * <ul>
 *   <li><b>Actions</b> match case-insensitively with IAM wildcards ({@code *}, {@code kms:*},
 *       {@code kms:GenerateDataKey*}, {@code kms:?ecrypt}). {@code NotAction} is evaluated exactly:
 *       it covers every action its patterns do not match.
 *   <li><b>Principals</b>: {@code "*"} and {@code {"AWS": "*"}} match every source. {@code
 *       {"Service": ...}} matches that service principal (case-insensitive); {@code {"AWS": role
 *       ARN}} matches that role. An account root ({@code arn:aws:iam::ACCT:root}) or bare account
 *       ID delegates to that account's IAM policies: it never grants a service principal, and for a
 *       role of that account it yields {@link Grant#DELEGATED_TO_IAM}, not {@link Grant#GRANTED},
 *       because the evaluator cannot see the role's IAM policy.
 *   <li><b>NotPrincipal</b>: an Allow with NotPrincipal is never counted as a grant (it grants
 *       almost everyone, and AWS advises against it). A Deny with NotPrincipal applies to every
 *       source it does not exempt: a service listed by name, or a role listed both by role ARN and
 *       by an assumed-role session ARN of that role (how IAM matches role sessions).
 *   <li><b>Deny</b> wins: a Deny applies when its principal, action, resource and conditions may
 *       all apply; only a condition that provably fails (or a principal, action or resource that
 *       provably does not match) exempts the source.
 *   <li><b>Conditions</b>: the evaluator knows, for a source's KMS calls through SNS, {@code
 *       kms:EncryptionContext:aws:sns:topicArn} (the topic), {@code kms:EncryptionContextKeys},
 *       {@code kms:ViaService} (SNS in the topic's region); for service principals whose catalog
 *       entry allows source conditions, {@code aws:SourceAccount} (declared, else from SourceArn,
 *       else the topic's account) and {@code aws:SourceArn} (only when declared); for services that
 *       do not send source keys (EventBridge, CodeStar Notifications) and for roles, that {@code
 *       aws:SourceAccount} / {@code aws:SourceArn} are absent; for roles, {@code aws:PrincipalArn},
 *       {@code aws:PrincipalAccount} and {@code kms:CallerAccount}. Any other key, policy variable
 *       or unsupported operator cannot be proven: it blocks an Allow and does not lift a Deny.
 *       Negated operators on an absent key are treated as unprovable.
 *   <li><b>Resource</b>: {@code "*"} is the key itself. A key ARN pattern matches when the key ARN
 *       is given; without it, only {@code "*"} counts.
 *   <li><b>Cross-account keys</b>: GetKeyPolicy works only in the key's own account, so a key in
 *       another account cannot be evaluated; {@link #unverifiable} reports every source as {@link
 *       Grant#UNVERIFIABLE} with the statements the key's owner must add. What the handler does
 *       then is its decision; failing with that message (and letting the user choose KeyPolicyMode:
 *       Skip once the owner has added them) keeps Verify's promise.
 * </ul>
 */
public final class KeyPolicyEvaluator {
  /** The actions each source needs, as SNS calls them. */
  static final List<String> REQUIRED_ACTIONS = List.of("kms:GenerateDataKey", "kms:Decrypt");

  private final KeyPolicyStatements generator;

  public KeyPolicyEvaluator(final KeyPolicyStatements generator) {
    this.generator = generator;
  }

  public static KeyPolicyEvaluator standard() {
    return new KeyPolicyEvaluator(KeyPolicyStatements.standard());
  }

  /** Evaluates without knowing the key ARN: only {@code "Resource": "*"} counts as the key. */
  public KeyPolicyEvaluation evaluate(
      final String keyPolicyJson, final TopicArn topic, final Collection<EventSource> sources) {
    return evaluate(keyPolicyJson, topic, null, sources);
  }

  /**
   * Evaluates a key policy for each distinct source.
   *
   * @param keyPolicyJson the policy as KMS returns it
   * @param keyArn the key's ARN, or null when unknown
   * @throws InvalidPolicyDocumentException when the policy cannot be read
   */
  public KeyPolicyEvaluation evaluate(
      final String keyPolicyJson,
      final TopicArn topic,
      final String keyArn,
      final Collection<EventSource> sources) {
    final List<PolicyStatement> statements = PolicyStatement.readAll(keyPolicyJson);
    final List<SourceEvaluation> results = new ArrayList<>();
    final EventSourceCatalog catalog = generator.catalog();
    for (final EventSource source : new LinkedHashSet<>(sources)) {
      final EventSourceProfile profile = catalog.profileOf(source);
      final RequestContext context = RequestContext.of(source, profile, topic, keyArn);
      final SourceEvaluation evaluation =
          GrantEvaluator.evaluate(
              statements, context, REQUIRED_ACTIONS, () -> statementFor(topic, source));
      results.add(
          evaluation.granted() || profile != catalog.defaultServiceProfile()
              ? evaluation
              : new SourceEvaluation(
                  source,
                  evaluation.grant(),
                  evaluation.reason() + ". " + defaultsNote(source, profile),
                  evaluation.statementToAdd()));
    }
    return new KeyPolicyEvaluation(topic, results);
  }

  /** Says that the statement to add comes from the conservative defaults, not from AWS pages. */
  private static String defaultsNote(final EventSource source, final EventSourceProfile profile) {
    return source.principal()
        + " is not in the event-source catalog, so the statement to add uses its conservative"
        + " defaults (aws:SourceAccount in the key and topic statements, a topic-policy grant of"
        + " sns:Publish); check the service's own documentation for encrypted SNS topics ("
        + String.join(", ", profile.documentation())
        + "), 'ssetopic sources' lists the catalogued services";
  }

  /** Every source as unverifiable (the policy cannot be read), with the statements to add. */
  public KeyPolicyEvaluation unverifiable(
      final TopicArn topic, final Collection<EventSource> sources, final String why) {
    final List<SourceEvaluation> results = new ArrayList<>();
    for (final EventSource source : new LinkedHashSet<>(sources)) {
      results.add(
          new SourceEvaluation(
              source,
              Grant.UNVERIFIABLE,
              "the key policy cannot be read (" + why + "); its owner must add the statement",
              Optional.of(statementFor(topic, source))));
    }
    return new KeyPolicyEvaluation(topic, results);
  }

  /** The statement to add: the one a person pastes, which Verify counts and Manage never edits. */
  private String statementFor(final TopicArn topic, final EventSource source) {
    return PolicyJson.statementJson(generator.toPaste(TopicScope.of(topic), source));
  }
}
