package software.amazon.sns.ssetopic.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Neither the handler's answer nor its log (what CloudWatch Logs would receive) ever holds the
 * caller's credentials, whatever the action, whether it succeeds or fails, and whatever the body of
 * the invocation: well-formed, truncated, malformed, empty, not JSON, too large.
 */
class CredentialsNotLoggedIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path LOG =
      Path.of(".local", "handler-" + System.getenv().getOrDefault("HANDLER_PORT", "3001") + ".log");

  private final LocalHandler handler = new LocalHandler();

  @Test
  void noActionLogsTheCallersSecretOrSessionToken() throws IOException {
    final String name = "no-secrets-" + UUID.randomUUID().toString().substring(0, 8);
    final LocalHandler.Event created =
        handler.create(
            Map.of("TopicName", name, "Tags", List.of(Map.of("Key", "team", "Value", "security"))));
    assertThat(created.status()).as(created.message()).isEqualTo("SUCCESS");
    final String arn = created.model("TopicArn");
    handler.read(arn);
    handler.list(null);
    // Failing actions of every kind.
    assertFailedWithoutSecrets(handler.create(Map.of("TopicName", name)));
    assertFailedWithoutSecrets(handler.create(Map.of("KmsMasterKeyId", "not a key!!")));
    assertFailedWithoutSecrets(
        handler.create(Map.of("KmsMasterKeyId", "alias/does-not-exist-" + name)));
    assertFailedWithoutSecrets(handler.create(Map.of("DisplayName", "bell\u0007")));
    assertFailedWithoutSecrets(handler.update(Map.of("TopicArn", arn + "-gone"), Map.of()));
    assertFailedWithoutSecrets(handler.read(arn + "-gone"));
    handler.delete(arn);
    assertFailedWithoutSecrets(handler.delete(arn));
    assertFailedWithoutSecrets(handler.list("not-a-token"));

    final String logged = Files.readString(LOG);
    assertThat(logged).contains("[CREATE] invoking handler").contains("[DELETE] invoking handler");
    assertNoSecret(logged);
  }

  /** Bodies no CloudFormation request looks like, each carrying the credentials near its start. */
  static List<Object[]> unreadableBodies() {
    final String request = LocalHandler.requestText("CREATE", Map.of("TopicName", "t"));
    final byte[] oversized = new byte[7 * 1024 * 1024];
    final byte[] start =
        request.substring(0, request.length() - 1).getBytes(StandardCharsets.UTF_8);
    System.arraycopy(start, 0, oversized, 0, start.length);
    for (int i = start.length; i < oversized.length; i++) {
      oversized[i] = ' ';
    }
    return List.of(
        new Object[] {"truncated", bytes(request.substring(0, request.length() / 2))},
        new Object[] {
          "cut before its last brace", bytes(request.substring(0, request.length() - 1))
        },
        new Object[] {"malformed", bytes(request.replace("\"CREATE\"", "CREATE"))},
        new Object[] {
          "a duplicate key",
          bytes(request.replace("{\"requestData\"", "{\"action\":1,\"requestData\""))
        },
        new Object[] {"empty", new byte[0]},
        new Object[] {"blank", bytes("   \n")},
        new Object[] {
          "not JSON",
          bytes(
              "accessKeyId="
                  + LocalHandler.ACCESS_KEY_ID
                  + "&secretAccessKey="
                  + LocalHandler.SECRET_ACCESS_KEY
                  + "&sessionToken="
                  + LocalHandler.SESSION_TOKEN)
        },
        new Object[] {
          "not UTF-8",
          concat(bytes(request.substring(0, 200)), new byte[] {(byte) 0xC3, (byte) 0x28})
        },
        new Object[] {"a JSON array", bytes("[" + request + "]")},
        new Object[] {"an unknown action", bytes(request.replace("\"CREATE\"", "\"STEAL\""))},
        new Object[] {
          "credentials of the wrong type",
          bytes(
              request.replace(
                  "\"accessKeyId\":\"" + LocalHandler.ACCESS_KEY_ID + "\"",
                  "\"accessKeyId\":[\"" + LocalHandler.ACCESS_KEY_ID + "\"]"))
        },
        new Object[] {"too large", oversized});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unreadableBodies")
  void aBodyThatIsNoHandlerRequestGetsAFixedMessage(final String kind, final byte[] body)
      throws IOException {
    final LocalHandler.RawAnswer answer = handler.postRaw(body);

    assertThat(answer.status()).isEqualTo(200);
    final JsonNode event = JSON.readTree(answer.body());
    assertThat(event.path("status").asText()).as(answer.body()).isEqualTo("FAILED");
    assertThat(event.path("errorCode").asText()).isEqualTo("InvalidRequest");
    assertThat(event.path("message").asText()).startsWith("The handler request is");
    assertNoSecret(answer.body());
    assertNoSecret(Files.readString(LOG));
  }

  @Test
  void aModelOfTheWrongTypeIsReportedByTheSchemaWithoutQuotingTheBody() throws IOException {
    final String body =
        LocalHandler.requestText("CREATE", Map.of("TopicName", "t"))
            .replace("\"TopicName\":\"t\"", "\"TopicName\":\"t\",\"Tags\":\"not-a-list\"");

    final LocalHandler.RawAnswer answer = handler.postRaw(bytes(body));

    final JsonNode event = JSON.readTree(answer.body());
    assertThat(event.path("status").asText()).isEqualTo("FAILED");
    assertThat(event.path("errorCode").asText()).isEqualTo("InvalidRequest");
    assertNoSecret(answer.body());
    assertNoSecret(Files.readString(LOG));
  }

  private static void assertFailedWithoutSecrets(final LocalHandler.Event event) {
    assertNoSecret(event.body().toString());
  }

  private static void assertNoSecret(final String text) {
    assertThat(text)
        .doesNotContain(LocalHandler.SECRET_ACCESS_KEY)
        .doesNotContain(LocalHandler.SESSION_TOKEN)
        .doesNotContain(LocalHandler.ACCESS_KEY_ID);
  }

  private static byte[] bytes(final String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(final byte[] a, final byte[] b) {
    final byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
