package software.amazon.sns.ssetopic.policy;

import java.util.List;
import java.util.Locale;
import software.amazon.sns.ssetopic.policy.PolicyStatement.ConditionClause;

/**
 * Decides whether one condition clause holds for a request context, in three values. Supported: the
 * String, Arn and Null operators with IfExists and ForAnyValue / ForAllValues. Anything else (Bool,
 * Numeric, Date, IpAddress, policy variables, keys the context does not know) is UNKNOWN: an Allow
 * relying on it grants nothing, a Deny guarded by it counts as applying.
 */
final class ConditionEvaluator {
  /** The outcome and, unless TRUE, why. */
  record Check(Tri result, String why) {
    static final Check HOLDS = new Check(Tri.TRUE, null);
  }

  private enum Family {
    EQUALS,
    EQUALS_IGNORE_CASE,
    LIKE,
    ARN
  }

  private enum SetQualifier {
    NONE,
    ANY,
    ALL
  }

  private ConditionEvaluator() {}

  /** All clauses of a statement must hold. */
  static Check checkAll(final List<ConditionClause> clauses, final RequestContext context) {
    Check unknown = null;
    for (final ConditionClause clause : clauses) {
      final Check check = check(clause, context);
      if (check.result() == Tri.FALSE) {
        return check;
      }
      if (check.result() == Tri.UNKNOWN && unknown == null) {
        unknown = check;
      }
    }
    return unknown != null ? unknown : Check.HOLDS;
  }

  static Check check(final ConditionClause clause, final RequestContext context) {
    String operator = clause.operator();
    SetQualifier qualifier = SetQualifier.NONE;
    final String lower = operator.toLowerCase(Locale.ROOT);
    if (lower.startsWith("foranyvalue:")) {
      qualifier = SetQualifier.ANY;
      operator = operator.substring("ForAnyValue:".length());
    } else if (lower.startsWith("forallvalues:")) {
      qualifier = SetQualifier.ALL;
      operator = operator.substring("ForAllValues:".length());
    }
    final boolean ifExists = operator.toLowerCase(Locale.ROOT).endsWith("ifexists");
    if (ifExists) {
      operator = operator.substring(0, operator.length() - "IfExists".length());
    }
    final String base = operator.toLowerCase(Locale.ROOT);
    final RequestContext.Entry entry = context.get(clause.key());
    final String principal = context.source().principal();
    if (entry == null) {
      return unknown(clause, "the evaluator cannot know " + clause.key() + " for " + principal);
    }
    if (base.equals("null")) {
      return checkNull(clause, entry, qualifier, ifExists);
    }
    final boolean negated = base.contains("not");
    final Family family = family(base.replace("not", ""));
    if (!entry.present()) {
      if (ifExists || qualifier == SetQualifier.ALL) {
        return Check.HOLDS;
      }
      if (family == null || negated) {
        return unknown(clause, clause.key() + " is absent: " + entry.why());
      }
      return new Check(
          Tri.FALSE, "its condition " + clause + " needs " + clause.key() + ", but " + entry.why());
    }
    if (family == null) {
      return unknown(clause, "the evaluator does not evaluate the operator " + clause.operator());
    }
    for (final String value : clause.values()) {
      if (value.contains("${")) {
        return unknown(clause, "the evaluator does not resolve policy variables");
      }
    }
    if (negated && qualifier != SetQualifier.NONE) {
      return unknown(clause, "the evaluator does not evaluate negated set operators");
    }
    Tri result = qualifier == SetQualifier.ALL ? Tri.TRUE : Tri.FALSE;
    for (final RequestContext.Value value : entry.values()) {
      final Tri matched = matchesAny(family, clause.values(), value);
      result = qualifier == SetQualifier.ALL ? result.and(matched) : result.or(matched);
    }
    if (negated) {
      result = result.not();
    }
    return switch (result) {
      case TRUE -> Check.HOLDS;
      case FALSE ->
          new Check(
              Tri.FALSE,
              "its condition "
                  + clause
                  + " does not hold: "
                  + clause.key()
                  + " is "
                  + describe(entry.values()));
      default ->
          unknown(
              clause,
              clause.key()
                  + " is "
                  + describe(entry.values())
                  + ", which the condition may or may not match");
    };
  }

  private static Check checkNull(
      final ConditionClause clause,
      final RequestContext.Entry entry,
      final SetQualifier qualifier,
      final boolean ifExists) {
    final List<String> values = clause.values();
    if (qualifier != SetQualifier.NONE || ifExists || values.size() != 1) {
      return unknown(clause, "the evaluator does not evaluate this form of Null");
    }
    final String expected = values.get(0).toLowerCase(Locale.ROOT);
    if (!expected.equals("true") && !expected.equals("false")) {
      return unknown(clause, "Null takes true or false");
    }
    final boolean wantsAbsent = expected.equals("true");
    return wantsAbsent != entry.present()
        ? Check.HOLDS
        : new Check(
            Tri.FALSE,
            "its condition "
                + clause
                + " does not hold: "
                + clause.key()
                + (entry.present() ? " is present" : " is absent"));
  }

  private static Family family(final String base) {
    return switch (base) {
      case "stringequals" -> Family.EQUALS;
      case "stringequalsignorecase" -> Family.EQUALS_IGNORE_CASE;
      case "stringlike" -> Family.LIKE;
      case "arnequals", "arnlike" -> Family.ARN;
      default -> null;
    };
  }

  private static Tri matchesAny(
      final Family family, final List<String> patterns, final RequestContext.Value value) {
    Tri result = Tri.FALSE;
    for (final String pattern : patterns) {
      result = result.or(matches(family, pattern, value));
    }
    return result;
  }

  private static Tri matches(
      final Family family, final String pattern, final RequestContext.Value value) {
    final String text = value.text();
    if (!value.pattern()) {
      return Tri.of(
          switch (family) {
            case EQUALS -> pattern.equals(text);
            case EQUALS_IGNORE_CASE -> pattern.equalsIgnoreCase(text);
            case LIKE -> Glob.matches(pattern, text);
            case ARN -> Glob.arnMatches(pattern, text);
          });
    }
    // The real value is one of many: only a containment proof counts.
    final boolean covered =
        switch (family) {
          case LIKE -> Glob.covers(pattern, text);
          case ARN -> Glob.arnCovers(pattern, text);
          default -> false;
        };
    return covered ? Tri.TRUE : Tri.UNKNOWN;
  }

  private static String describe(final List<RequestContext.Value> values) {
    return values.size() == 1
        ? values.get(0).text()
        : values.stream().map(RequestContext.Value::text).toList().toString();
  }

  private static Check unknown(final ConditionClause clause, final String why) {
    return new Check(Tri.UNKNOWN, "its condition " + clause + " cannot be proven: " + why);
  }
}
