package software.amazon.sns.ssetopic.cli;

/** The exit codes every ssetopic command uses; {@code ssetopic --help} lists them. */
public final class ExitCodes {

  /** The command did its job. */
  public static final int OK = 0;

  /** Something failed that the input does not explain: a bug or a broken installation. */
  public static final int INTERNAL_ERROR = 1;

  /** Bad input: an unknown option, a missing or malformed value, values that contradict. */
  public static final int BAD_INPUT = 2;

  private ExitCodes() {}
}
