package software.amazon.sns.ssetopic.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.sns.ssetopic.HandlerWrapper;
import software.amazon.sns.ssetopic.LambdaEntrypoint;

/**
 * Test tooling, not shipped: the Lambda Invoke API on loopback, answered by the production
 * entrypoint {@link LambdaEntrypoint#handleRequest} (the generated {@link HandlerWrapper} behind
 * it) in this one warm JVM. `cfn test`, the demo and the integration tests call it as
 * CloudFormation would call the Lambda function.
 *
 * <p>Usage: {@code LocalLambdaEndpoint <port>}. Run it with its own {@code java.io.tmpdir}: the
 * wrapper empties that directory on every request.
 */
public final class LocalLambdaEndpoint {

  private static final Pattern INVOKE =
      Pattern.compile("^/2015-03-31/functions/([A-Za-z0-9_-]+)/invocations$");
  private static final String FUNCTION_NAME = "TypeFunction";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One wrapper per worker thread: a Lambda container also serves one request at a time. */
  private static final ThreadLocal<HandlerWrapper> WRAPPER =
      ThreadLocal.withInitial(LambdaEntrypoint::new);

  private LocalLambdaEndpoint() {}

  public static void main(final String[] args) throws IOException {
    final int port = Integer.parseInt(args.length > 0 ? args[0] : "3001");
    final HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.createContext("/", LocalLambdaEndpoint::serve);
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.start();
    System.err.println("LocalLambdaEndpoint listening on 127.0.0.1:" + port);
  }

  private static void serve(final HttpExchange exchange) throws IOException {
    try (exchange) {
      final String path = exchange.getRequestURI().getPath();
      if (exchange.getRequestMethod().equals("GET") && path.equals("/ping")) {
        respond(exchange, 200, "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      final Matcher invoke = INVOKE.matcher(path);
      if (!exchange.getRequestMethod().equals("POST") || !invoke.matches()) {
        respond(exchange, 404, error("ResourceNotFoundException", "No route for " + path));
        return;
      }
      if (!invoke.group(1).equals(FUNCTION_NAME)) {
        respond(
            exchange,
            404,
            error("ResourceNotFoundException", "Function not found: " + invoke.group(1)));
        return;
      }
      final byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      final ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        WRAPPER
            .get()
            .handleRequest(
                new ByteArrayInputStream(body),
                out,
                new LambdaContext(FUNCTION_NAME, Duration.ofSeconds(60)));
      } catch (RuntimeException | Error e) {
        // A Lambda function that throws is reported as a function error, as Lambda does.
        exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
        respond(exchange, 200, error(e.getClass().getSimpleName(), e.getMessage()));
        return;
      }
      respond(exchange, 200, out.toByteArray());
    } catch (IOException | RuntimeException | Error e) {
      // The HTTP server would close the connection without a word: leave the cause in the log.
      e.printStackTrace();
      throw e;
    }
  }

  private static byte[] error(final String type, final String message) {
    final ObjectNode node = JSON.createObjectNode();
    node.put("errorType", type);
    node.put("errorMessage", message);
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void respond(final HttpExchange exchange, final int status, final byte[] body)
      throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
