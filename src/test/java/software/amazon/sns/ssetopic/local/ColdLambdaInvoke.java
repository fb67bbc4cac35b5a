package software.amazon.sns.ssetopic.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Benchmark tooling, not shipped: one invocation in a fresh JVM, as a new Lambda container serves
 * its first request. The handler class is named on the command line, as the Lambda runtime reads it
 * from the function's configuration, so the same runner serves the jar of any revision; it is
 * loaded, constructed and called the way the runtime does it (a {@link RequestStreamHandler}).
 *
 * <p>Usage: {@code ColdLambdaInvoke <handler class> <request JSON>}; the answer is printed between
 * the markers the executable wrapper uses, so the benchmark reads both alike.
 */
public final class ColdLambdaInvoke {

  private ColdLambdaInvoke() {}

  public static void main(final String[] args) throws Exception {
    final RequestStreamHandler handler =
        (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor().newInstance();
    final ByteArrayOutputStream answer = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(args[1].getBytes(StandardCharsets.UTF_8)),
        answer,
        new LambdaContext("cold-start", Duration.ofSeconds(60)));
    System.out.println(
        "__CFN_RESOURCE_START_RESPONSE__"
            + answer.toString(StandardCharsets.UTF_8)
            + "__CFN_RESOURCE_END_RESPONSE__");
  }
}
