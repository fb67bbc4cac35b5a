package software.amazon.sns.ssetopic.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.sns.ssetopic.HandlerWrapper;
import software.amazon.sns.ssetopic.LambdaEntrypoint;
import software.amazon.sns.ssetopic.local.LambdaContext;

/**
 * Runs the production entrypoint {@link LambdaEntrypoint#handleRequest} in this JVM, so that a test
 * can put a {@link software.amazon.sns.ssetopic.local.FaultProxy} between its SDK clients and the
 * local AWS (the clients read the {@code aws.endpointUrl} system property through EndpointGuard).
 *
 * <p>Each invocation gets a Lambda context whose remaining time starts at 60 s, the type's Lambda
 * timeout. On IN_PROGRESS it re-invokes with the returned model and callback context as
 * CloudFormation does, without waiting the {@code callbackDelaySeconds} (a test-time shortcut: the
 * handler must not rely on the wait for correctness). Every invocation's wall time is recorded.
 */
final class InProcessHandler implements AutoCloseable {

  /** The Lambda timeout the type is deployed with (template.yml). */
  static final Duration LAMBDA_BUDGET = Duration.ofSeconds(60);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_INVOCATIONS = 12;

  /** One invocation: its answer (or the function error) and how long it ran. */
  record Invocation(String status, String errorCode, Duration wallTime) {}

  /** An action run to its end: the final event and every invocation it took. */
  record Outcome(LocalHandler.Event last, List<Invocation> invocations) {
    Duration longest() {
      return invocations.stream()
          .map(Invocation::wallTime)
          .max(Duration::compareTo)
          .orElse(Duration.ZERO);
    }

    /** "SUCCESS" or the error code; "IN_PROGRESS" when it never finished. */
    String result() {
      return last.status().equals("FAILED") ? last.errorCode() : last.status();
    }
  }

  private final HandlerWrapper wrapper = new LambdaEntrypoint();
  private final Path tmpdir;
  private final String previousEndpoint = System.getProperty("aws.endpointUrl");

  /**
   * Points every SDK client this JVM's handler makes at {@code endpoint}. The handler keeps its
   * clients for the JVM's life, so one endpoint serves all tests of the JVM.
   */
  InProcessHandler(final URI endpoint) {
    System.setProperty("aws.endpointUrl", endpoint.toString());
    try {
      tmpdir = Files.createTempDirectory("ssetopic-handler-tmp");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Gives the endpoint property back, so that later tests in this JVM that read it (the CLI run in
   * process) do not reach a proxy that is gone.
   */
  @Override
  public void close() {
    if (previousEndpoint == null) {
      System.clearProperty("aws.endpointUrl");
    } else {
      System.setProperty("aws.endpointUrl", previousEndpoint);
    }
  }

  Outcome invoke(
      final String action,
      final Map<String, Object> properties,
      final Map<String, Object> previous) {
    final String token = UUID.randomUUID().toString();
    final List<Invocation> invocations = new ArrayList<>();
    JsonNode model = JSON.valueToTree(properties);
    JsonNode callbackContext = null;
    LocalHandler.Event event = null;
    for (int attempt = 0; attempt < MAX_INVOCATIONS; attempt++) {
      final ObjectNode request =
          LocalHandler.request(action, model, previous, callbackContext, token, null);
      final long start = System.nanoTime();
      event = new LocalHandler.Event(once(request));
      final Duration wall = Duration.ofNanos(System.nanoTime() - start);
      invocations.add(new Invocation(event.status(), event.errorCode(), wall));
      if (!event.status().equals("IN_PROGRESS")) {
        break;
      }
      model = event.model();
      callbackContext = event.body().get("callbackContext");
    }
    return new Outcome(event, invocations);
  }

  /**
   * One call of the wrapper. It empties {@code java.io.tmpdir} on every request, so the property
   * points at a directory of its own for the length of the call.
   */
  private JsonNode once(final ObjectNode request) {
    synchronized (InProcessHandler.class) {
      final String shared = System.getProperty("java.io.tmpdir");
      System.setProperty("java.io.tmpdir", tmpdir.toString());
      try {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        wrapper.handleRequest(
            new ByteArrayInputStream(JSON.writeValueAsBytes(request)),
            out,
            new LambdaContext("TypeFunction", LAMBDA_BUDGET));
        return JSON.readTree(out.toByteArray());
      } catch (IOException | RuntimeException e) {
        // A Lambda function that throws answers no ProgressEvent; report it as one that failed.
        final ObjectNode failed = JSON.createObjectNode();
        failed.put("status", "FAILED");
        failed.put("errorCode", "FunctionError");
        failed.put("message", e.toString());
        return failed;
      } finally {
        System.setProperty("java.io.tmpdir", shared);
      }
    }
  }
}
