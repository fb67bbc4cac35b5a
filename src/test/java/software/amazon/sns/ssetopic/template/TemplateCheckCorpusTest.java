package software.amazon.sns.ssetopic.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The template corpus: each template under src/test/resources/templates has the findings its
 * .findings file lists (line:column severity rule resource path), no more, no fewer; every example
 * of the project passes with nothing above info.
 */
class TemplateCheckCorpusTest {
  static final Path CORPUS = Path.of("src/test/resources/templates");
  static final Path EXAMPLES = Path.of("examples");

  static Stream<Path> corpus() throws IOException {
    return templates(CORPUS).filter(path -> Files.exists(golden(path)));
  }

  static Stream<Path> examples() throws IOException {
    return templates(EXAMPLES);
  }

  static Stream<Path> templates(final Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(path -> path.toString().endsWith(".yaml") || path.toString().endsWith(".json"))
          .sorted()
          .toList()
          .stream();
    }
  }

  static Path golden(final Path template) {
    final String name = template.getFileName().toString();
    return template.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".findings");
  }

  static List<Finding> check(final Path template) throws IOException {
    final String text = Files.readString(template, StandardCharsets.UTF_8);
    return TemplateCheck.standard()
        .check(
            template.toString(),
            TemplateReader.read(template.toString(), text),
            TemplateCheck.Options.standard());
  }

  static String line(final Finding finding) {
    return finding.line()
        + ":"
        + finding.column()
        + " "
        + finding.severity().label()
        + " "
        + finding.rule().id()
        + " "
        + finding.resource()
        + " "
        + finding.path();
  }

  @ParameterizedTest
  @MethodSource("corpus")
  void findsWhatTheGoldenFileLists(final Path template) throws IOException {
    final List<String> expected = Files.readAllLines(golden(template), StandardCharsets.UTF_8);
    final List<Finding> findings = check(template);
    assertThat(findings.stream().map(TemplateCheckCorpusTest::line).toList())
        .as("findings of %s", template)
        .isEqualTo(expected);
    for (final Finding finding : findings) {
      assertThat(finding.message()).as(line(finding)).contains(finding.resource().substring(0, 1));
      if (finding.severity() != Severity.INFO) {
        assertThat(finding.fix()).as("the fix of " + line(finding)).isNotBlank();
      }
    }
  }

  @Test
  void theCorpusCoversEveryRuleYamlAndJson() throws IOException {
    final List<String> all =
        corpus()
            .flatMap(
                path -> {
                  try {
                    return Files.readAllLines(golden(path)).stream();
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                })
            .toList();
    for (final Rule rule : Rule.values()) {
      if (rule == Rule.LIVE_KEY) {
        continue; // only --live reports it: DiagnoseIT checks it against the local AWS
      }
      assertThat(all).as(rule.id()).anyMatch(line -> line.contains(" " + rule.id() + " "));
    }
    assertThat(corpus()).anyMatch(path -> path.toString().endsWith(".json"));
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExamplePassesWithNothingAboveInfo(final Path template) throws IOException {
    assertThat(check(template))
        .as("findings of %s", template)
        .allMatch(finding -> finding.severity() == Severity.INFO);
  }

  @Test
  void aTemplateThatIsNotYamlIsRefusedWithItsLine() throws IOException {
    final Path broken = CORPUS.resolve("not-yaml.yaml");
    final String text = Files.readString(broken);
    assertThatThrownBy(() -> TemplateReader.read(broken.toString(), text))
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith(broken + ":6:")
        .hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> TemplateReader.read("t.json", "{\n  \"Resources\": {,}\n}"))
        .hasMessageStartingWith("t.json:2:")
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> TemplateReader.read("t.yaml", "Description: no resources\n"))
        .hasMessageContaining("no Resources mapping");
    assertThatThrownBy(() -> TemplateReader.read("t.yaml", "Resources:\n  T: !Reff X\n"))
        .hasMessageContaining("t.yaml:2: unknown tag !Reff");
  }

  @Test
  void shortAndLongFormsReadAlike() {
    final TemplateNode shortForm =
        TemplateReader.read("s.yaml", "Resources:\n  A:\n    Value: !GetAtt Key.Arn\n");
    final TemplateNode longForm =
        TemplateReader.read(
            "l.json",
            "{\"Resources\": {\"A\": {\"Value\": {\"Fn::GetAtt\": [\"Key\", \"Arn\"]}}}}");
    final TemplateNode a = shortForm.get("Resources").get("A").get("Value");
    final TemplateNode b = longForm.get("Resources").get("A").get("Value");
    assertThat(a.intrinsicName()).isEqualTo(b.intrinsicName()).isEqualTo("Fn::GetAtt");
    assertThat(a.intrinsicArgument().items().get(1).text()).isEqualTo("Arn");
    assertThat(a.line()).isEqualTo(3);
    assertThat(b.line()).isEqualTo(1);
  }
}
