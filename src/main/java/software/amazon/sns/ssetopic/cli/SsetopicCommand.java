package software.amazon.sns.ssetopic.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code ssetopic}: the toolkit for SNS topics encrypted with KMS. */
@Command(
    name = "ssetopic",
    // INHERIT: every subcommand gets --help, --version and the exit-code list too.
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpWidth = 100,
    header = "Answers for SNS topics encrypted with a KMS key.",
    description = {"", "Run 'ssetopic COMMAND --help' for what a command does and its options."},
    subcommands = {
      SourcesCommand.class,
      KeyPolicyCommand.class,
      TopicPolicyCommand.class,
      PublisherPolicyCommand.class,
      CostCommand.class,
      WireCommand.class,
      DiagnoseCommand.class,
      CheckCommand.class,
      MigrateCommand.class,
      HelpCommand.class,
      AutoComplete.GenerateCompletion.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      " 0:done",
      " 1:internal error: a bug or a broken installation, not your input",
      " 2:bad input: the message names the value and the fix",
      " 3:diagnose or check found problems; the report names each one and the fix",
      " 4:diagnose could not ask AWS (credentials, network, access denied)"
    })
public final class SsetopicCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--format",
      scope = ScopeType.INHERIT,
      paramLabel = "text|json",
      defaultValue = "text",
      converter = Converters.Format.class,
      description = "text (default, for people) or json (for scripts); check also takes sarif")
  OutputFormat format;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "name a command, for example 'cost'");
  }

  /** The command line with ssetopic's error handling: one line on stderr, never a stack trace. */
  public static CommandLine commandLine() {
    final CommandLine commandLine = new CommandLine(new SsetopicCommand());
    commandLine.setParameterExceptionHandler(ErrorHandlers::badInput);
    commandLine.setExecutionExceptionHandler(ErrorHandlers::internalError);
    commandLine.setExecutionStrategy(SsetopicCommand::sarifOnlyForCheck);
    // picocli's completion command has no header of its own and would inherit the tool's.
    commandLine
        .getSubcommands()
        .get("generate-completion")
        .getCommandSpec()
        .usageMessage()
        .header("Prints a bash/zsh completion script: source <(ssetopic generate-completion)");
    return commandLine;
  }

  /** --format sarif is for findings; the other commands have none to put in it. */
  private static int sarifOnlyForCheck(final ParseResult parseResult) {
    ParseResult command = parseResult;
    while (command.hasSubcommand()) {
      command = command.subcommand();
    }
    final Object root = parseResult.commandSpec().userObject();
    if (root instanceof SsetopicCommand ssetopic
        && ssetopic.format == OutputFormat.SARIF
        && !(command.commandSpec().userObject() instanceof CheckCommand)
        && !command.isUsageHelpRequested()
        && !command.isVersionHelpRequested()) {
      throw new ParameterException(
          command.commandSpec().commandLine(),
          "--format sarif is for check's findings: use text or json");
    }
    return new CommandLine.RunLast().execute(parseResult);
  }

  public static void main(final String... args) {
    System.exit(commandLine().execute(args));
  }
}
