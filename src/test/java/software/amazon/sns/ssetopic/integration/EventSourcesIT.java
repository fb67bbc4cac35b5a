package software.amazon.sns.ssetopic.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.sns.ssetopic.aws.KmsKeys;
import software.amazon.sns.ssetopic.fixtures.KeyPolicies;
import software.amazon.sns.ssetopic.policy.EventSource;
import software.amazon.sns.ssetopic.policy.KeyPolicyStatements;
import software.amazon.sns.ssetopic.policy.PolicyEditor;
import software.amazon.sns.ssetopic.policy.TopicArn;

/**
 * EventSources on the local AWS: Manage writes exactly the needed statements and takes them back,
 * Verify reads the key policy and refuses what it does not grant, shared keys keep every topic's
 * statements, also under concurrent edits.
 */
class EventSourcesIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SnsClient SNS = LocalAws.sns();
  private static final KmsClient KMS = LocalAws.kms(LocalHandler.REGION);
  private static final String ACCOUNT = LocalHandler.ACCOUNT;
  private static final String BUCKET = FourSources.BUCKET;

  private final LocalHandler handler = new LocalHandler();
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);

  @AfterAll
  static void close() {
    SNS.close();
    KMS.close();
  }

  private static Map<String, Object> service(final String principal) {
    return Map.of("ServicePrincipal", principal);
  }

  private Map<String, Object> topic(
      final String name,
      final String key,
      final String mode,
      final List<Map<String, Object>> sources) {
    final Map<String, Object> properties = new HashMap<>();
    properties.put("TopicName", name + "-" + suffix);
    properties.put("KmsMasterKeyId", key);
    properties.put("KeyPolicyMode", mode);
    properties.put("EventSources", sources);
    return properties;
  }

  /** CloudFormation hands Delete the model it last received, properties and all. */
  private LocalHandler.Event deleteAsCloudFormationDoes(final LocalHandler.Event created) {
    return handler.invoke(
        "DELETE",
        JSON.convertValue(
            created.model(),
            new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {}),
        null,
        null);
  }

  private static String keyPolicy(final String keyArn) {
    return KMS.getKeyPolicy(r -> r.keyId(keyArn).policyName(KmsKeys.DEFAULT_POLICY_NAME)).policy();
  }

  private static List<String> sids(final String policyJson) {
    final List<String> sids = new ArrayList<>();
    try {
      final JsonNode statements = JSON.readTree(policyJson).path("Statement");
      (statements.isArray() ? statements : JSON.createArrayNode().add(statements))
          .forEach(s -> sids.add(s.path("Sid").asText("")));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return sids;
  }

  private static List<String> topicArns() {
    return SNS.listTopicsPaginator().topics().stream().map(t -> t.topicArn()).toList();
  }

  @Test
  void manageWritesExactlyTheNeededStatementsAndDeleteRestoresThePolicy() {
    final String key = LocalAws.manageableKey(KMS);
    final String original = keyPolicy(key);
    final LocalHandler.Event created =
        handler.create(topic("managed", key, "Manage", FourSources.asProperty()));
    assertThat(created.status()).as(created.message()).isEqualTo("SUCCESS");
    final TopicArn topicArn = TopicArn.of(created.model("TopicArn"));

    final String withSources = keyPolicy(key);
    assertThat(
            PolicyEditor.hasExactlyTopicStatements(
                withSources,
                topicArn,
                KeyPolicyStatements.standard().forSources(topicArn, FourSources.forTheEngine())))
        .isTrue();
    assertThat(
            PolicyEditor.equalInMeaning(
                PolicyEditor.withoutTopicStatements(withSources, topicArn), original))
        .isTrue();
    final String topicPolicy =
        SNS.getTopicAttributes(r -> r.topicArn(topicArn.value())).attributes().get("Policy");
    assertThat(topicPolicy)
        .contains("events.amazonaws.com")
        .contains("s3.amazonaws.com")
        .contains(BUCKET)
        .doesNotContain("\"Principal\":\"*\"");

    assertThat(deleteAsCloudFormationDoes(created).status()).isEqualTo("SUCCESS");
    assertThat(PolicyEditor.equalInMeaning(keyPolicy(key), original)).isTrue();
  }

  @Test
  void readShowsAManagedGrantThatAStackUpdateOfTheKeyDropped() {
    final String key = LocalAws.manageableKey(KMS);
    final String original = keyPolicy(key);
    final LocalHandler.Event created =
        handler.create(
            topic("dropped", key, "Manage", List.of(service("cloudwatch.amazonaws.com"))));
    assertThat(created.status()).as(created.message()).isEqualTo("SUCCESS");
    final Map<String, Object> model =
        JSON.convertValue(
            created.model(),
            new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});

    assertThat(handler.invoke("READ", model, null, null).model().path("EventSources").size())
        .isEqualTo(1);
    // What a stack update that sets the key's KeyPolicy does: the whole policy is replaced.
    KMS.putKeyPolicy(r -> r.keyId(key).policyName(KmsKeys.DEFAULT_POLICY_NAME).policy(original));
    assertThat(handler.invoke("READ", model, null, null).model().path("EventSources").size())
        .isZero();

    deleteAsCloudFormationDoes(created);
  }

  @Test
  void updatesMoveTheStatementsWithTheSources() {
    final String key = LocalAws.manageableKey(KMS);
    final String original = keyPolicy(key);
    final Map<String, Object> first =
        topic("moving", key, "Manage", List.of(service("cloudwatch.amazonaws.com")));
    final LocalHandler.Event created = handler.create(first);
    assertThat(created.status()).as(created.message()).isEqualTo("SUCCESS");
    final String arn = created.model("TopicArn");
    final Map<String, Object> previous = new HashMap<>(first);
    previous.put("TopicArn", arn);
    previous.put("KmsKeyArn", key);

    final Map<String, Object> second = new HashMap<>(previous);
    second.put("EventSources", List.of(service("events.amazonaws.com")));
    assertThat(handler.update(second, previous).status()).isEqualTo("SUCCESS");
    assertThat(keyPolicy(key))
        .contains("events.amazonaws.com")
        .doesNotContain("cloudwatch.amazonaws.com");
    assertThat(SNS.getTopicAttributes(r -> r.topicArn(arn)).attributes().get("Policy"))
        .contains("events.amazonaws.com");

    final Map<String, Object> skipped = new HashMap<>(second);
    skipped.put("KeyPolicyMode", "Skip");
    assertThat(handler.update(skipped, second).status()).isEqualTo("SUCCESS");
    assertThat(PolicyEditor.equalInMeaning(keyPolicy(key), original)).isTrue();

    handler.invoke("DELETE", skipped, null, null);
  }

  @Test
  void anUpdateToAnotherKeyMovesTheStatementsAndLeavesThePreviousKeyAsItWas() {
    final String previousKey = LocalAws.manageableKey(KMS);
    final String previousOriginal = keyPolicy(previousKey);
    final String nextKey = LocalAws.manageableKey(KMS);
    final String nextOriginal = keyPolicy(nextKey);
    final Map<String, Object> first =
        topic("rekeyed", previousKey, "Manage", List.of(service("cloudwatch.amazonaws.com")));
    final LocalHandler.Event created = handler.create(first);
    assertThat(created.status()).as(created.message()).isEqualTo("SUCCESS");
    final Map<String, Object> previous = new HashMap<>(first);
    previous.put("TopicArn", created.model("TopicArn"));
    previous.put("KmsKeyArn", previousKey);
    final Map<String, Object> moved = new HashMap<>(previous);
    moved.put("KmsMasterKeyId", nextKey);
    moved.remove("KmsKeyArn");

    final LocalHandler.Event updated = handler.update(moved, previous);

    assertThat(updated.status()).as(updated.message()).isEqualTo("SUCCESS");
    assertThat(PolicyEditor.equalInMeaning(keyPolicy(previousKey), previousOriginal)).isTrue();
    final TopicArn topicArn = TopicArn.of(created.model("TopicArn"));
    assertThat(
            PolicyEditor.hasExactlyTopicStatements(
                keyPolicy(nextKey),
                topicArn,
                KeyPolicyStatements.standard()
                    .forSources(
                        topicArn, List.of(EventSource.service("cloudwatch.amazonaws.com")))))
        .isTrue();

    assertThat(deleteAsCloudFormationDoes(updated).status()).isEqualTo("SUCCESS");
    assertThat(PolicyEditor.equalInMeaning(keyPolicy(nextKey), nextOriginal)).isTrue();
  }

  @Test
  void verifyRefusesAnUngrantedSourceNamingItAndCreatesNothing() {
    final String key = LocalAws.symmetricKey(KMS);
    final List<String> before = topicArns();
    final LocalHandler.Event refused =
        handler.create(
            topic(
                "verify",
                key,
                "Verify",
                List.of(service("cloudwatch.amazonaws.com"), service("events.amazonaws.com"))));
    assertThat(refused.errorCode()).isEqualTo("InvalidRequest");
    assertThat(refused.message())
        .contains("cloudwatch.amazonaws.com")
        .contains("events.amazonaws.com")
        .contains("kms:GenerateDataKey*");
    assertThat(topicArns()).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void verifyRecognisesWildcardsAndPrincipalListsAndHonoursDeny() {
    final String key = LocalAws.symmetricKey(KMS);
    final String granting =
        KeyPolicies.rootOnlyGranting(List.of("cloudwatch.amazonaws.com", "events.amazonaws.com"));
    KMS.putKeyPolicy(r -> r.keyId(key).policyName(KmsKeys.DEFAULT_POLICY_NAME).policy(granting));
    final LocalHandler.Event created =
        handler.create(
            topic(
                "wildcards",
                key,
                "Verify",
                List.of(service("cloudwatch.amazonaws.com"), service("events.amazonaws.com"))));
    assertThat(created.status()).as(created.message()).isEqualTo("SUCCESS");
    handler.delete(created.model("TopicArn"));

    final String denying =
        KeyPolicies.with(
            granting,
            "{\"Sid\": \"NoEvents\", \"Effect\": \"Deny\", \"Principal\": {\"Service\":"
                + " \"events.amazonaws.com\"}, \"Action\": \"kms:Decrypt\", \"Resource\": \"*\"}");
    KMS.putKeyPolicy(r -> r.keyId(key).policyName(KmsKeys.DEFAULT_POLICY_NAME).policy(denying));
    final LocalHandler.Event refused =
        handler.create(topic("denied", key, "Verify", List.of(service("events.amazonaws.com"))));
    assertThat(refused.errorCode()).as(refused.message()).isEqualTo("InvalidRequest");
    assertThat(refused.message()).contains("events.amazonaws.com").contains("NoEvents");
  }

  @Test
  void aSourceThatCannotWorkWithAnEncryptedTopicIsRefusedUnlessKeyPolicyModeIsSkip() {
    final String key = LocalAws.symmetricKey(KMS);
    final String policyBefore = keyPolicy(key);
    final List<String> before = topicArns();
    for (final String mode : List.of("Verify", "Manage")) {
      final LocalHandler.Event refused =
          handler.create(
              topic(
                  "elasticache-" + mode.toLowerCase(java.util.Locale.ROOT),
                  key,
                  mode,
                  List.of(
                      service("cloudwatch.amazonaws.com"), service("elasticache.amazonaws.com"))));
      assertThat(refused.errorCode()).as(mode).isEqualTo("InvalidRequest");
      assertThat(refused.message())
          .contains("elasticache.amazonaws.com (Amazon ElastiCache event notifications)")
          .contains("https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ElastiCacheSNS.html")
          .contains("KeyPolicyMode: Skip");
    }
    assertThat(topicArns()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(keyPolicy(key)).isEqualTo(policyBefore);

    final LocalHandler.Event skipped =
        handler.create(
            topic("elasticache-skip", key, "Skip", List.of(service("elasticache.amazonaws.com"))));
    assertThat(skipped.status()).as(skipped.message()).isEqualTo("SUCCESS");
    handler.delete(skipped.model("TopicArn"));
  }

  @Test
  void theAwsManagedKeyIsRefusedForAnySource() {
    final LocalHandler.Event refused =
        handler.create(
            topic(
                "managed-key",
                "alias/aws/sns",
                "Skip",
                List.of(service("cloudwatch.amazonaws.com"))));
    assertThat(refused.errorCode()).isEqualTo("InvalidRequest");
    assertThat(refused.message()).contains("cannot be edited").contains("customer managed key");
  }

  @Test
  void topicsSharingAKeyKeepEachOthersStatements() {
    final String key = LocalAws.manageableKey(KMS);
    final LocalHandler.Event one =
        handler.create(
            topic("shared-one", key, "Manage", List.of(service("cloudwatch.amazonaws.com"))));
    final LocalHandler.Event two =
        handler.create(
            topic("shared-two", key, "Manage", List.of(service("cloudwatch.amazonaws.com"))));
    assertThat(one.status()).isEqualTo("SUCCESS");
    assertThat(two.status()).isEqualTo("SUCCESS");
    deleteAsCloudFormationDoes(one);
    final TopicArn second = TopicArn.of(two.model("TopicArn"));
    assertThat(PolicyEditor.topicStatementIds(keyPolicy(key), second)).hasSize(1);
    assertThat(PolicyEditor.topicStatementIds(keyPolicy(key), TopicArn.of(one.model("TopicArn"))))
        .isEmpty();
    deleteAsCloudFormationDoes(two);
  }

  @Test
  void concurrentManageEditsOfOneKeyLoseNothingAndLeaveNothing() throws Exception {
    final String key = LocalAws.manageableKey(KMS);
    final String original = keyPolicy(key);
    final int topics = 12;
    final ExecutorService pool = Executors.newFixedThreadPool(topics);
    try {
      final List<Future<LocalHandler.Event>> creates = new ArrayList<>();
      for (int i = 0; i < topics; i++) {
        final Map<String, Object> properties =
            topic(
                "concurrent-" + i,
                key,
                "Manage",
                List.of(service("cloudwatch.amazonaws.com"), service("events.amazonaws.com")));
        creates.add(pool.submit(() -> handler.create(properties)));
      }
      final List<String> arns = new ArrayList<>();
      for (Future<LocalHandler.Event> create : creates) {
        final LocalHandler.Event event = create.get();
        assertThat(event.status()).as(event.message()).isEqualTo("SUCCESS");
        arns.add(event.model("TopicArn"));
      }
      final String shared = keyPolicy(key);
      for (String arn : arns) {
        assertThat(PolicyEditor.topicStatementIds(shared, TopicArn.of(arn))).as(arn).hasSize(2);
      }
      assertThat(sids(shared)).hasSize(sids(original).size() + 2 * topics);

      final List<Future<LocalHandler.Event>> deletes = new ArrayList<>();
      for (String arn : arns) {
        final Map<String, Object> model = topic("unused", key, "Manage", List.of());
        model.put("TopicArn", arn);
        model.put("KmsKeyArn", key);
        deletes.add(pool.submit(() -> handler.invoke("DELETE", model, null, null)));
      }
      for (Future<LocalHandler.Event> delete : deletes) {
        assertThat(delete.get().status()).as(delete.get().message()).isEqualTo("SUCCESS");
      }
      assertThat(PolicyEditor.equalInMeaning(keyPolicy(key), original)).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }
}
