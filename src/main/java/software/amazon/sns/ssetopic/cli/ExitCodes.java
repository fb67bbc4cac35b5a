package software.amazon.sns.ssetopic.cli;

/** The exit codes every ssetopic command uses; {@code ssetopic --help} lists them. */
public final class ExitCodes {

  /** The command did its job. */
  public static final int OK = 0;

  /** Something failed that the input does not explain: a bug or a broken installation. */
  public static final int INTERNAL_ERROR = 1;

  /** Bad input: an unknown option, a missing or malformed value, values that contradict. */
  public static final int BAD_INPUT = 2;

  /** diagnose ran and found problems (or could not prove a source works): its report says which. */
  public static final int PROBLEMS_FOUND = 3;

  /**
   * diagnose could not ask AWS: no credentials, no network, or AWS refused the calls it needs
   * (GetTopicAttributes, DescribeKey, GetKeyPolicy).
   */
  public static final int AWS_UNAVAILABLE = 4;

  private ExitCodes() {}
}
