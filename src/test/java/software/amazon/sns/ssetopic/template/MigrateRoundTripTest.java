package software.amazon.sns.ssetopic.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * migrate, then check: every template of the corpus and every example migrates to a template that
 * parses, keeps its comments, and on which check finds nothing the original did not have.
 */
class MigrateRoundTripTest {
  /** The properties the type's schema takes (what MigrateCommand reads from the jar). */
  static final Set<String> TYPE_PROPERTIES =
      Set.of(
          "ContentBasedDeduplication",
          "DisplayName",
          "EventSources",
          "FifoTopic",
          "KeyPolicyMode",
          "KmsMasterKeyId",
          "SignatureVersion",
          "Tags",
          "TopicName",
          "TracingConfig");

  private static final TemplateMigration MIGRATION =
      new TemplateMigration(TemplateCheck.standard(), TYPE_PROPERTIES);

  static Stream<Path> templates() throws IOException {
    return Stream.concat(TemplateCheckCorpusTest.corpus(), TemplateCheckCorpusTest.examples());
  }

  private static Map<String, Integer> counts(final List<Finding> findings) {
    final Map<String, Integer> counts = new HashMap<>();
    for (final Finding finding : findings) {
      counts.merge(finding.rule().id() + " " + finding.resource(), 1, Integer::sum);
    }
    return counts;
  }

  private static List<Finding> check(final String file, final String text) {
    return TemplateCheck.standard()
        .check(file, TemplateReader.read(file, text), TemplateCheck.Options.standard());
  }

  @ParameterizedTest
  @MethodSource("templates")
  void checkFindsNothingNewAfterMigrate(final Path template) throws IOException {
    final String text = Files.readString(template, StandardCharsets.UTF_8);
    final TemplateMigration.Result result =
        MIGRATION.migrate(template.toString(), text, "AWS", TemplateCheck.Options.standard());

    final Map<String, Integer> before = counts(check(template.toString(), text));
    final Map<String, Integer> after = counts(check(template.toString(), result.text()));
    after.forEach(
        (key, count) ->
            assertThat(count)
                .as("%s after migrate (before: %s)\n%s", key, before, result.text())
                .isLessThanOrEqualTo(before.getOrDefault(key, 0)));
    // A switched topic lists every publisher check found.
    for (final String change : result.changes()) {
      final String topic = change.substring(0, change.indexOf(':'));
      assertThat(after).doesNotContainKey(Rule.UNDECLARED_SOURCE.id() + " " + topic);
    }

    // Comments stay, line for line, in a YAML template.
    final List<String> comments =
        text.lines().filter(line -> line.strip().startsWith("#")).toList();
    assertThat(result.text().lines().toList()).containsAll(comments);
    // Every topic is switched, or left with its reason.
    final TemplateNode migrated = TemplateReader.read(template.toString(), result.text());
    final long stock =
        migrated.get("Resources").entries().values().stream()
            .filter(resource -> TemplateCheck.STOCK_TOPIC.equals(resource.textOf("Type")))
            .count();
    assertThat(stock)
        .isEqualTo(result.undecided().stream().filter(u -> u.contains(" stays ")).count());
  }

  @Test
  void aTopicGetsTheTypeAndItsPublishersAsEventSources() throws IOException {
    final Path template = TemplateCheckCorpusTest.CORPUS.resolve("eventbridge-key-grant.yaml");
    final TemplateMigration.Result result =
        MIGRATION.migrate(
            template.toString(),
            Files.readString(template),
            "Acme",
            TemplateCheck.Options.standard());
    final TemplateNode topic =
        TemplateReader.read("m.yaml", result.text()).get("Resources").get("Topic");
    assertThat(topic.textOf("Type")).isEqualTo("Acme::SNS::SSETopic");
    final TemplateNode sources = topic.get("Properties").get("EventSources");
    assertThat(sources.items())
        .extracting(source -> source.textOf("ServicePrincipal"))
        .containsExactly("events.amazonaws.com", "cloudwatch.amazonaws.com");
    assertThat(topic.get("Properties").get("KeyPolicyMode")).isNull();
    assertThat(result.changes()).hasSize(1);
    assertThat(result.changes().get(0)).contains("KeyPolicyMode stays Verify");
  }

