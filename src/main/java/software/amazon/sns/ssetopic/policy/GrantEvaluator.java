package software.amazon.sns.ssetopic.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.sns.ssetopic.policy.ConditionEvaluator.Check;
import software.amazon.sns.ssetopic.policy.PolicyStatement.Principals;
import software.amazon.sns.ssetopic.policy.SourceEvaluation.Grant;

/**
 * Whether a resource policy (a key policy or a topic policy) allows one source a set of actions on
 * its resource, conservatively: the decisions listed in {@link KeyPolicyEvaluator}'s class comment
 * hold for both documents. The request context says which resource, principal and condition keys
 * the request carries.
 */
final class GrantEvaluator {

  private GrantEvaluator() {}

  /** The outcome for one action: a grant level, the statement that decided it, or why not. */
  record ActionOutcome(Grant grant, String detail) {}

  /**
   * The verdict for one source: GRANTED when every action is granted, else the weakest outcome,
   * with every action's reason and the statement that would grant the source.
   */
  static SourceEvaluation evaluate(
      final List<PolicyStatement> statements,
      final RequestContext context,
      final List<String> actions,
      final Supplier<String> statementToAdd) {
    final List<String> grantedBy = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    Grant overall = Grant.GRANTED;
    for (final String action : actions) {
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
        source, overall, String.join("; ", problems), Optional.of(statementToAdd.get()));
  }

  private static Grant weaker(final Grant a, final Grant b) {
    return a == Grant.NOT_GRANTED || b == Grant.NOT_GRANTED ? Grant.NOT_GRANTED : b;
  }

  static ActionOutcome evaluateAction(
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
                + " that cannot be proven to include "
                + context.resourceHint());
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
    final String keyArn = context.resourceArn();
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
