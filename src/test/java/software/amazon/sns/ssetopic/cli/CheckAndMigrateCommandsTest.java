package software.amazon.sns.ssetopic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check and migrate in process: what they print where, and their exit codes. */
class CheckAndMigrateCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CORPUS = "src/test/resources/templates/";

  @Test
  void checkReportsEachFindingOnItsLineAndExits3() {
    final CliRun run = CliRun.of("check", CORPUS + "alarm-aws-managed-key.yaml");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.PROBLEMS_FOUND);
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .startsWith(
            CORPUS
                + "alarm-aws-managed-key.yaml:7:7: error SSE002"
                + " aws-managed-key-with-service-publisher: AlertsTopic: HighLatency"
                + " Properties.AlarmActions[0] (line 19) hands topic AlertsTopic to"
                + " cloudwatch.amazonaws.com.")
        .contains("    fix: create an AWS::KMS::Key")
        .endsWith("1 template checked: 2 error(s), 0 warning(s), 0 info\n");
  }

  @Test
  void failOnDecidesTheExitCode() {
    final String infoOnly = CORPUS + "role-publishers.yaml";
    assertThat(CliRun.of("check", infoOnly).exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(CliRun.of("check", "--fail-on", "info", infoOnly).exitCode())
        .isEqualTo(ExitCodes.PROBLEMS_FOUND);
    final String warning = CORPUS + "unencrypted-budget.json";
    assertThat(CliRun.of("check", "--fail-on", "error", warning).exitCode())
        .isEqualTo(ExitCodes.PROBLEMS_FOUND);
    final CliRun quiet =
        CliRun.of(
            "check",
            "--no-unencrypted-warning",
            "--format",
            "json",
            CORPUS + "unencrypted-budget.json");
    assertThat(quiet.out()).doesNotContain("SSE001");
    final CliRun bad = CliRun.of("check", "--fail-on", "fatal", infoOnly);
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(bad.err()).contains("'fatal' is not a severity: use error, warning or info");
  }

  @Test
  void checkJsonHasCountsAndFindings() throws Exception {
    final CliRun run =
        CliRun.of("check", "--format", "json", CORPUS + "conditions-parameters-imports.yaml");
    final JsonNode answer = JSON.readTree(run.out());
    assertThat(answer.path("counts").path("error").asInt()).isEqualTo(1);
    assertThat(answer.path("counts").path("info").asInt()).isEqualTo(4);
    final JsonNode first = answer.path("findings").get(0);
    assertThat(first.path("rule").asText()).isEqualTo("SSE002");
    assertThat(first.path("line").asInt()).isEqualTo(22);
    assertThat(first.path("resource").asText()).isEqualTo("ProdTopic");
  }

  @Test
  void aTemplateThatCannotBeReadIsBadInputNamingItsLine(@TempDir final Path dir) throws Exception {
    final CliRun broken = CliRun.of("check", CORPUS + "not-yaml.yaml");
    assertThat(broken.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(broken.out()).isEmpty();
    assertThat(broken.err())
        .startsWith("ssetopic check: " + CORPUS + "not-yaml.yaml:6:1: not valid YAML");
    assertThat(broken.err().lines()).hasSize(1);
    final CliRun missing = CliRun.of("check", dir.resolve("none.yaml").toString());
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(missing.err()).contains("none.yaml': no such file");
  }

  @Test
  void sarifIsForCheckOnly() {
    final CliRun run = CliRun.of("sources", "--format", "sarif");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("--format sarif is for check's findings");
  }

  @Test
  void migratePrintsTheTemplateAloneAndTheSummaryOnStderr(@TempDir final Path dir)
      throws Exception {
    final CliRun run = CliRun.of("migrate", CORPUS + "eventbridge-key-grant.yaml");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.err())
        .startsWith("changed: Topic: AWS::SNS::Topic -> AWS::SNS::SSETopic, EventSources")
        .contains("KeyPolicyMode stays Verify");
    assertThat(run.out()).startsWith("# The key grants alarms").contains("AWS::SNS::SSETopic");
    final Path migrated = dir.resolve("migrated.yaml");
    Files.writeString(migrated, run.out());
    final CliRun check = CliRun.of("check", "--format", "json", migrated.toString());
    assertThat(JSON.readTree(check.out()).path("counts").path("error").asInt()).isEqualTo(1);

    final CliRun left = CliRun.of("migrate", CORPUS + "unencrypted-budget.json");
    assertThat(left.err()).startsWith("left: CostTopic stays AWS::SNS::Topic");
    assertThat(JSON.readTree(left.out()).at("/Resources/CostTopic/Type").asText())
        .isEqualTo("AWS::SNS::Topic");
    final CliRun namespace =
        CliRun.of("migrate", "--namespace", "Ac-me", CORPUS + "unencrypted-budget.json");
    assertThat(namespace.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
  }
}
