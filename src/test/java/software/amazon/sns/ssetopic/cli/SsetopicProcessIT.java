package software.amazon.sns.ssetopic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.sns.ssetopic.fixtures.KeyPolicies;

/**
 * ssetopic as a user runs it: {@code bin/ssetopic} (and the jar under it) as a separate process,
 * judged by its stdout, stderr and exit code. Needs the jar from {@code mvn package}; failsafe runs
 * this after it.
 */
class SsetopicProcessIT {

  private static final Path LAUNCHER =
      Path.of(System.getProperty("ssetopic.launcher", "bin/ssetopic")).toAbsolutePath();
  private static final Path JAR =
      Path.of(System.getProperty("ssetopic.jar", "target/ssetopic-cli.jar")).toAbsolutePath();
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  record Result(int exitCode, String out, String err) {}

  @BeforeAll
  static void theJarIsBuiltAndTheLauncherRunnable() {
    // Without the jar the launcher would start a Maven build inside this one.
    assertThat(JAR).as("run 'mvn package' first: it builds %s", JAR).isRegularFile();
    assertThat(Files.isExecutable(LAUNCHER)).as("%s is executable", LAUNCHER).isTrue();
  }

  @Test
  void seedJanuary() throws Exception {
    final Result result = ssetopic("cost", "--month", "2026-01", "--topic", "orders=1");

    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out())
        .containsPattern("(?m)^orders +1 +17,856$")
        .containsPattern("(?m)^total +1 +17,856$")
        .contains("The formula is a lower bound");
  }

  @Test
  void seedFebruaryAsJson() throws Exception {
    final Result result =
        ssetopic(
            "cost",
            "--month",
            "2026-02",
            "--topic",
            "orders=3",
            "--topic",
            "payments=5",
            "--format",
            "json");

    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).isEmpty();
    final JsonNode json = JSON.readTree(result.out());
    assertThat(json.path("totalRequests").asLong()).isEqualTo(129_024);
    assertThat(json.path("topics").findValuesAsText("name")).containsExactly("orders", "payments");
    assertThat(json.path("totalCost").decimalValue()).isEqualTo(new BigDecimal("0.327072"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--month 2026-01 --topic orders | 'orders' has no publisher count | orders=3",
        "--month 2026-01 --topic orders=-1 | 'orders=-1' | must be 0 or more",
        "--month 2026-13 --topic orders=1 | '2026-13' is not a month | YYYY-MM",
        "--month 2026-01 --billing-seconds 60 --topic orders=1 | --billing-seconds | only one",
        "--topic orders=1 | --month=YYYY-MM | specify one",
      })
  void badInputExitsTwoWithOneLine(final String args, final String value, final String fix)
      throws Exception {
    final List<String> command = new ArrayList<>(List.of("cost"));
    command.addAll(Arrays.asList(args.split(" ")));

    final Result result = ssetopic(command.toArray(String[]::new));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().lines()).hasSize(1);
    assertThat(result.err()).startsWith("ssetopic cost: ").contains(value).contains(fix);
    assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void helpAndVersion() throws Exception {
    final Result help = ssetopic("cost", "--help");
    final Result version = ssetopic("--version");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Usage: ssetopic cost").contains("Exit codes:");
    assertThat(version.exitCode()).isZero();
    // The build writes the project version into the jar's manifest.
    assertThat(version.out()).startsWith("ssetopic 1.0-SNAPSHOT");
  }

  @Test
  void theJarRunsWithoutTheLauncher() throws Exception {
    final Result result =
        run(List.of(JAVA, "-jar", JAR.toString(), "cost", "--month", "2026-01", "--topic", "a=1"));

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).containsPattern("(?m)^a +1 +17,856$");
  }

  private static final String KEY =
      "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:orders";

  @Test
  void sourcesListsTheCatalog() throws Exception {
    final Result all = ssetopic("sources");
    final Result one = ssetopic("sources", "s3.amazonaws.com", "--format", "json");

    assertThat(all.exitCode()).isZero();
    assertThat(all.err()).isEmpty();
    assertThat(all.out())
        .containsPattern("(?m)^eventbridge-rules: Amazon EventBridge rules")
        .containsPattern("(?m)^  topic ARN goes to +AWS::Events::Rule Targets\\[\\]\\.Arn$");
    assertThat(JSON.readTree(one.out()).at("/sources/0/id").asText())
        .isEqualTo("s3-event-notifications");
  }

  @Test
  void keyPolicyMergesIntoThePolicyOnStandardInput() throws Exception {
    final String current = KeyPolicies.rootOnly();
    final Result result =
        ssetopicWithInput(
            current,
            "key-policy",
            "--key-arn",
            KEY,
            "--topic-arn",
            TOPIC,
            "--service-principal",
            "events.amazonaws.com",
            "--merge-into",
            "-",
            "--format",
            "json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    final JsonNode statements = JSON.readTree(result.out()).at("/policy/Statement");
    assertThat(statements).hasSize(2);
    assertThat(statements.get(0).path("Sid").asText()).isEqualTo("Enable IAM User Permissions");
    assertThat(statements.get(1).path("Sid").asText()).startsWith("SSETopicKit");
  }

  @Test
  void policiesAreReadyToPaste() throws Exception {
    final Result key =
        ssetopic("key-policy", "--key-arn", KEY, "--service-principal", "cloudwatch.amazonaws.com");
    final Result topic =
        ssetopic(
            "topic-policy", "--topic-arn", TOPIC, "--service-principal", "events.amazonaws.com");
    final Result publisher = ssetopic("publisher-policy", "--key-arn", KEY, "--topic-arn", TOPIC);

    // Standard output is the artifact alone, so '> file' gives a document AWS takes; the words
    // are on standard error.
    assertThat(key.exitCode()).isZero();
    assertThat(key.err()).contains("for every topic of account 123456789012 in us-east-1.");
    assertThat(JSON.readTree(key.out()).get(0).at("/Condition/StringEquals/aws:SourceAccount"))
        .hasToString("\"123456789012\"");
    assertThat(topic.exitCode()).isZero();
    assertThat(topic.err()).contains("events.amazonaws.com: sns:Publish granted");
    assertThat(JSON.readTree(topic.out()).path("Version").asText()).isEqualTo("2012-10-17");
    assertThat(publisher.exitCode()).isZero();
    assertThat(JSON.readTree(publisher.out()).at("/Statement/0/Resource").asText()).isEqualTo(KEY);
  }

  @Test
  void wirePrintsYaml() throws Exception {
    final Result result =
        ssetopic("wire", "--source", "eventbridge-rules", "--topic-logical-id", "OrdersTopic");

    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).startsWith("# Wires the topic OrdersTopic");
    final JsonNode template = new YAMLMapper().readTree(result.out());
    assertThat(template.at("/Resources/Rule/Properties/Targets/0/Arn/Ref").asText())
        .isEqualTo("OrdersTopic");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "sources nope | 'nope' is not a source in the catalog",
        "key-policy --key-arn alias/orders --service-principal events.amazonaws.com"
            + " | 'alias/orders' is an alias",
        "key-policy --key-arn " + KEY + " | name the sources that publish",
        "topic-policy --topic-arn orders --service-principal events.amazonaws.com"
            + " | is not an SNS topic ARN",
        "publisher-policy --key-arn alias/orders --topic-arn "
            + TOPIC
            + " | IAM policies for KMS must",
        "wire --source iot --topic-logical-id my-topic | is not a CloudFormation logical ID",
        "diagnose --topic-arn " + TOPIC + " --region eu-west-1 | is not the topic's region",
        "diagnose --topic-arn "
            + TOPIC
            + " --service-principal cloudwatch"
            + " | is not a service principal",
      })
  void everyCommandRefusesBadInputWithOneLine(final String args, final String message)
      throws Exception {
    final Result result = ssetopic(args.split(" "));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().lines()).hasSize(1);
    assertThat(result.err()).startsWith("ssetopic " + args.split(" ")[0] + ": ").contains(message);
    assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void diagnoseRefusesAPlainHttpEndpointOffTheMachine() throws Exception {
    final List<String> command =
        new ArrayList<>(List.of(LAUNCHER.toString(), "diagnose", "--topic-arn", TOPIC));
    final Result result =
        run(command, null, java.util.Map.of("AWS_ENDPOINT_URL", "http://192.0.2.10:4566"));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("uses plain HTTP to a host that is not loopback")
        .doesNotContain("\tat ");
  }

  @Test
  void diagnoseWithoutCredentialsSaysInOneLineWhereItLooked(@TempDir final Path home)
      throws Exception {
    final java.util.Map<String, String> nothing = new java.util.HashMap<>();
    for (final String name :
        List.of(
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_PROFILE",
            "AWS_WEB_IDENTITY_TOKEN_FILE",
            "AWS_ROLE_ARN",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
      nothing.put(name, "");
    }
    nothing.put("HOME", home.toString());
    nothing.put("AWS_CONFIG_FILE", home.resolve("config").toString());
    nothing.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
    final List<String> command =
        new ArrayList<>(List.of(LAUNCHER.toString(), "diagnose", "--topic-arn", TOPIC));
    final Result result = run(command, null, nothing);

    assertThat(result.exitCode()).as(result.err()).isEqualTo(4);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().lines()).hasSize(1);
    assertThat(result.err())
        .startsWith("ssetopic diagnose: could not ask AWS: no AWS credentials found: looked for")
        .contains("AWS_ACCESS_KEY_ID")
        .contains("~/.aws/credentials")
        .contains("instance metadata")
        .hasSizeLessThan(600);
  }

  @Test
  void diagnoseRefusesAConfigFileEndpointOverPlainHttpOffTheMachine(@TempDir final Path dir)
      throws Exception {
    final Path config =
        Files.writeString(
            dir.resolve("config"), "[default]\nendpoint_url = http://192.0.2.10:4566\n");
    final List<String> command =
        new ArrayList<>(List.of(LAUNCHER.toString(), "diagnose", "--topic-arn", TOPIC));
    final Result result =
        run(
            command,
            null,
            java.util.Map.of(
                "AWS_CONFIG_FILE",
                config.toString(),
                "AWS_ACCESS_KEY_ID",
                "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY",
                "example-secret"));

    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.err())
        .contains("http://192.0.2.10:4566")
        .contains("uses plain HTTP to a host that is not loopback")
        .doesNotContain("\tat ");
  }

  private static Result ssetopic(final String... args) throws Exception {
    return ssetopicWithInput(null, args);
  }

  private static Result ssetopicWithInput(final String input, final String... args)
      throws Exception {
    final List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(Arrays.asList(args));
    return run(command, input, java.util.Map.of());
  }

  private static Result run(final List<String> command) throws Exception {
    return run(command, null, java.util.Map.of());
  }

  private static Result run(
      final List<String> command, final String input, final java.util.Map<String, String> env)
      throws Exception {
    final ProcessBuilder builder = new ProcessBuilder(command);
    // The launcher runs this JVM's java; options a developer set for every JVM would add
    // "Picked up ..." lines to stderr, which is part of what these tests read.
    builder.environment().put("JAVA", JAVA);
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().remove("JDK_JAVA_OPTIONS");
    builder.environment().remove("_JAVA_OPTIONS");
    // Nothing here reads AWS; should a command try, it finds no credentials and no metadata.
    builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    builder.environment().putAll(env);
    final Process process = builder.start();
    try (var stdin = process.getOutputStream()) {
      if (input != null) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
    }
    final CompletableFuture<String> out = read(process.getInputStream());
    final CompletableFuture<String> err = read(process.getErrorStream());
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("ssetopic did not finish within 60 s: " + command);
    }
    return new Result(process.exitValue(), out.get(), err.get());
  }

  private static CompletableFuture<String> read(final InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