  @Test
  void rolesAreWrittenAsTheTemplateWritesThemOrLeftWithTheReason() throws IOException {
    final Path template = TemplateCheckCorpusTest.CORPUS.resolve("role-publishers.yaml");
    final TemplateMigration.Result result =
        MIGRATION.migrate(
            template.toString(),
            Files.readString(template),
            "AWS",
            TemplateCheck.Options.standard());
    // The SAM function's role is made by the transform and names the topic: a cycle.
    assertThat(result.undecided()).singleElement().asString().contains("SAM transform");
    assertThat(result.text()).contains("Type: AWS::SNS::Topic");
  }

  @Test
  void aTopicHandedToASourceTheTypeRefusesStays() throws IOException {
    final Path template = TemplateCheckCorpusTest.CORPUS.resolve("refused-source.yaml");
    final TemplateMigration.Result result =
        MIGRATION.migrate(
            template.toString(),
            Files.readString(template),
            "AWS",
            TemplateCheck.Options.standard());
    assertThat(result.changes()).isEmpty();
    assertThat(result.undecided())
        .singleElement()
        .asString()
        .contains("CacheEvents stays AWS::SNS::Topic")
        .contains("which the type refuses");
  }

  @Test
  void aTopicWhoseNameIsReadWithGetAttStays() {
    final String template =
        String.join(
            "\n",
            "Resources:",
            "  Key:",
            "    Type: AWS::KMS::Key",
            "  Alerts:",
            "    Type: AWS::SNS::Topic",
            "    Properties:",
            "      KmsMasterKeyId: !Ref Key",
            "Outputs:",
            "  Name:",
            "    Value: !GetAtt Alerts.TopicName",
            "");
    final TemplateMigration.Result result =
        MIGRATION.migrate("name.yaml", template, "AWS", TemplateCheck.Options.standard());
    assertThat(result.changes()).isEmpty();
    assertThat(result.undecided())
        .singleElement()
        .asString()
        .contains("Alerts stays AWS::SNS::Topic")
        .contains("Fn::GetAtt Alerts.TopicName")
        .contains("!Select [5");
    assertThat(result.text()).contains("Type: AWS::SNS::Topic");
  }

  @Test
  void aTopicWithoutAKeyButWithPublishersStays() throws IOException {
    final Path template = TemplateCheckCorpusTest.CORPUS.resolve("unencrypted-budget.json");
    final TemplateMigration.Result result =
        MIGRATION.migrate(
            template.toString(),
            Files.readString(template),
            "AWS",
            TemplateCheck.Options.standard());
    assertThat(result.changes()).isEmpty();
    assertThat(result.undecided())
        .singleElement()
        .asString()
        .contains("CostTopic stays AWS::SNS::Topic")
        .contains("alias/aws/sns");
  }

  @Test
  void theSlrAndTemplateRolesBecomeEventSources() {
    final String text =
        String.join(
            "\n",
            "# roles",
            "Resources:",
            "  Key:",
            "    Type: AWS::KMS::Key",
            "  Topic:",
            "    Type: AWS::SNS::Topic  # switched",
            "    Properties:",
            "      KmsMasterKeyId: !Ref Key",
            "  Role:",
            "    Type: AWS::IAM::Role",
            "  Rule:",
            "    Type: AWS::IoT::TopicRule",
            "    Properties:",
            "      TopicRulePayload:",
            "        Actions:",
            "          - Sns:",
            "              TargetArn: !Ref Topic",
            "              RoleArn: !GetAtt Role.Arn",
            "  Group:",
            "    Type: AWS::AutoScaling::AutoScalingGroup",
            "    Properties:",
            "      NotificationConfigurations:",
            "        - TopicARN: !Ref Topic",
            "");
    final TemplateMigration.Result result =
        MIGRATION.migrate("t.yaml", text, "AWS", TemplateCheck.Options.standard());
    assertThat(result.text())
        .contains("    Type: AWS::SNS::SSETopic  # switched")
        .contains("      EventSources:\n        - RoleArn: !GetAtt Role.Arn\n")
        .contains(
            "        - RoleArn: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/"
                + "aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling\n");
  }
}
