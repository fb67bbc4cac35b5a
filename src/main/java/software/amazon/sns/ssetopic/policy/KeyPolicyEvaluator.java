package software.amazon.sns.ssetopic.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.sns.ssetopic.policy.ConditionEvaluator.Check;
import software.amazon.sns.ssetopic.policy.PolicyStatement.Principals;
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
    for (final EventSource source : new LinkedHashSet<>(sources)) {
      final RequestContext context =
          RequestContext.of(source, generator.catalog().profileOf(source), topic, keyArn);
      results.add(evaluateSource(statements, context, topic));
    }
    return new KeyPolicyEvaluation(topic, results);
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

  private String statementFor(final TopicArn topic, final EventSource source) {
    return PolicyJson.statementJson(generator.forSource(topic, source));
  }

  /** The outcome for one action: a grant level, the statement that decided it, or why not. */
  private record ActionOutcome(Grant grant, String detail) {}

  private SourceEvaluation evaluateSource(
      final List<PolicyStatement> statements, final RequestContext context, final TopicArn topic) {
    final List<String> grantedBy = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    Grant overall = Grant.GRANTED;
    for (final String action : REQUIRED_ACTIONS) {
      final ActionOutcome outcome = evaluateAction(statements, context, action);
      if (outcome.grant() == Grant.GRANTED) {
        grantedBy.add(action + " by statement " + outcome.detail());
      } else {
        problems.add(outcome.detail());
        overall = weaker(overall, outcome.grant());
      }
    }
    final EventSource source = context.source();
    if (overall == Grant.GRANTED) {
      return new SourceEvaluation(
          source, overall, "allowed " + String.join(" and ", grantedBy), Optional.empty());
    }
    return new SourceEvaluation(
        source, overall, String.join("; ", problems), Optional.of(statementFor(topic, source)));
  }

  private static Grant weaker(final Grant a, final Grant b) {
    return a == Grant.NOT_GRANTED || b == Grant.NOT_GRANTED ? Grant.NOT_GRANTED : b;
  }

  private static ActionOutcome evaluateAction(
      final List<PolicyStatement> statements, final RequestContext context, final String action) {
    final String principal = context.source().principal();
    for (final PolicyStatement statement : statements) {
      if (statement.allow()) {
        continue;
      }
      final Optional<String> deny = denyApplies(statement, context, action);
      if (deny.isPresent()) {
        return new ActionOutcome(Grant.NOT_GRANTED, deny.get());
      }
    }
    String delegatedBy = null;
    final List<String> nearMisses = new ArrayList<>();
    for (final PolicyStatement statement : statements) {
      if (!statement.allow() || !actionMatches(statement, action)) {
        continue;
      }
      final AllowPrincipal match = allowPrincipal(statement, context);
      if (match == AllowPrincipal.NONE) {
        continue;
      }
      if (match == AllowPrincipal.NOT_PRINCIPAL) {
        nearMisses.add(
            "statement "
                + statement.label()
                + " uses NotPrincipal with Allow, which is not"
                + " counted as a grant");
        continue;
      }
      final Tri resource = resourceMatches(statement, context);
      if (resource != Tri.TRUE) {
        nearMisses.add(
            "statement "
                + statement.label()
                + " names resources "
                + (statement.resources() != null
                    ? statement.resources()
                    : "not " + statement.notResources())
                + " that cannot be proven to include this key (use \"Resource\": \"*\")");
        continue;
      }
      final Check conditions = ConditionEvaluator.checkAll(statement.conditions(), context);
      if (conditions.result() != Tri.TRUE) {
        nearMisses.add("statement " + statement.label() + " allows it, but " + conditions.why());
        continue;
      }
      if (match == AllowPrincipal.DIRECT) {
        return new ActionOutcome(Grant.GRANTED, statement.label());
      }
      if (delegatedBy == null) {
        delegatedBy = statement.label();
      }
    }
    if (delegatedBy != null) {
      return new ActionOutcome(
          Grant.DELEGATED_TO_IAM,
          action
              + " only through statement "
              + delegatedBy
              + ", which delegates to the account's IAM policies; the key policy must name the"
              + " role itself (the evaluator cannot see the role's IAM policy)");
    }
    final StringBuilder detail = new StringBuilder("no statement allows ").append(action);
    if (!nearMisses.isEmpty()) {
      detail.append(": ").append(String.join("; ", nearMisses));
    } else if (!context.source().isRole()) {
      detail
          .append(" to the service principal ")
          .append(principal)
          .append(" (an account-root grant delegates to IAM and does not cover services)");
    }
    return new ActionOutcome(Grant.NOT_GRANTED, detail.toString());
  }

  /** Why a Deny statement (may) apply to this action, or empty when it provably does not. */
  private static Optional<String> denyApplies(
      final PolicyStatement statement, final RequestContext context, final String action) {
    if (!actionMatches(statement, action)) {
      return Optional.empty();
    }
    final Tri principal = denyPrincipal(statement, context);
    final Tri resource = resourceMatches(statement, context);
    final Check conditions = ConditionEvaluator.checkAll(statement.conditions(), context);
    final Tri applies = principal.and(resource).and(conditions.result());
    if (applies == Tri.FALSE) {
      return Optional.empty();
    }
    if (applies == Tri.TRUE) {
      return Optional.of("statement " + statement.label() + " explicitly denies " + action);
    }
    final String why =
        conditions.result() == Tri.UNKNOWN
            ? conditions.why()
            : "it may apply to this principal or key";
    return Optional.of(
        "statement "
            + statement.label()
            + " (Deny) may apply to "
            + action
            + " and an explicit Deny wins: "
            + why);
  }

  private static boolean actionMatches(final PolicyStatement statement, final String action) {
    if (statement.actions() != null) {
      return statement.actions().stream().anyMatch(pattern -> Glob.matches(pattern, action, true));
    }
    return statement.notActions().stream()
        .noneMatch(pattern -> Glob.matches(pattern, action, true));
  }

  private enum AllowPrincipal {
    DIRECT,
    DELEGATED,
    NOT_PRINCIPAL,
    NONE
  }

  private static AllowPrincipal allowPrincipal(
      final PolicyStatement statement, final RequestContext context) {
    if (statement.principal() == null) {
      return AllowPrincipal.NOT_PRINCIPAL;
    }
    final Principals principals = statement.principal();
    final EventSource source = context.source();
    if (principals.everyone() || names(principals, source)) {
      return AllowPrincipal.DIRECT;
    }
    if (source.isRole() && namesRoleAccount(principals, source)) {
      return AllowPrincipal.DELEGATED;
    }
    return AllowPrincipal.NONE;
  }

  private static Tri denyPrincipal(final PolicyStatement statement, final RequestContext context) {
    final EventSource source = context.source();
    if (statement.principal() != null) {
      final Principals principals = statement.principal();
      if (principals.everyone() || names(principals, source)) {
        return Tri.TRUE;
      }
      // Denying an account denies every principal in it.
      if (source.isRole() && namesRoleAccount(principals, source)) {
        return Tri.TRUE;
      }
      if (source.isRole() && namesRoleSession(principals, source)) {
        return Tri.UNKNOWN;
      }
      return Tri.FALSE;
    }
    final Principals exempt = statement.notPrincipal();
    if (exempt.everyone()) {
      return Tri.FALSE;
    }
    if (!source.isRole()) {
      return Tri.of(!names(exempt, source));
    }
    return Tri.of(!(names(exempt, source) && namesRoleSession(exempt, source)));
  }

  /** The principal names this very source: its service principal, or its role ARN. */
  private static boolean names(final Principals principals, final EventSource source) {
    if (source.isRole()) {
      return principals.ofType("AWS").contains(source.roleArn());
    }
    final String service = source.servicePrincipal();
    return principals.ofType("Service").stream().anyMatch(service::equalsIgnoreCase);
  }

  /** The principal names the role's account as a whole (root ARN or bare account ID). */
  private static boolean namesRoleAccount(final Principals principals, final EventSource source) {
    final String account = source.roleAccount().orElseThrow();
    final String root =
        "arn:" + source.rolePartition().orElseThrow() + ":iam::" + account + ":root";
    return principals.ofType("AWS").stream().anyMatch(id -> id.equals(account) || id.equals(root));
  }

  /** The principal names a session of the role (arn:aws:sts::ACCT:assumed-role/NAME/...). */
  private static boolean namesRoleSession(final Principals principals, final EventSource source) {
    final String prefix =
        "arn:"
            + source.rolePartition().orElseThrow()
            + ":sts::"
            + source.roleAccount().orElseThrow()
            + ":assumed-role/"
            + source.roleName().orElseThrow()
            + "/";
    return principals.ofType("AWS").stream().anyMatch(id -> id.startsWith(prefix));
  }

  private static Tri resourceMatches(
      final PolicyStatement statement, final RequestContext context) {
    final String keyArn = context.keyArn();
    if (statement.resources() != null) {
      Tri result = Tri.FALSE;
      for (final String pattern : statement.resources()) {
        if (pattern.equals("*")) {
          return Tri.TRUE;
        }
        if (keyArn != null) {
          result = result.or(Tri.of(Glob.arnMatches(pattern, keyArn)));
        } else if (couldNameKmsKey(pattern)) {
          result = result.or(Tri.UNKNOWN);
        }
      }
      return result;
    }
    if (statement.notResources().contains("*")) {
      return Tri.FALSE;
    }
    if (keyArn == null) {
      return Tri.UNKNOWN;
    }
    return Tri.of(statement.notResources().stream().noneMatch(p -> Glob.arnMatches(p, keyArn)));
  }

  private static boolean couldNameKmsKey(final String pattern) {
    final String[] parts = pattern.split(":", 6);
    return parts.length == 6 && Glob.matches(parts[2].toLowerCase(Locale.ROOT), "kms");
  }
}
