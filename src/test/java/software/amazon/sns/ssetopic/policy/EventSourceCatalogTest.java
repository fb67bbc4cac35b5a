package software.amazon.sns.ssetopic.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventSourceCatalogTest {
  private final EventSourceCatalog catalog = EventSourceCatalog.standard();

  @Test
  void listsTheServicePrincipalsOfTheReference() {
    assertThat(catalog.all())
        .extracting(EventSourceProfile::principal)
        .contains(
            "cloudwatch.amazonaws.com",
            "events.amazonaws.com",
            "s3.amazonaws.com",
            "codestar-notifications.amazonaws.com",
            "budgets.amazonaws.com",
            "backup.amazonaws.com",
            "cloudtrail.amazonaws.com",
            "events.rds.amazonaws.com",
            "redshift.amazonaws.com",
            "dms.amazonaws.com",
            "dynamodb.amazonaws.com",
            "ses.amazonaws.com",
            "codecommit.amazonaws.com",
            "ds.amazonaws.com",
            "glacier.amazonaws.com",
            "importexport.amazonaws.com",
            "inspector.amazonaws.com",
            "ssm-incidents.amazonaws.com",
            "ssm-contacts.amazonaws.com");
  }

  @Test
  void listsTheServicePrincipalsAddedSinceTheSnsGuidesTable() {
    assertThat(catalog.all())
        .extracting(EventSourceProfile::principal)
        .contains(
            "costalerts.amazonaws.com",
            "devops-guru.amazonaws.com",
            "ssm.amazonaws.com",
            "aps.amazonaws.com",
            "sms-voice.amazonaws.com",
            "gamelift.amazonaws.com",
            "cloudformation.amazonaws.com",
            "config.amazonaws.com",
            "elasticache.amazonaws.com");
  }

  @Test
  void listsTheRoleBasedSources() {
    // The seven of the SNS guide's list, then the services documented to publish with a role.
    assertThat(catalog.roleBased())
        .extracting(EventSourceProfile::id)
        .containsExactly(
            "ec2-auto-scaling",
            "elastic-transcoder",
            "codepipeline",
            "config",
            "elastic-beanstalk",
            "iot",
            "image-builder",
            "lambda-destinations",
            "ssm-run-command",
            "auto-scaling-lifecycle-hooks");
    assertThat(catalog.roleBased())
        .allSatisfy(
            profile -> {
              assertThat(profile.isRoleBased()).isTrue();
              assertThat(profile.role()).isNotBlank();
              assertThat(profile.keyPolicy().sourceConditions()).isFalse();
            });
  }

  @Test
  void eventBridgeIsScopedByTheTopicNotBySourceKeys() {
    final EventSourceProfile events = catalog.byPrincipal("events.amazonaws.com").orElseThrow();
    assertThat(events.keyPolicy().sourceConditions()).isFalse();
    assertThat(events.keyPolicyConditionKeys())
        .containsExactly("kms:EncryptionContext:aws:sns:topicArn");
    assertThat(events.topicPolicy().publish()).isTrue();
    // "You can't use Condition blocks in Amazon SNS topic policies for EventBridge."
    assertThat(events.topicPolicyConditionKeys()).isEmpty();
    assertThat(events.takesNoSourceConditions()).isTrue();
    assertThat(events.documentation())
        .contains(
            "https://docs.aws.amazon.com/eventbridge/latest/userguide/"
                + "eb-use-resource-based.html#eb-sns-permissions");
    assertThat(events.topicArnHandoffs())
        .containsExactly(
            new EventSourceProfile.TopicArnHandoff("AWS::Events::Rule", "Targets[].Arn"));
  }

  @Test
  void everyEntryIsCompleteAndUnverifiedFactsAreMarked() {
    assertThat(catalog.all())
        .allSatisfy(
            profile -> {
              assertThat(profile.isCatalogued()).isTrue();
              assertThat(profile.name()).isNotBlank();
              assertThat(profile.keyPolicy()).isNotNull();
              assertThat(profile.topicPolicy()).isNotNull();
            });
    assertThat(catalog.byId("backup").orElseThrow().unverified()).isNotBlank();
    assertThat(catalog.byId("cloudwatch-alarms").orElseThrow().keyPolicyConditionKeys())
        .containsExactly(
            "aws:SourceAccount", "aws:SourceArn", "kms:EncryptionContext:aws:sns:topicArn");
    assertThat(catalog.byId("codestar-notifications").orElseThrow().keyPolicyConditionKeys())
        .containsExactly("kms:EncryptionContext:aws:sns:topicArn", "kms:ViaService");
    assertThat(catalog.byId("ec2-auto-scaling").orElseThrow().topicPolicyConditionKeys()).isEmpty();
    assertThat(catalog.byId("no-such-source")).isEmpty();
  }

  @Test
  void recognisesServiceLinkedRolesAndFallsBackForOthers() {
    assertThat(catalog.profileOf(Fixtures.AUTOSCALING).id()).isEqualTo("ec2-auto-scaling");
    assertThat(
            catalog
                .profileOf(
                    EventSource.role(
                        "arn:aws:iam::123456789012:role/aws-service-role/"
                            + "imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder"))
                .id())
        .isEqualTo("image-builder");
    final EventSourceProfile pipelineRole =
        catalog.profileOf(EventSource.role("arn:aws:iam::123456789012:role/pipeline-role"));
    assertThat(pipelineRole).isSameAs(catalog.defaultRoleProfile());
    assertThat(pipelineRole.isCatalogued()).isFalse();
    assertThat(catalog.byRoleArn(null)).isEmpty();
  }

  @Test
  void unknownServicesGetConservativeDefaults() {
    final EventSourceProfile unknown = catalog.profileOf(Fixtures.UNKNOWN_SERVICE);
    assertThat(unknown).isSameAs(catalog.defaultServiceProfile());
    assertThat(unknown.isCatalogued()).isFalse();
    assertThat(unknown.isRoleBased()).isFalse();
    assertThat(unknown.keyPolicy().sourceConditions()).isTrue();
    assertThat(unknown.topicPolicy().publish()).isTrue();
    assertThat(unknown.unverified()).contains("conservative defaults");
    assertThat(catalog.byPrincipal(null)).isEmpty();
  }

  private static ObjectNode standardFile() throws IOException {
    try (InputStream in =
        EventSourceCatalog.class.getResourceAsStream(EventSourceCatalog.RESOURCE)) {
      return (ObjectNode) Fixtures.JSON.readTree(in);
    }
  }

  private static EventSourceCatalog readEdited(final Consumer<ObjectNode> edit) throws IOException {
    final ObjectNode file = standardFile();
    edit.accept(file);
    return EventSourceCatalog.read(new ByteArrayInputStream(Fixtures.JSON.writeValueAsBytes(file)));
  }

  private static ObjectNode source(final ObjectNode file, final int index) {
    return (ObjectNode) file.get("sources").get(index);
  }

  static Stream<Arguments> brokenCatalogs() {
    return Stream.of(
        Arguments.of(
            (Consumer<ObjectNode>) file -> file.remove("defaults"), "defaults.servicePrincipal"),
        Arguments.of(
            (Consumer<ObjectNode>) file -> ((ObjectNode) file.get("defaults")).remove("role"),
            "defaults.servicePrincipal"),
        Arguments.of(
            (Consumer<ObjectNode>)
                file -> ((ObjectNode) file.get("defaults").get("role")).put("id", "roles"),
            "must have id role"),
        Arguments.of(
            (Consumer<ObjectNode>) file -> source(file, 1).put("id", "cloudwatch-alarms"),
            "duplicate or reserved id cloudwatch-alarms"),
        Arguments.of(
            (Consumer<ObjectNode>) file -> source(file, 1).put("id", "service"),
            "duplicate or reserved id service"),
        Arguments.of(
            (Consumer<ObjectNode>)
                file -> source(file, 1).put("principal", "cloudwatch.amazonaws.com"),
            "principal cloudwatch.amazonaws.com is listed twice"),
        Arguments.of(
            (Consumer<ObjectNode>) file -> source(file, 0).put("id", "Cloud Watch"),
            "needs an id of lower-case words"),
        Arguments.of(
            (Consumer<ObjectNode>) file -> source(file, 0).remove("name"),
            "needs an id of lower-case words"),
        Arguments.of(
            (Consumer<ObjectNode>) file -> source(file, 0).remove("keyPolicy"),
            "needs keyPolicy and topicPolicy"),
        Arguments.of(
            (Consumer<ObjectNode>) file -> source(file, 0).remove("topicPolicy"),
            "needs keyPolicy and topicPolicy"),
        Arguments.of(
            (Consumer<ObjectNode>) file -> source(file, 0).remove("principal"),
            "needs exactly one of principal and role"),
        Arguments.of(
            (Consumer<ObjectNode>) file -> source(file, 0).put("role", "some role"),
            "needs exactly one of principal and role"),
        Arguments.of(
            (Consumer<ObjectNode>)
                file ->
                    ((ObjectNode) file.get("defaults").get("role"))
                        .put("principal", "x.amazonaws.com"),
            "needs exactly one of principal and role"),
        Arguments.of(
            (Consumer<ObjectNode>) file -> source(file, 0).put("principal", "cloudwatch"),
            "not of the form <service>.amazonaws.com"),
        Arguments.of(
            (Consumer<ObjectNode>)
                file ->
                    ((ArrayNode) source(file, 0).get("keyPolicy").get("scopeKeys"))
                        .add("aws:SourceOrgID"),
            "the engine knows only"),
        Arguments.of(
            (Consumer<ObjectNode>)
                file ->
                    ((ArrayNode) source(file, 0).get("keyPolicy").get("scopeKeys"))
                        .add("kms:EncryptionContext:aws:sns:topicArn"),
            "the engine knows only"),
        Arguments.of(
            (Consumer<ObjectNode>) file -> source(file, 2).remove("documentation"),
            "s3-event-notifications.documentation is missing"),
        Arguments.of(
            (Consumer<ObjectNode>) file -> source(file, 2).putArray("documentation"),
            "s3-event-notifications.documentation is missing"),
        Arguments.of(
            (Consumer<ObjectNode>)
                file -> ((ObjectNode) file.get("defaults").get("role")).remove("documentation"),
            "role.documentation is missing"),
        Arguments.of(
            (Consumer<ObjectNode>)
                file ->
                    source(file, 2).putArray("documentation").add("https://example.com/s3-notes"),
            "'https://example.com/s3-notes', which is not an AWS documentation page"),
        Arguments.of(
            (Consumer<ObjectNode>)
                file ->
                    source(file, 2)
                        .putArray("documentation")
                        .add("http://docs.aws.amazon.com/AmazonS3/latest/userguide/x.html"),
            "which is not an AWS documentation page"),
        Arguments.of(
            (Consumer<ObjectNode>) file -> file.remove("encryptionContextDocumentation"),
            "encryptionContextDocumentation is missing"),
        Arguments.of(
            (Consumer<ObjectNode>)
                file -> ((ObjectNode) source(file, 20).get("refused")).remove("reason"),
            "elastic-transcoder is refused without a reason"),
        Arguments.of(
            (Consumer<ObjectNode>)
                file -> ((ObjectNode) source(file, 20).get("refused")).remove("documentation"),
            "elastic-transcoder.refused.documentation is missing"),
        Arguments.of(
            (Consumer<ObjectNode>) file -> source(file, 20).put("regionalPrincipal", true),
            "elastic-transcoder has regionalPrincipal but no principal"),
        Arguments.of(
            (Consumer<ObjectNode>)
                file ->
                    ((ObjectNode) file.get("defaults").get("role").get("keyPolicy"))
                        .put("sourceConditions", true),
            "a role sends no aws:SourceAccount"),
        Arguments.of(
            (Consumer<ObjectNode>)
                file ->
                    ((ObjectNode) file.get("defaults").get("role").get("topicPolicy"))
                        .put("sourceConditions", true),
            "a role sends no aws:SourceAccount"),
        Arguments.of(
            (Consumer<ObjectNode>)
                file -> source(file, 19).put("roleArnPattern", "^arn:(unclosed$"),
            "invalid roleArnPattern"),
        Arguments.of(
            (Consumer<ObjectNode>)
                file -> source(file, 19).put("serviceLinkedRole", "aws-service-role/x/Other"),
            "serviceLinkedRole must be a role its roleArnPattern recognises"),
        Arguments.of(
            (Consumer<ObjectNode>)
                file -> source(file, 20).put("serviceLinkedRole", "aws-service-role/x/Other"),
            "serviceLinkedRole must be a role its roleArnPattern recognises"));
  }

  @ParameterizedTest
  @MethodSource("brokenCatalogs")
  void refusesAnInconsistentCatalog(final Consumer<ObjectNode> edit, final String message) {
    assertThatThrownBy(() -> readEdited(edit))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(message);
  }

  @Test
  void everyEntryCitesTheAwsPagesItsFactsComeFrom() {
    final List<EventSourceProfile> all = new java.util.ArrayList<>(catalog.all());
    all.add(catalog.defaultServiceProfile());
    all.add(catalog.defaultRoleProfile());
    assertThat(all)
        .allSatisfy(
            profile ->
                assertThat(profile.documentation())
                    .as(profile.id())
                    .isNotEmpty()
                    .allSatisfy(url -> assertThat(url).startsWith("https://")));
    assertThat(catalog.encryptionContextDocumentation())
        .contains(
            "https://docs.aws.amazon.com/gamelift/latest/flexmatchguide/"
                + "queue-notification-sns-sse.html");
  }

  @Test
  void countsEntriesByHowFarAwsPagesBackThem() {
    final var counts = catalog.countsByStatus();
    assertThat(counts.values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(catalog.all().size());
    assertThat(catalog.byId("s3-event-notifications").orElseThrow().status())
        .isEqualTo(EventSourceProfile.Status.DOCUMENTED);
    assertThat(catalog.byId("dms-events").orElseThrow().status())
        .isEqualTo(EventSourceProfile.Status.PARTLY_UNVERIFIED);
    assertThat(catalog.all())
        .filteredOn(profile -> profile.status() == EventSourceProfile.Status.REFUSED)
        .extracting(EventSourceProfile::id)
        .containsExactlyInAnyOrder(
            "inspector-classic",
            "elastic-transcoder",
            "config",
            "config-service-principal",
            "elasticache");
  }

  @Test
  void chinaRegionPrincipalsResolveToTheSameEntries() {
    assertThat(catalog.byPrincipal("events.amazonaws.com.cn").orElseThrow().id())
        .isEqualTo("eventbridge-rules");
    assertThat(catalog.byPrincipal("CloudTrail.amazonaws.com.cn").orElseThrow().id())
        .isEqualTo("cloudtrail");
    assertThat(catalog.profileOf(EventSource.service("events.amazonaws.com.cn")).id())
        .isEqualTo("eventbridge-rules");
    assertThat(catalog.byPrincipal("newservice.amazonaws.com.cn")).isEmpty();
  }

  @Test
  void regionalPrincipalsResolveOnlyWhereTheServiceUsesThem() {
    assertThat(catalog.byPrincipal("eu-west-1.devops-guru.amazonaws.com").orElseThrow().id())
        .isEqualTo("devops-guru");
    assertThat(catalog.byPrincipal("cn-north-1.devops-guru.amazonaws.com.cn").orElseThrow().id())
        .isEqualTo("devops-guru");
    // CloudWatch publishes as cloudwatch.amazonaws.com only: a regional name is unknown.
    assertThat(catalog.byPrincipal("us-east-1.cloudwatch.amazonaws.com")).isEmpty();
  }

  @Test
  void refusesSourcesThatCannotWorkWithAnEncryptedTopicUnlessKeyPolicyModeIsSkip() {
    final EventSource elastiCache = EventSource.service("elasticache.amazonaws.com");
    final EventSource configRole =
        EventSource.role(
            "arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/"
                + "AWSServiceRoleForConfig");
    final EventSource transcoderRole =
        EventSource.role("arn:aws:iam::123456789012:role/transcoder-pipeline");
    assertThat(catalog.problems(List.of(Fixtures.CLOUDWATCH, elastiCache), true))
        .singleElement()
        .asString()
        .contains("elasticache.amazonaws.com (Amazon ElastiCache event notifications) is refused")
        .contains("cannot be encrypted")
        .contains("https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ElastiCacheSNS.html")
        .contains("KeyPolicyMode: Skip");
    assertThat(catalog.problems(List.of(configRole), true))
        .singleElement()
        .asString()
        .contains("AWS Config does not support encrypted Amazon SNS topics")
        .contains("the SNS developer guide still lists Config")
        .contains("https://docs.aws.amazon.com/config/latest/developerguide/sns-topic-policy.html");
    assertThat(catalog.problems(List.of(EventSource.service("config.amazonaws.com")), true))
        .singleElement()
        .asString()
        .contains("(AWS Config, publishing as its service principal) is refused");
    assertThat(catalog.problems(List.of(EventSource.service("inspector.amazonaws.com")), true))
        .singleElement()
        .asString()
        .contains("end of support on 2026-05-20");
    // The transcoder's pipeline role is a role of the user's: nothing recognises it.
    assertThat(catalog.problems(List.of(transcoderRole), true)).isEmpty();
    assertThat(catalog.problems(List.of(elastiCache, configRole), false)).isEmpty();
  }

  @Test
  void refusesSourceConditionsWhereNoStatementCanCarryThem() {
    final EventSource rule =
        Fixtures.EVENTBRIDGE.withSourceArn("arn:aws:events:us-east-1:123456789012:rule/findings");
    for (final boolean keyPolicyChecked : new boolean[] {true, false}) {
      assertThat(catalog.problems(List.of(rule), keyPolicyChecked))
          .singleElement()
          .asString()
          .startsWith("EventSources: events.amazonaws.com (Amazon EventBridge rules")
          .contains("has SourceArn or SourceAccount")
          .contains("remove them");
    }
    assertThat(
            catalog.sourceConditionProblems(
                List.of(Fixtures.EVENTBRIDGE.withSourceAccount("123456789012"))))
        .hasSize(1);
    assertThat(catalog.sourceConditionProblems(List.of(Fixtures.EVENTBRIDGE, Fixtures.S3_BUCKET)))
        .isEmpty();
  }

  @Test
  void knowsWhatWiringNeeds() {
    final EventSourceProfile alarms = catalog.byId("cloudwatch-alarms").orElseThrow();
    assertThat(alarms.topicPolicy().ownerPolicySuffices()).isTrue();
    assertThat(catalog.byId("eventbridge-rules").orElseThrow().topicPolicy().ownerPolicySuffices())
        .isFalse();
    assertThat(alarms.topicArnHandoffs().get(0).describe()).isEqualTo("AlarmActions[]");
    final EventSourceProfile.TopicArnHandoff beanstalk =
        catalog.byId("elastic-beanstalk").orElseThrow().topicArnHandoffs().get(0);
    assertThat(beanstalk.with())
        .containsEntry("Namespace", "aws:elasticbeanstalk:sns:topics")
        .containsEntry("OptionName", "Notification Topic ARN");
    assertThat(beanstalk.describe())
        .isEqualTo(
            "OptionSettings[].Value (Namespace: aws:elasticbeanstalk:sns:topics,"
                + " OptionName: Notification Topic ARN)");
    assertThat(catalog.byId("codepipeline").orElseThrow().topicArnHandoffs().get(0).describe())
        .endsWith(
            "NotificationArn (in a manual approval action (ActionTypeId Category Approval,"
                + " Owner AWS, Provider Manual))");
    final EventSourceProfile autoScaling = catalog.byId("ec2-auto-scaling").orElseThrow();
    final String role = autoScaling.serviceLinkedRoleArn("aws", "123456789012").orElseThrow();
    assertThat(catalog.byRoleArn(role)).contains(autoScaling);
    assertThat(catalog.byId("iot").orElseThrow().serviceLinkedRoleArn("aws", "1")).isEmpty();
  }

  @Test
  void aCatalogWithoutSourcesStillHasDefaults() throws IOException {
    final EventSourceCatalog empty = readEdited(file -> file.remove("sources"));
    assertThat(empty.all()).isEmpty();
    assertThat(empty.profileOf(Fixtures.CLOUDWATCH)).isSameAs(empty.defaultServiceProfile());
  }

  @Test
  void longIdsAreCutToSidSize() throws IOException {
    final EventSourceCatalog edited =
        readEdited(file -> source(file, 0).put("id", "a-very-long-identifier-for-one-service"));
    assertThat(edited.all().get(0).sidLabel()).isEqualTo("AVeryLongIdentifierForOn");
  }

  @Test
  void profilesCopeWithMissingLists() {
    final EventSourceProfile profile =
        new EventSourceProfile(
            "x",
            "X",
            "x.amazonaws.com",
            null,
            null,
            null,
            new EventSourceProfile.KeyPolicyRules(false, null),
            new EventSourceProfile.TopicPolicyRules(false, false),
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    assertThat(profile.topicArnHandoffs()).isEmpty();
    assertThat(profile.documentation()).isEmpty();
    assertThat(profile.regionalPrincipal()).isFalse();
    assertThat(profile.keyPolicyConditionKeys())
        .isEqualTo(List.of("kms:EncryptionContext:aws:sns:topicArn"));
  }
}
