package software.amazon.sns.ssetopic.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the command line, with what it printed. */
record CliRun(int exitCode, String out, String err) {

  static CliRun of(final String... args) {
    return of(SsetopicCommand.commandLine(), args);
  }

  static CliRun of(final CommandLine commandLine, final String... args) {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    final int exitCode = commandLine.execute(args);
    return new CliRun(exitCode, out.toString(), err.toString());
  }
}
