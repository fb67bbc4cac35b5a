package software.amazon.sns.ssetopic.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The handler's log (what CloudWatch Logs would receive) never holds the caller's credentials,
 * whatever the action and whether it succeeds or fails.
 */
class CredentialsNotLoggedIT {

  private final LocalHandler handler = new LocalHandler();

  @Test
  void noActionLogsTheCallersSecretOrSessionToken() throws IOException {
    final Path log =
        Path.of(
            ".local", "handler-" + System.getenv().getOrDefault("HANDLER_PORT", "3001") + ".log");
    final String name = "no-secrets-" + UUID.randomUUID().toString().substring(0, 8);
    final LocalHandler.Event created =
        handler.create(
            Map.of("TopicName", name, "Tags", List.of(Map.of("Key", "team", "Value", "security"))));
    assertThat(created.status()).as(created.message()).isEqualTo("SUCCESS");
    handler.read(created.model("TopicArn"));
    handler.create(Map.of("TopicName", name));
    handler.create(Map.of("KmsMasterKeyId", "not a key!!"));
    handler.delete(created.model("TopicArn"));
    handler.delete(created.model("TopicArn"));

    final String logged = Files.readString(log);
    assertThat(logged).contains("[CREATE] invoking handler").contains("[DELETE] invoking handler");
    assertThat(logged)
        .doesNotContain(LocalHandler.SECRET_ACCESS_KEY)
        .doesNotContain(LocalHandler.SESSION_TOKEN);
  }
}
