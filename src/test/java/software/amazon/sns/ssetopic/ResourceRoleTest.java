package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.sns.ssetopic.kms.ManageOptIn;

/**
 * The execution role the registry deploys (resource-role.yaml, written by the build from the
 * schema): exactly the schema's handler permissions, and kms:PutKeyPolicy only on keys that opted
 * in to Manage mode, so that IAM refuses what the handler's own check refuses.
 */
class ResourceRoleTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<JsonNode> statements() throws IOException {
    final JsonNode role = YAML.readTree(Path.of("resource-role.yaml").toFile());
    final List<JsonNode> statements = new ArrayList<>();
    role.at("/Resources/ExecutionRole/Properties/Policies/0/PolicyDocument/Statement")
        .forEach(statements::add);
    return statements;
  }

  @Test
  void putKeyPolicyIsAllowedOnlyOnKeysTaggedForManageMode() throws IOException {
    for (final JsonNode statement : statements()) {
      final List<String> actions = new ArrayList<>();
      statement.path("Action").forEach(a -> actions.add(a.asText()));
      if (actions.contains("kms:PutKeyPolicy")) {
        assertThat(actions).containsExactly("kms:PutKeyPolicy");
        assertThat(
                statement
                    .path("Condition")
                    .path("StringEquals")
                    .path("aws:ResourceTag/" + ManageOptIn.TAG_KEY)
                    .asText())
            .isEqualTo(ManageOptIn.TAG_VALUE);
        assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
      } else if (!actions.contains("iam:PassRole")) {
        assertThat(statement.has("Condition")).isFalse();
      }
    }
  }

  /** The delivery-status logging roles may be passed to SNS and to no other service. */
  @Test
  void passRoleIsAllowedOnlyToSns() throws IOException {
    int passRoleStatements = 0;
    for (final JsonNode statement : statements()) {
      final List<String> actions = new ArrayList<>();
      statement.path("Action").forEach(a -> actions.add(a.asText()));
      if (actions.contains("iam:PassRole")) {
        passRoleStatements++;
        assertThat(actions).containsExactly("iam:PassRole");
        assertThat(
                statement
                    .path("Condition")
                    .path("StringEquals")
                    .path("iam:PassedToService")
                    .asText())
            .isEqualTo("sns.amazonaws.com");
      }
    }
    assertThat(passRoleStatements).isEqualTo(1);
  }

  @Test
  void theRoleAllowsExactlyTheSchemasHandlerPermissions() throws IOException {
    final JsonNode schema = JSON.readTree(Path.of("aws-sns-ssetopic.json").toFile());
    final TreeSet<String> declared = new TreeSet<>();
    schema
        .path("handlers")
        .forEach(h -> h.path("permissions").forEach(p -> declared.add(p.asText())));
    final TreeSet<String> allowed = new TreeSet<>();
    statements().forEach(s -> s.path("Action").forEach(a -> allowed.add(a.asText())));
    assertThat(allowed).isEqualTo(declared);
  }
}
