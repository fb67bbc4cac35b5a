package software.amazon.sns.ssetopic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class SsetopicCommandTest {

  @Test
  void helpListsTheCommandsAndTheExitCodes() {
    final CliRun run = CliRun.of("--help");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .contains("Usage: ssetopic")
        .contains("--format=text|json")
        .containsPattern("(?m)^ +cost +Estimates the KMS requests")
        .contains("Exit codes:")
        .containsPattern("(?m)^ +2 +bad input");
  }

  @Test
  void theHelpCommandExplainsACommand() {
    final CliRun run = CliRun.of("help", "cost");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("Usage: ssetopic cost");
  }

  @Test
  void versionOutsideTheJarSaysSo() {
    final CliRun run = CliRun.of("--version");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).startsWith("ssetopic (development build").contains("Java ");
  }

  @Test
  void generatesABashCompletionScriptForEveryCommand() {
    final CliRun run = CliRun.of("generate-completion");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("complete -F").contains("diagnose").contains("--topic-arn");
    assertThat(CliRun.of("--help").out()).contains("generate-completion  Prints a bash/zsh");
  }

  @Test
  void noCommandIsBadInput() {
    final CliRun run = CliRun.of();

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo("ssetopic: name a command, for example 'cost' (see 'ssetopic --help')\n");
  }

  @Test
  void anUnknownCommandIsBadInput() {
    final CliRun run = CliRun.of("costs");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).startsWith("ssetopic: Unmatched argument").contains("'costs'");
    assertThat(run.err().lines()).hasSize(1);
  }

  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("first line\n  second line");
    }
  }

  @Test
  void aFailureThatIsNotTheInputsIsOneLineWithoutAStackTrace() {
    final CommandLine commandLine = SsetopicCommand.commandLine().addSubcommand(new Boom());

    final CliRun run = CliRun.of(commandLine, "boom");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.INTERNAL_ERROR);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "ssetopic boom: internal error, not caused by your input: IllegalStateException:"
                + " first line second line\n");
  }
}
