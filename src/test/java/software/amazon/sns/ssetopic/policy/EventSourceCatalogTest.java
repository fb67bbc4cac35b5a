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
  void listsTheSevenRoleBasedSources() {
    assertThat(catalog.roleBased())
        .extracting(EventSourceProfile::id)
        .containsExactly(
            "ec2-auto-scaling",
            "elastic-transcoder",
            "codepipeline",
            "config",
            "elastic-beanstalk",
            "iot",
            "image-builder");
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
    assertThat(events.topicPolicyConditionKeys())
        .containsExactly("aws:SourceAccount", "aws:SourceArn");
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
        .containsExactly("aws:SourceAccount", "aws:SourceArn");
    assertThat(catalog.byId("codestar-notifications").orElseThrow().keyPolicyConditionKeys())
        .containsExactly("kms:ViaService");
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
                        "arn:aws:iam::111122223333:role/aws-service-role/"
                            + "imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder"))
                .id())
        .isEqualTo("image-builder");
    final EventSourceProfile pipelineRole =
        catalog.profileOf(EventSource.role("arn:aws:iam::111122223333:role/pipeline-role"));
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
    final String role = autoScaling.serviceLinkedRoleArn("aws", "111122223333").orElseThrow();
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
            null);
    assertThat(profile.topicArnHandoffs()).isEmpty();
    assertThat(profile.keyPolicyConditionKeys()).isEqualTo(List.of());
  }
}
