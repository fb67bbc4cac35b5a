package software.amazon.sns.ssetopic.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Tag;
import software.amazon.sns.ssetopic.aws.KmsKeys;
import software.amazon.sns.ssetopic.policy.EventSource;
import software.amazon.sns.ssetopic.policy.KeyPolicyStatements;
import software.amazon.sns.ssetopic.policy.PolicyEditor;
import software.amazon.sns.ssetopic.policy.StatementIds;
import software.amazon.sns.ssetopic.policy.TopicArn;

/**
 * The type driven as Cloud Control API, resource import and drift detection drive it: with the
 * primary identifier alone, or with a model that Read produced ({@link LocalCloudControl}).
 */
class CloudControlIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SnsClient SNS = LocalAws.sns();
  private static final KmsClient KMS = LocalAws.kms(LocalHandler.REGION);

  private final LocalCloudControl cloudControl = new LocalCloudControl();
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final List<String> topics = new ArrayList<>();

  /** A test that fails half-way leaves no topic behind for the next one. */
  @AfterEach
  void deleteTopics() {
    topics.forEach(arn -> SNS.deleteTopic(r -> r.topicArn(arn)));
  }

  @AfterAll
  static void close() {
    SNS.close();
    KMS.close();
  }

  // ----- scene and what AWS holds ------------------------------------------------------------

  private Map<String, Object> managedTemplate(final String name, final String key) {
    final Map<String, Object> properties = new HashMap<>();
    properties.put("TopicName", name + "-" + suffix);
    properties.put("KmsMasterKeyId", key);
    properties.put("KeyPolicyMode", "Manage");
    properties.put("DisplayName", "Orders");
    properties.put("EventSources", FourSources.asProperty());
    return properties;
  }

  private LocalCloudControl.Result created(final Map<String, Object> template) {
    final LocalCloudControl.Result created = cloudControl.createResource(template);
    if (created.identifier() != null) {
      topics.add(created.identifier());
    }
    assertThat(created.status()).as(created.message()).isEqualTo("SUCCESS");
    assertThat(created.identifier()).isNotBlank();
    return created;
  }

  private static String keyPolicy(final String key) {
    return KMS.getKeyPolicy(r -> r.keyId(key).policyName(KmsKeys.DEFAULT_POLICY_NAME)).policy();
  }

  private static Set<String> keySids(final String key, final String topicArn) {
    return new TreeSet<>(PolicyEditor.topicStatementIds(keyPolicy(key), TopicArn.of(topicArn)));
  }

  /** The topic's own statements in its topic policy, without the owner's grant. */
  private static Set<String> publishGrantSids(final String topicArn) {
    final String policy =
        SNS.getTopicAttributes(r -> r.topicArn(topicArn)).attributes().get("Policy");
    final Set<String> sids = new TreeSet<>();
    if (policy != null) {
      sids.addAll(PolicyEditor.topicStatementIds(policy, TopicArn.of(topicArn)));
    }
    sids.remove(StatementIds.owner(TopicArn.of(topicArn)));
    return sids;
  }

  private static String sidOf(final String topicArn, final EventSource source) {
    return KeyPolicyStatements.standard().forSource(TopicArn.of(topicArn), source).sid();
  }

  /** An array's elements as a set: properties with insertionOrder false compare that way. */
  private static Set<JsonNode> asSet(final JsonNode array) {
    final Set<JsonNode> set = new HashSet<>();
    array.forEach(set::add);
    return set;
  }

  /**
   * The properties in which {@code read} differs from what a template declares, compared as drift
   * detection compares them: only declared properties, unordered lists as sets.
   */
  private static Set<String> drift(final Map<String, Object> template, final JsonNode read) {
    final JsonNode declared = JSON.valueToTree(template);
    final Set<String> drifted = new TreeSet<>();
    declared
        .fieldNames()
        .forEachRemaining(
            name -> {
              final JsonNode want = declared.get(name);
              final JsonNode have = read.path(name);
              final boolean same =
                  want.isArray() && have.isArray()
                      ? asSet(want).equals(asSet(have))
                      : want.equals(have);
              if (!same) {
                drifted.add(name);
              }
            });
    return drifted;
  }

  // ----- GetResource -------------------------------------------------------------------------

  @Test
  void getResourceByIdentifierReturnsEveryPropertyCreateReturned() {
    final LocalCloudControl.Result created =
        created(managedTemplate("cc-get", LocalAws.manageableKey(KMS)));

    final LocalCloudControl.Result read = cloudControl.getResource(created.identifier());

    assertThat(read.status()).as(read.message()).isEqualTo("SUCCESS");
    created
        .properties()
        .fieldNames()
        .forEachRemaining(
            name -> {
              final JsonNode want = created.properties().get(name);
              final JsonNode have = read.properties().path(name);
              if (want.isArray()) {
                assertThat(asSet(have)).as(name).isEqualTo(asSet(want));
              } else {
                assertThat(have).as(name).isEqualTo(want);
              }
            });
    assertThat(asSet(read.properties().path("EventSources")))
        .isEqualTo(asSet(JSON.valueToTree(FourSources.asProperty())));
    assertThat(read.properties().path("KeyPolicyMode").asText()).isEqualTo("Manage");
    assertThat(cloudControl.listResources()).contains(created.identifier());

    cloudControl.deleteResource(created.identifier());
  }

  // ----- UpdateResource ----------------------------------------------------------------------

  @Test
  void aPatchOfTheDisplayNameKeepsEveryGrant() {
    final String key = LocalAws.manageableKey(KMS);
    final String arn = created(managedTemplate("cc-rename", key)).identifier();
    final Set<String> grants = publishGrantSids(arn);
    final Set<String> keyStatements = keySids(key, arn);
    assertThat(grants).as("the create wrote publish grants").isNotEmpty();
    assertThat(keyStatements).hasSize(4);

    final LocalCloudControl.Result updated =
        cloudControl.updateResource(
            arn, "[{\"op\": \"replace\", \"path\": \"/DisplayName\", \"value\": \"Ledger\"}]");

    assertThat(updated.status()).as(updated.message()).isEqualTo("SUCCESS");
    assertThat(SNS.getTopicAttributes(r -> r.topicArn(arn)).attributes().get("DisplayName"))
        .isEqualTo("Ledger");
    assertThat(publishGrantSids(arn)).isEqualTo(grants);
    assertThat(keySids(key, arn)).isEqualTo(keyStatements);

    cloudControl.deleteResource(arn);
  }

  @Test
  void aPatchRemovingOneSourceRemovesExactlyItsGrants() {
    final String key = LocalAws.manageableKey(KMS);
    final String arn = created(managedTemplate("cc-remove", key)).identifier();
    final Set<String> grants = publishGrantSids(arn);
    final Set<String> keyStatements = keySids(key, arn);
    final JsonNode sources = cloudControl.getResource(arn).properties().path("EventSources");
    assertThat(sources.isArray()).as("READ by identifier lists EventSources").isTrue();
    int index = -1;
    for (int i = 0; i < sources.size(); i++) {
      if (sources.get(i).path("ServicePrincipal").asText().equals("events.amazonaws.com")) {
        index = i;
      }
    }
    assertThat(index).as("READ lists the EventBridge source").isNotNegative();
    final String removed = sidOf(arn, EventSource.service("events.amazonaws.com"));
    assertThat(grants).contains(removed);

    final LocalCloudControl.Result updated =
        cloudControl.updateResource(
            arn, "[{\"op\": \"remove\", \"path\": \"/EventSources/" + index + "\"}]");

    assertThat(updated.status()).as(updated.message()).isEqualTo("SUCCESS");
    final Set<String> expectedGrants = new TreeSet<>(grants);
    expectedGrants.remove(removed);
    final Set<String> expectedKeyStatements = new TreeSet<>(keyStatements);
    expectedKeyStatements.remove(removed);
    assertThat(publishGrantSids(arn)).isEqualTo(expectedGrants);
    assertThat(keySids(key, arn)).isEqualTo(expectedKeyStatements);

    cloudControl.deleteResource(arn);
  }

  // ----- DeleteResource ----------------------------------------------------------------------

  @Test
  void deleteResourceByIdentifierRemovesTheTopicAndEveryKeyStatement() {
    final String key = LocalAws.manageableKey(KMS);
    final String original = keyPolicy(key);
    final String arn = created(managedTemplate("cc-delete", key)).identifier();
    assertThat(keySids(key, arn)).hasSize(4);

    final LocalCloudControl.Result deleted = cloudControl.deleteResource(arn);

    assertThat(deleted.status()).as(deleted.message()).isEqualTo("SUCCESS");
    assertThat(LocalAws.topicExists(SNS, arn)).isFalse();
    assertThat(keySids(key, arn)).isEmpty();
    assertThat(PolicyEditor.equalInMeaning(keyPolicy(key), original)).isTrue();
  }

  @Test
  void aTopicDeletedOutOfBandIsNotFoundAndTheStackDeleteWithdrawsItsStatements() {
    final String key = LocalAws.manageableKey(KMS);
    final Map<String, Object> template = managedTemplate("cc-gone", key);
    final String arn = created(template).identifier();
    SNS.deleteTopic(r -> r.topicArn(arn));

    // With the identifier alone nothing says which key the topic used: NotFound, and the
    // statements stay until a caller that knows the key (a stack delete) deletes it.
    assertThat(cloudControl.deleteResource(arn).errorCode()).isEqualTo("NotFound");
    assertThat(keySids(key, arn)).hasSize(4);

    final Map<String, Object> lastModel = new HashMap<>(template);
    lastModel.put("TopicArn", arn);
    assertThat(new LocalHandler().invoke("DELETE", lastModel, null, null).errorCode())
        .isEqualTo("NotFound");
    assertThat(keySids(key, arn)).isEmpty();
  }

  // ----- resource import ---------------------------------------------------------------------

  @Test
  void aTopicCreatedOutsideCloudFormationIsReadIntoAModelItsTemplateMatches() {
    final String key = LocalAws.symmetricKey(KMS);
    final String name = "cc-import-" + suffix;
    final String arn =
        SNS.createTopic(
                r ->
                    r.name(name)
                        .attributes(Map.of("KmsMasterKeyId", key, "DisplayName", "Imported"))
                        .tags(
                            Tag.builder().key("team").value("payments").build(),
                            Tag.builder().key("cost-center").value("42").build()))
            .topicArn();
    final Map<String, Object> template = new HashMap<>();
    template.put("TopicName", name);
    template.put("KmsMasterKeyId", key);
    template.put("DisplayName", "Imported");
    template.put(
        "Tags",
        List.of(
            Map.of("Key", "team", "Value", "payments"),
            Map.of("Key", "cost-center", "Value", "42")));

    final LocalCloudControl.Result read = cloudControl.getResource(arn);

    assertThat(read.status()).as(read.message()).isEqualTo("SUCCESS");
    assertThat(read.identifier()).isEqualTo(arn);
    assertThat(drift(template, read.properties())).isEmpty();
    assertThat(read.properties().path("KmsKeyArn").asText()).isEqualTo(key);
    assertThat(read.properties().path("EventSources").size())
        .as("a topic nobody declared sources for has none")
        .isZero();

    SNS.deleteTopic(r -> r.topicArn(arn));
  }

  // ----- drift -------------------------------------------------------------------------------

  @Test
  void driftShowsExactlyTheRemovedGrantAndTheChangedDisplayName() {
    final String key = LocalAws.manageableKey(KMS);
    final Map<String, Object> template = managedTemplate("cc-drift", key);
    final String arn = created(template).identifier();

    assertThat(drift(template, cloudControl.getResource(arn).properties()))
        .as("an untouched resource")
        .isEmpty();

    // Someone removes the EventBridge grant from the key policy by hand.
    final String withGrant = keyPolicy(key);
    final String removed = sidOf(arn, EventSource.service("events.amazonaws.com"));
    final List<software.amazon.awssdk.policybuilder.iam.IamStatement> remaining =
        KeyPolicyStatements.standard()
            .forSources(
                TopicArn.of(arn),
                FourSources.forTheEngine().stream()
                    .filter(source -> !source.equals(EventSource.service("events.amazonaws.com")))
                    .toList());
    KMS.putKeyPolicy(
        r ->
            r.keyId(key)
                .policyName(KmsKeys.DEFAULT_POLICY_NAME)
                .policy(PolicyEditor.withTopicStatements(withGrant, TopicArn.of(arn), remaining)));
    assertThat(keySids(key, arn)).doesNotContain(removed).hasSize(3);
    final JsonNode afterGrantRemoved = cloudControl.getResource(arn).properties();
    assertThat(drift(template, afterGrantRemoved)).containsExactly("EventSources");
    final Set<JsonNode> expectedSources = asSet(JSON.valueToTree(FourSources.asProperty()));
    expectedSources.remove(JSON.valueToTree(Map.of("ServicePrincipal", "events.amazonaws.com")));
    assertThat(asSet(afterGrantRemoved.path("EventSources"))).isEqualTo(expectedSources);

    // The grant is put back; then someone renames the topic's display name.
    KMS.putKeyPolicy(r -> r.keyId(key).policyName(KmsKeys.DEFAULT_POLICY_NAME).policy(withGrant));
    SNS.setTopicAttributes(
        r -> r.topicArn(arn).attributeName("DisplayName").attributeValue("Renamed by hand"));
    assertThat(drift(template, cloudControl.getResource(arn).properties()))
        .containsExactly("DisplayName");

    cloudControl.deleteResource(arn);
  }
}
