package software.amazon.sns.ssetopic.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/ssetopic} run as a user runs it against the local AWS: a process whose environment
 * names moto through AWS_ENDPOINT_URL and carries throwaway credentials, judged by its output and
 * exit code. Needs the CLI jar (make cli, or mvn package); the launcher would otherwise build it.
 */
final class Ssetopic {
  private static final Path LAUNCHER = Path.of("bin/ssetopic").toAbsolutePath();
  private static final Path JAR = Path.of("target/ssetopic-cli.jar").toAbsolutePath();
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the process printed and how it exited. */
  record Result(int exitCode, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + out, e);
      }
    }
  }

  private Ssetopic() {}

  static void requireTheJar() {
    assertThat(JAR).as("build the CLI jar first: make cli (or mvn package)").isRegularFile();
    assertThat(Files.isExecutable(LAUNCHER)).isTrue();
  }

  static Result run(final String... args) {
    final List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(Arrays.asList(args));
    final ProcessBuilder builder = new ProcessBuilder(command);
    final Map<String, String> env = builder.environment();
    env.put("JAVA", JAVA);
    env.put("AWS_ENDPOINT_URL", LocalAws.ENDPOINT.toString());
    env.put("AWS_ACCESS_KEY_ID", "testing");
    env.put("AWS_SECRET_ACCESS_KEY", "testing");
    env.put("AWS_REGION", LocalHandler.REGION);
    // Never ask an instance metadata service for credentials: only loopback is a target here.
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.remove("AWS_SESSION_TOKEN");
    env.remove("AWS_PROFILE");
    env.remove("JAVA_TOOL_OPTIONS");
    env.remove("JDK_JAVA_OPTIONS");
    env.remove("_JAVA_OPTIONS");
    try {
      final Process process = builder.start();
      process.getOutputStream().close();
      final CompletableFuture<String> out = read(process.getInputStream());
      final CompletableFuture<String> err = read(process.getErrorStream());
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("ssetopic did not finish within 90 s: " + command);
      }
      return new Result(process.exitValue(), out.get(), err.get());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError(e);
    }
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
