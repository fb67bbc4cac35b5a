package software.amazon.sns.ssetopic.cli;

/** How a command prints its answer: readable text, or JSON for scripts. */
public enum OutputFormat {
  TEXT,
  JSON
}
