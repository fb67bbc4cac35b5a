package software.amazon.sns.ssetopic.policy;

/**
 * Three-valued logic for policy evaluation: a statement may provably apply, provably not apply, or
 * depend on something the evaluator cannot know. Allow statements count only when TRUE; Deny
 * statements count unless FALSE. That asymmetry is what makes the evaluator conservative.
 */
enum Tri {
  TRUE,
  FALSE,
  UNKNOWN;

  static Tri of(final boolean value) {
    return value ? TRUE : FALSE;
  }

  Tri and(final Tri other) {
    if (this == FALSE || other == FALSE) {
      return FALSE;
    }
    return this == TRUE && other == TRUE ? TRUE : UNKNOWN;
  }

  Tri or(final Tri other) {
    if (this == TRUE || other == TRUE) {
      return TRUE;
    }
    return this == FALSE && other == FALSE ? FALSE : UNKNOWN;
  }

  Tri not() {
    return this == UNKNOWN ? UNKNOWN : of(this == FALSE);
  }
}
