package software.amazon.sns.ssetopic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  private static Result ssetopic(final String... args) throws Exception {
    final List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(Arrays.asList(args));
    return run(command);
  }

  private static Result run(final List<String> command) throws Exception {
    final ProcessBuilder builder = new ProcessBuilder(command);
    // The launcher runs this JVM's java; options a developer set for every JVM would add
    // "Picked up ..." lines to stderr, which is part of what these tests read.
    builder.environment().put("JAVA", JAVA);
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().remove("JDK_JAVA_OPTIONS");
    builder.environment().remove("_JAVA_OPTIONS");
    final Process process = builder.start();
    process.getOutputStream().close();
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
