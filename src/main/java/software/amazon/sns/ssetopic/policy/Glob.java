package software.amazon.sns.ssetopic.policy;

import java.util.Locale;

/** IAM wildcard matching: {@code *} any run of characters, {@code ?} any one character. */
final class Glob {
  private Glob() {}

  static boolean hasWildcard(final String text) {
    return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
  }

  static boolean matches(final String pattern, final String text, final boolean ignoreCase) {
    return ignoreCase
        ? matches(pattern.toLowerCase(Locale.ROOT), text.toLowerCase(Locale.ROOT))
        : matches(pattern, text);
  }

  /** Greedy matching with backtracking to the last star: linear in practice, no regex. */
  static boolean matches(final String pattern, final String text) {
    int p = 0;
    int t = 0;
    int star = -1;
    int resume = 0;
    while (t < text.length()) {
      if (p < pattern.length()
          && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
        p++;
        t++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        resume = t;
      } else if (star >= 0) {
        p = star + 1;
        t = ++resume;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  /**
   * Whether every string matching {@code inner} also matches {@code outer}. Sound but incomplete:
   * false means "not proven".
   */
  static boolean covers(final String outer, final String inner) {
    if (outer.equals(inner) || outer.equals("*")) {
      return true;
    }
    if (!hasWildcard(inner)) {
      return matches(outer, inner);
    }
    // outer = literal prefix + "*": covers every pattern that starts with that prefix.
    final String prefix = outer.substring(0, outer.length() - 1);
    return outer.endsWith("*") && !hasWildcard(prefix) && inner.startsWith(prefix);
  }

  /**
   * ArnLike / ArnEquals: the six colon-separated parts are matched one by one, each may hold
   * wildcards (a {@code *} does not cross a colon, except in the last part).
   */
  static boolean arnMatches(final String pattern, final String arn) {
    if (pattern.equals("*")) {
      return true;
    }
    final String[] patternParts = pattern.split(":", 6);
    final String[] arnParts = arn.split(":", 6);
    if (patternParts.length != 6 || arnParts.length != 6) {
      return false;
    }
    for (int i = 0; i < 6; i++) {
      if (!matches(patternParts[i], arnParts[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether every ARN matching {@code inner} (a pattern) matches {@code outer}; false = unproven.
   */
  static boolean arnCovers(final String outer, final String inner) {
    if (outer.equals("*")) {
      return true;
    }
    final String[] outerParts = outer.split(":", 6);
    final String[] innerParts = inner.split(":", 6);
    if (outerParts.length != 6 || innerParts.length != 6) {
      return false;
    }
    for (int i = 0; i < 6; i++) {
      if (!covers(outerParts[i], innerParts[i])) {
        return false;
      }
    }
    return true;
  }
}
