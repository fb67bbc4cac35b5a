package software.amazon.sns.ssetopic.template;

import java.util.Locale;

/** How bad a finding is; {@code --fail-on} compares against it. */
public enum Severity {
  INFO,
  WARNING,
  ERROR;

  /** As the command line and the outputs spell it: info, warning, error. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean atLeast(final Severity other) {
    return compareTo(other) >= 0;
  }
}
