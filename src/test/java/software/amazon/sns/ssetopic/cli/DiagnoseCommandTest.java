package software.amazon.sns.ssetopic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.sns.ssetopic.cli.Diagnosis.Finding;
import software.amazon.sns.ssetopic.cli.Diagnosis.Report;
import software.amazon.sns.ssetopic.cli.Diagnosis.Status;

/** diagnose's command line in process; what it finds is DiagnosisTest's, live AWS is the ITs'. */
class DiagnoseCommandTest {
  private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:alarms";

  @AfterEach
  void clearProperties() {
    System.clearProperty("aws.endpointUrl");
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    System.clearProperty("aws.disableEc2Metadata");
  }

  @Test
  void refusesARegionThatIsNotTheTopics() {
    final CliRun run = CliRun.of("diagnose", "--topic-arn", TOPIC, "--region", "eu-west-1");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("--region eu-west-1 is not the topic's region us-east-1");
  }

  @Test
  void refusesSourceKeysWithoutAServicePrincipal() {
    final CliRun run =
        CliRun.of("diagnose", "--topic-arn", TOPIC, "--source-account", "123456789012");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("narrow service principals");
  }

  @Test
  void refusesAnEndpointTheHandlerWouldRefuse() {
    System.setProperty("aws.endpointUrl", "http://192.0.2.10:4566");
    final CliRun run =
        CliRun.of("diagnose", "--topic-arn", TOPIC, "--service-principal", "events.amazonaws.com");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err())
        .startsWith("ssetopic diagnose: Endpoint override 'http://192.0.2.10:4566' uses plain HTTP")
        .doesNotContain("\tat ");
  }

  @Test
  void anAwsItCannotReachExitsFourInOneLine() {
    // A closed loopback port: nothing leaves the machine, and the SDK fails to connect.
    System.setProperty("aws.endpointUrl", "http://127.0.0.1:9");
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    System.setProperty("aws.disableEc2Metadata", "true");
    final CliRun run = CliRun.of("diagnose", "--topic-arn", TOPIC, "--region", "us-east-1");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.AWS_UNAVAILABLE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith("ssetopic diagnose: could not ask AWS: SNS GetTopicAttributes failed: ")
        .doesNotContain("testing");
    assertThat(run.err().lines()).hasSize(1);
  }

  @Test
  void rendersEveryStatusWithItsFix() {
    final Report report =
        new Report(
            TOPIC,
            false,
            List.of(
                new Finding("topic", "topic", Status.PASS, "exists", null),
                new Finding(
                    "events.amazonaws.com", "key policy", Status.FAIL, "no statement", "add X"),
                new Finding(
                    "arn:aws:iam::123456789012:role/r",
                    "key policy",
                    Status.UNVERIFIED,
                    "delegated",
                    "add Y")));
    assertThat(DiagnoseCommand.render(report, false))
        .contains("Diagnosis of " + TOPIC)
        .containsPattern("(?m)^PASS +topic +exists$")
        .containsPattern("(?m)^FAIL +events\\.amazonaws\\.com +key policy: no statement$")
        .containsPattern("(?m)^ +fix: add X$")
        .containsPattern("(?m)^UNVERIFIED arn:aws:iam::123456789012:role/r  key policy: delegated$")
        .contains("2 of 3 checks did not pass (1 FAIL, 1 UNVERIFIED)");
  }

  @Test
  void theReportAsJsonHasEveryField() throws Exception {
    final Report report =
        new Report(
            TOPIC, true, List.of(new Finding("topic", "topic", Status.PASS, "exists", null)));
    final java.io.StringWriter out = new java.io.StringWriter();
    Json.print(new java.io.PrintWriter(out), report);
    final JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.path("passed").asBoolean()).isTrue();
    assertThat(json.path("findings").get(0).path("status").asText()).isEqualTo("PASS");
    assertThat(json.path("findings").get(0).has("fix")).isTrue();
  }
}
