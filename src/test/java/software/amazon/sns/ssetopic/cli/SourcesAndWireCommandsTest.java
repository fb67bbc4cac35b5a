package software.amazon.sns.ssetopic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.sns.ssetopic.policy.EventSourceCatalog;
import software.amazon.sns.ssetopic.policy.EventSourceProfile;

/** sources and wire in process. */
class SourcesAndWireCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void sourcesListsTheWholeCatalog() {
    final CliRun run = CliRun.of("sources");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .startsWith(EventSourceCatalog.standard().all().size() + " event sources.")
        .containsPattern("(?m)^cloudwatch-alarms: Amazon CloudWatch alarms$")
        .containsPattern("(?m)^  principal +cloudwatch\\.amazonaws\\.com$")
        .contains("AWS::CloudWatch::Alarm AlarmActions[], OKActions[], InsufficientDataActions[]")
        .contains("(SNS's default topic policy also lets it publish)")
        .containsPattern(
            "(?m)^ec2-auto-scaling: Amazon EC2 Auto Scaling \\(group notifications\\)$")
        .contains("no grant (the role's IAM policy allows sns:Publish")
        .contains("topic ARN goes to  no CloudFormation property")
        .contains("unverified")
        .containsPattern("(?m)^elastic-transcoder: Amazon Elastic Transcoder \\[refused\\]$")
        .contains("discontinued Amazon Elastic Transcoder on 2025-11-13")
        .containsPattern(
            "(?m)^  documentation +https://docs\\.aws\\.amazon\\.com/AmazonS3/latest/userguide/"
                + "grant-destinations-permissions-to-s3\\.html$")
        .contains("Sources not in the catalog get these defaults:")
        .containsPattern("(?m)^service: AWS service \\(not in the catalog\\)$")
        .containsPattern("(?m)^  principal +any service principal the catalog does not list$")
        .contains("conservative defaults");
    final var counts = EventSourceCatalog.standard().countsByStatus();
    assertThat(run.out().strip())
        .endsWith("Unverified: " + EventSourceCatalog.standard().encryptionContextUnverified())
        .contains(
            EventSourceCatalog.standard().all().size()
                + " sources: "
                + counts.get(EventSourceProfile.Status.DOCUMENTED)
                + " documented by AWS pages, "
                + counts.get(EventSourceProfile.Status.PARTLY_UNVERIFIED)
                + " partly unverified, "
                + counts.get(EventSourceProfile.Status.REFUSED)
                + " refused");
  }

  @Test
  void sourcesAsJsonGivesEverySourceItsDocumentationAndClosesWithTheCounts() throws Exception {
    final CliRun run = CliRun.of("sources", "--format", "json");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    final JsonNode answer = JSON.readTree(run.out());
    final JsonNode sources = answer.path("sources");
    assertThat(sources.size()).isEqualTo(EventSourceCatalog.standard().all().size());
    int refused = 0;
    for (final JsonNode source : sources) {
      assertThat(source.path("documentation").size()).as(source.path("id").asText()).isPositive();
      assertThat(source.path("documentation").get(0).asText()).startsWith("https://");
      assertThat(source.path("status").asText()).isIn("documented", "partly-unverified", "refused");
      if (source.path("status").asText().equals("refused")) {
        refused++;
        assertThat(source.path("refused").path("reason").asText()).isNotBlank();
      }
    }
    assertThat(answer.path("note").asText()).contains(refused + " refused");
    assertThat(answer.path("defaults").get(0).path("id").asText()).isEqualTo("service");
    assertThat(answer.path("defaults").get(0).path("note").asText())
        .contains("Conservative defaults");
  }

  @Test
  void sourcesShowsOneSourceByIdOrPrincipalAndAsJson() throws Exception {
    final CliRun byPrincipal = CliRun.of("sources", "events.amazonaws.com");
    assertThat(byPrincipal.out())
        .startsWith("eventbridge-rules: ")
        .contains("scoped by kms:EncryptionContext:aws:sns:topicArn");
    final CliRun json = CliRun.of("sources", "elastic-beanstalk", "--format", "json");
    final JsonNode source = JSON.readTree(json.out()).path("sources").get(0);
    assertThat(source.path("kind").asText()).isEqualTo("role");
    assertThat(source.path("topicArnHandoffs").get(0).path("with").path("OptionName").asText())
        .isEqualTo("Notification Topic ARN");
    assertThat(CliRun.of("sources", "codestar-notifications").out())
        .containsPattern(
            "(?m)^  key policy +scoped by kms:EncryptionContext:aws:sns:topicArn,"
                + " kms:ViaService$");
  }

  @Test
  void sourcesRefusesAnUnknownName() {
    final CliRun run = CliRun.of("sources", "pagerduty");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains("'pagerduty' is not a source in the catalog");
  }

  @Test
  void wireHandsAnAlarmTheTopic() throws Exception {
    final CliRun run =
        CliRun.of("wire", "--source", "cloudwatch-alarms", "--topic-logical-id", "OrdersTopic");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.err())
        .startsWith("# Wires the topic OrdersTopic to Amazon CloudWatch alarms")
        .contains("# The topic ARN can also go to AWS::CloudWatch::Alarm OKActions[]");
    assertThat(run.out()).startsWith("Resources:");
    final JsonNode template = YAML.readTree(run.out()).path("Resources");
    assertThat(template.at("/OrdersTopic/Type").asText()).isEqualTo("AWS::SNS::SSETopic");
    assertThat(template.at("/OrdersTopic/Properties/EventSources/0/ServicePrincipal").asText())
        .isEqualTo("cloudwatch.amazonaws.com");
    assertThat(template.at("/Alarm/Properties/AlarmActions/0/Ref").asText())
        .isEqualTo("OrdersTopic");
  }

  @Test
  void wireGivesARoleOfYoursItsPolicy() throws Exception {
    final CliRun run =
        CliRun.of(
            "wire",
            "--source",
            "iot",
            "--topic-logical-id",
            "Alerts",
            "--role-logical-id",
            "RuleRole");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("Version: \"2012-10-17\"");
    final JsonNode template = YAML.readTree(run.out()).path("Resources");
    assertThat(template.at("/Alerts/Properties/EventSources/0/RoleArn/Fn::GetAtt/0").asText())
        .isEqualTo("RuleRole");
    final JsonNode sns = template.at("/TopicRule/Properties/TopicRulePayload/Actions/0/Sns");
    assertThat(sns.at("/TargetArn/Ref").asText()).isEqualTo("Alerts");
    assertThat(sns.at("/RoleArn/Fn::GetAtt/0").asText()).isEqualTo("RuleRole");
    final JsonNode policy = template.path("RuleRolePublishPolicy").path("Properties");
    assertThat(policy.at("/Roles/0/Ref").asText()).isEqualTo("RuleRole");
    assertThat(policy.at("/PolicyDocument/Statement/0/Action").asText()).isEqualTo("sns:Publish");
    assertThat(policy.at("/PolicyDocument/Statement/1/Resource/Fn::GetAtt/1").asText())
        .isEqualTo("KmsKeyArn");
  }

  @Test
  void wireNamesAServiceLinkedRoleAndWritesNoPolicyForIt() throws Exception {
    final CliRun run =
        CliRun.of(
            "wire",
            "--source",
            "ec2-auto-scaling",
            "--topic-logical-id",
            "Scaling",
            "--format",
            "json");
    final JsonNode answer = JSON.readTree(run.out());
    final JsonNode resources = answer.path("template").path("Resources");
    assertThat(resources.at("/Scaling/Properties/EventSources/0/RoleArn/Fn::Sub").asText())
        .endsWith(":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling");
    assertThat(resources.has("PublisherRolePublishPolicy")).isFalse();
    assertThat(
            resources
                .at("/AutoScalingGroup/Properties/NotificationConfigurations/0/TopicARN/Ref")
                .asText())
        .isEqualTo("Scaling");
    assertThat(answer.path("notes").toString()).contains("--role-arn arn:aws:iam::ACCOUNT:role/");
  }

  @Test
  void wireSetsThePropertiesBesideTheTopic() throws Exception {
    final JsonNode beanstalk =
        YAML.readTree(
                CliRun.of("wire", "--source", "elastic-beanstalk", "--topic-logical-id", "Topic")
                    .out())
            .at("/Resources/Environment/Properties/OptionSettings/0");
    assertThat(beanstalk.path("Namespace").asText()).isEqualTo("aws:elasticbeanstalk:sns:topics");
    assertThat(beanstalk.path("Value").path("Ref").asText()).isEqualTo("Topic");
    final CliRun pipeline =
        CliRun.of("wire", "--source", "codepipeline", "--topic-logical-id", "Pipeline");
    assertThat(pipeline.err() + pipeline.out()).contains("in a manual approval action");
    // The pipeline resource takes the name the topic already has.
    assertThat(YAML.readTree(pipeline.out()).at("/Resources/PipelineSource/Type").asText())
        .isEqualTo("AWS::CodePipeline::Pipeline");
  }

  @Test
  void wireSaysWhenNoPropertyTakesTheTopic() {
    final CliRun run = CliRun.of("wire", "--source", "glacier", "--topic-logical-id", "Topic");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.err())
        .contains("# No CloudFormation property takes the topic: No CloudFormation property")
        .contains("# Unverified: ");
  }

  @Test
  void wireSaysWhenTheTypeRefusesTheSource() {
    final CliRun run = CliRun.of("wire", "--source", "elasticache", "--topic-logical-id", "Topic");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.err())
        .contains("# Refused: Amazon ElastiCache cannot publish to an encrypted topic")
        .contains("accepts this source only with KeyPolicyMode: Skip");
    assertThat(run.out()).contains("NotificationTopicArn");
  }

  @Test
  void policyCommandsRefuseSourceArnWhereNoStatementCanCarryItAndWarnOfRefusedSources() {
    final CliRun rule =
        CliRun.of(
            "key-policy",
            "--key-arn",
            "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "--service-principal",
            "events.amazonaws.com",
            "--source-arn",
            "arn:aws:events:us-east-1:123456789012:rule/findings");
    assertThat(rule.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(rule.err())
        .contains("events.amazonaws.com (Amazon EventBridge rules")
        .contains("has SourceArn or SourceAccount");
    final CliRun cache =
        CliRun.of(
            "key-policy",
            "--key-arn",
            "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "--service-principal",
            "elasticache.amazonaws.com");
    assertThat(cache.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(cache.err())
        .contains(
            "warning: elasticache.amazonaws.com (Amazon ElastiCache event notifications)"
                + " is refused");
    assertThat(cache.out()).contains("\"kms:EncryptionContext:aws:sns:topicArn\"");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--source nope --topic-logical-id T | 'nope' is not a source in the catalog",
        "--source iot --topic-logical-id Orders-Topic | 'Orders-Topic' is not a CloudFormation"
            + " logical ID",
        "--source iot --topic-logical-id T --role-logical-id T | give the role its own",
        "--source iot | Missing required option: '--topic-logical-id=ID'",
      })
  void wireRefusesBadInput(final String args, final String message) {
    final java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("wire"));
    command.addAll(java.util.List.of(args.split(" ")));
    final CliRun run = CliRun.of(command.toArray(String[]::new));
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).startsWith("ssetopic wire: ").contains(message);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sources",
        "key-policy",
        "topic-policy",
        "publisher-policy",
        "cost",
        "wire",
        "diagnose",
        "check",
        "migrate"
      })
  void everyCommandExplainsItself(final String command) {
    final CliRun run = CliRun.of(command, "--help");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("Usage: ssetopic " + command).contains("--format=text|json");
    // Every example line is printed as written: none is wrapped (picocli would break it, ARNs
    // included, at 100 columns).
    final java.util.List<String> printed = run.out().lines().toList();
    final String[] footer =
        SsetopicCommand.commandLine()
            .getSubcommands()
            .get(command)
            .getCommandSpec()
            .usageMessage()
            .footer();
    java.util.Arrays.stream(footer)
        .filter(line -> line.startsWith("  "))
        .forEach(example -> assertThat(printed).contains(example));
    assertThat(printed).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(100));
  }
}
