package software.amazon.sns.ssetopic.cli;

/** How a command prints its answer: readable text, JSON for scripts, SARIF (check only). */
public enum OutputFormat {
  TEXT,
  JSON,
  /** SARIF 2.1.0, for code-scanning tools; only {@code check} has findings to put in it. */
  SARIF
}
