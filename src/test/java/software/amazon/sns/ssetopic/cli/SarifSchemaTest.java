package software.amazon.sns.ssetopic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * check's SARIF validates against the SARIF 2.1.0 JSON schema (the rtm.5 schema the npm package
 * {@code @microsoft/jest-sarif} ships; {@code scripts/sarif_schema.sh} fetches it at build time),
 * and a log the schema refuses is refused, so the validation is real.
 */
class SarifSchemaTest {
  private static final Path SCHEMA = Path.of("target/sarif-schema/sarif-2.1.0-rtm.5.json");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonSchema schema;

  @BeforeAll
  static void loadSchema() throws Exception {
    assertThat(SCHEMA).as("run scripts/sarif_schema.sh (mvn does, before the tests)").exists();
    try (InputStream in = Files.newInputStream(SCHEMA)) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
    }
  }

  /** ssetopic check --format sarif on every corpus template and every example. */
  private static JsonNode sarifOfTheCorpus() throws Exception {
    final List<String> args = new ArrayList<>(List.of("check", "--format", "sarif"));
    for (final String dir : List.of("src/test/resources/templates", "examples")) {
      try (var files = Files.list(Path.of(dir))) {
        files
            .map(Path::toString)
            .filter(name -> name.endsWith(".json") || name.endsWith(".yaml"))
            .filter(name -> !name.endsWith("not-yaml.yaml"))
            .sorted()
            .forEach(args::add);
      }
    }
    final CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.PROBLEMS_FOUND);
    return JSON.readTree(run.out());
  }

  @Test
  void checksSarifIsValidSarif210() throws Exception {
    final JsonNode log = sarifOfTheCorpus();
    final Set<ValidationMessage> problems = schema.validate(log);
    assertThat(problems).isEmpty();
    assertThat(log.path("version").asText()).isEqualTo("2.1.0");
    final JsonNode results = log.at("/runs/0/results");
    assertThat(results.size()).isGreaterThan(10);
    for (final JsonNode result : results) {
      assertThat(result.at("/locations/0/physicalLocation/region/startLine").asInt()).isPositive();
      final int index = result.path("ruleIndex").asInt();
      assertThat(log.at("/runs/0/tool/driver/rules/" + index + "/id").asText())
          .isEqualTo(result.path("ruleId").asText());
    }
  }

  @Test
  void theSchemaRefusesWhatIsNotSarif() throws Exception {
    final JsonNode log = sarifOfTheCorpus();
    ((com.fasterxml.jackson.databind.node.ObjectNode) log.at("/runs/0/results/0"))
        .put("level", "fatal");
    assertThat(schema.validate(log)).isNotEmpty();
  }
}
