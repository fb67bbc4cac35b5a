package software.amazon.sns.ssetopic.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** What a person sees when a command fails: one line on stderr that says what to do. */
final class ErrorHandlers {

  private static final String PICOCLI_PREFIX = "Error: ";

  private ErrorHandlers() {}

  /** Bad input: the message names the value and the fix; the help is one command away. */
  static int badInput(final ParameterException exception, final String[] args) {
    final CommandLine command = exception.getCommandLine();
    final String name = command.getCommandSpec().qualifiedName();
    command
        .getErr()
        .printf(
            "%s: %s (see '%s --help')%n", name, oneLine(stripPrefix(exception.getMessage())), name);
    command.getErr().flush();
    return ExitCodes.BAD_INPUT;
  }

  /** Anything else is not the user's fault: say so in one line, without a stack trace. */
  static int internalError(
      final Exception exception, final CommandLine command, final ParseResult parseResult) {
    command
        .getErr()
        .printf(
            "%s: internal error, not caused by your input: %s: %s%n",
            command.getCommandSpec().qualifiedName(),
            exception.getClass().getSimpleName(),
            oneLine(String.valueOf(exception.getMessage())));
    command.getErr().flush();
    return ExitCodes.INTERNAL_ERROR;
  }

  private static String stripPrefix(final String message) {
    return message.startsWith(PICOCLI_PREFIX)
        ? message.substring(PICOCLI_PREFIX.length())
        : message;
  }

  /** Library messages (Jackson's, picocli's) may span lines; the contract is one line. */
  static String oneLine(final String message) {
    return message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
