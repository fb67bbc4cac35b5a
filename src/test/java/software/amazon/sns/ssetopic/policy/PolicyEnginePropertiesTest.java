package software.amazon.sns.ssetopic.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import software.amazon.awssdk.policybuilder.iam.IamStatement;
import software.amazon.sns.ssetopic.policy.SourceEvaluation.Grant;

/**
 * The generator, the evaluator and the editor agree with each other on generated topics, source
 * sets and key policies.
 */
class PolicyEnginePropertiesTest {
  private static final KeyPolicyStatements GENERATOR = KeyPolicyStatements.standard();
  private static final KeyPolicyEvaluator EVALUATOR = KeyPolicyEvaluator.standard();

  private static final String TOPIC_ACCOUNT = "111122223333";

  /** Other topics sharing the key live here; generated sources never name it. */
  private static final String NEIGHBOUR_ACCOUNT = "444455556666";

  private static final String THIRD_ACCOUNT = "777788889999";

  // ---------------------------------------------------------------- generators

  @Provide
  Arbitrary<TopicArn> topics() {
    return Combinators.combine(
            Arbitraries.of("us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1"),
            Arbitraries.strings().withChars("abcxyz0123_-").ofMinLength(1).ofMaxLength(20),
            Arbitraries.of("", ".fifo"))
        .as(
            (region, name, suffix) ->
                TopicArn.of(
                    "arn:"
                        + (region.startsWith("cn-") ? "aws-cn" : "aws")
                        + ":sns:"
                        + region
                        + ":"
                        + TOPIC_ACCOUNT
                        + ":"
                        + name
                        + suffix));
  }

  private static Arbitrary<String> servicePrincipals() {
    final List<String> catalogued =
        EventSourceCatalog.standard().all().stream()
            .map(EventSourceProfile::principal)
            .filter(principal -> principal != null)
            .toList();
    final Arbitrary<String> unknown =
        Arbitraries.strings()
            .withChars("abcdefghijklmnopqrstuvwxyz0123456789-")
            .ofMinLength(2)
            .ofMaxLength(15)
            .map(name -> "x" + name + ".amazonaws.com");
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, Arbitraries.of(catalogued)), net.jqwik.api.Tuple.of(1, unknown));
  }

  private static Arbitrary<EventSource> serviceSources() {
    final Arbitrary<String> sourceArn =
        Arbitraries.of(
            "arn:aws:s3:::bucket-a",
            "arn:aws:cloudwatch:us-east-1:" + TOPIC_ACCOUNT + ":alarm:*",
            "arn:aws:cloudwatch:us-east-1:" + THIRD_ACCOUNT + ":alarm:cpu",
            "arn:aws:events:eu-west-1:" + TOPIC_ACCOUNT + ":rule/findings",
            "arn:aws:budgets::" + TOPIC_ACCOUNT + ":*");
    final Arbitrary<String> sourceAccount = Arbitraries.of(TOPIC_ACCOUNT, THIRD_ACCOUNT);
    return Combinators.combine(
            servicePrincipals(), sourceArn.injectNull(0.5), sourceAccount.injectNull(0.6))
        .as(
            (principal, arn, account) -> {
              EventSource source = EventSource.service(principal);
              if (arn != null) {
                source = source.withSourceArn(arn);
              }
              // Keep SourceAccount consistent with the account in SourceArn.
              if (account != null
                  && (arn == null || !arn.contains(":" + otherThan(account) + ":"))) {
                source = source.withSourceAccount(account);
              }
              return source;
            });
  }

  private static String otherThan(final String account) {
    return account.equals(TOPIC_ACCOUNT) ? THIRD_ACCOUNT : TOPIC_ACCOUNT;
  }

  private static Arbitrary<EventSource> roleSources() {
    final Arbitrary<String> account = Arbitraries.of(TOPIC_ACCOUNT, THIRD_ACCOUNT);
    final Arbitrary<String> path =
        Arbitraries.of(
            "aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
            "aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder",
            "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
            "service-role/pipeline-approvals",
            "iot-sns-publisher",
            "beanstalk/env-service-role");
    return Combinators.combine(account, path)
        .as((acct, rolePath) -> EventSource.role("arn:aws:iam::" + acct + ":role/" + rolePath));
  }

  /** Any source, service or role. */
  @Provide
  Arbitrary<List<EventSource>> sourceSets() {
    return Arbitraries.oneOf(serviceSources(), roleSources()).list().ofMinSize(1).ofMaxSize(6);
  }

  /** Sources with pairwise distinct principals: no source's statement can grant another. */
  @Provide
  Arbitrary<List<EventSource>> distinctSourceSets() {
    return sourceSets().map(PolicyEnginePropertiesTest::distinctPrincipals);
  }

  private static List<EventSource> distinctPrincipals(final List<EventSource> sources) {
    return new ArrayList<>(
        sources.stream()
            .collect(
                Collectors.toMap(
                    EventSource::principal,
                    source -> source,
                    (first, second) -> first,
                    java.util.LinkedHashMap::new))
            .values());
  }

  /**
   * Key policies as found in accounts: the root statement, maybe key administrators, a TLS-only
   * Deny that cannot touch SNS's calls, statements of neighbouring topics (another account), in a
   * list or, for one statement, as a lone object.
   */
  @Provide
  Arbitrary<String> basePolicies() {
    final Arbitrary<List<String>> extras =
        Arbitraries.of(
                """
                {"Sid": "Allow administration of the key", "Effect": "Allow",
                 "Principal": {"AWS": "arn:aws:iam::111122223333:role/KeyAdmins"},
                 "Action": ["kms:Create*", "kms:Describe*", "kms:Put*", "kms:ScheduleKeyDeletion"],
                 "Resource": "*"}
                """,
                """
                {"Effect": "Deny", "Principal": "*", "Action": "kms:ScheduleKeyDeletion",
                 "Resource": "*",
                 "Condition": {"NumericLessThan":
                               {"kms:ScheduleKeyDeletionPendingWindowInDays": 30}}}
                """,
                """
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
                 "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": "*",
                 "x-note": [1, true, null]}
                """,
                neighbourStatement(EventSource.service("cloudwatch.amazonaws.com")),
                neighbourStatement(EventSource.service("events.amazonaws.com")),
                neighbourStatement(
                    EventSource.role(
                        "arn:aws:iam::444455556666:role/aws-service-role/autoscaling.amazonaws.com/"
                            + "AWSServiceRoleForAutoScaling")))
            .list()
            .uniqueElements()
            .ofMaxSize(6);
    return Combinators.combine(extras, Arbitraries.of(true, false))
        .as(
            (statements, withRoot) -> {
              final ObjectNode policy =
                  Fixtures.JSON.createObjectNode().put("Version", "2012-10-17");
              final ArrayNode list = Fixtures.JSON.createArrayNode();
              if (withRoot) {
                list.add(Fixtures.tree(Fixtures.DEFAULT_KEY_POLICY).get("Statement").get(0));
              }
              statements.forEach(statement -> list.add(Fixtures.tree(statement)));
              policy.set("Statement", list.size() == 1 ? list.get(0) : list);
              return policy.toString();
            });
  }

  private static String neighbourStatement(final EventSource source) {
    final TopicArn neighbour = TopicArn.of("arn:aws:sns:us-east-1:" + NEIGHBOUR_ACCOUNT + ":other");
    return PolicyJson.statementJson(GENERATOR.forSource(neighbour, source));
  }

  // ---------------------------------------------------------------- helpers

  private static List<IamStatement> mine(final TopicArn topic, final List<EventSource> sources) {
    return GENERATOR.forSources(topic, sources);
  }

  private static List<String> foreignStatements(final String policy, final TopicArn topic) {
    final List<String> kept = new ArrayList<>();
    for (final JsonNode statement : PolicyJson.statements(PolicyJson.readPolicy(policy))) {
      final JsonNode sid = statement.get("Sid");
      if (sid == null || !StatementIds.isOwnedBy(sid.asText(), topic)) {
        kept.add(PolicyJson.write(statement));
      }
    }
    return kept;
  }

  // ---------------------------------------------------------------- properties

  @Property(tries = 300)
  void theEvaluatorGrantsEverySourceTheGeneratedStatements(
      @ForAll("topics") final TopicArn topic,
      @ForAll("sourceSets") final List<EventSource> sources,
      @ForAll("basePolicies") final String base) {
    final String policy = KeyPolicyEditor.withTopicStatements(base, topic, mine(topic, sources));
    final KeyPolicyEvaluation evaluation = EVALUATOR.evaluate(policy, topic, sources);
    assertThat(evaluation.allGranted()).as(evaluation.failureMessage()).isTrue();
  }

  @Property(tries = 300)
  void removingOneStatementUngrantsExactlyThatSource(
      @ForAll("topics") final TopicArn topic,
      @ForAll("distinctSourceSets") final List<EventSource> sources,
      @ForAll("basePolicies") final String base) {
    for (int removed = 0; removed < sources.size(); removed++) {
      final List<IamStatement> statements = new ArrayList<>(mine(topic, sources));
      statements.remove(removed);
      final String policy = KeyPolicyEditor.withTopicStatements(base, topic, statements);
      final List<SourceEvaluation> results = EVALUATOR.evaluate(policy, topic, sources).sources();
      for (int i = 0; i < sources.size(); i++) {
        assertThat(results.get(i).granted())
            .as("source %s with statement %d removed: %s", sources.get(i), removed, results.get(i))
            .isEqualTo(i != removed);
      }
      assertThat(results.get(removed).statementToAdd())
          .contains(PolicyJson.statementJson(GENERATOR.forSource(topic, sources.get(removed))));
    }
  }

  @Property(tries = 300)
  void anExplicitDenyBlocksExactlyItsPrincipal(
      @ForAll("topics") final TopicArn topic,
      @ForAll("distinctSourceSets") final List<EventSource> sources,
      @ForAll("basePolicies") final String base,
      @ForAll("denyIndexes") final int pick,
      @ForAll("deniedActions") final String action) {
    final int denied = pick % sources.size();
    final EventSource target = sources.get(denied);
    final ObjectNode deny =
        Fixtures.JSON.createObjectNode().put("Sid", "DenyIt").put("Effect", "Deny");
    deny.putObject("Principal").put(target.isRole() ? "AWS" : "Service", target.principal());
    deny.put("Action", action).put("Resource", "*");
    final ObjectNode policy =
        (ObjectNode)
            Fixtures.tree(KeyPolicyEditor.withTopicStatements(base, topic, mine(topic, sources)));
    ((ArrayNode) policy.get("Statement")).insert(0, deny);
    final List<SourceEvaluation> results =
        EVALUATOR.evaluate(policy.toString(), topic, sources).sources();
    for (int i = 0; i < sources.size(); i++) {
      assertThat(results.get(i).grant())
          .as("%s", results.get(i))
          .isEqualTo(i == denied ? Grant.NOT_GRANTED : Grant.GRANTED);
    }
    assertThat(results.get(denied).reason()).contains("statement 'DenyIt' explicitly denies");
  }

  @Provide
  Arbitrary<Integer> denyIndexes() {
    return Arbitraries.integers().between(0, 100);
  }

  @Provide
  Arbitrary<String> deniedActions() {
    return Arbitraries.of(
        "kms:Decrypt", "kms:GenerateDataKey*", "kms:*", "*", "KMS:GENERATEDATAKEY");
  }

  @Property(tries = 300)
  void addThenRemoveRestoresThePolicyInMeaning(
      @ForAll("topics") final TopicArn topic,
      @ForAll("sourceSets") final List<EventSource> sources,
      @ForAll("basePolicies") final String base) {
    final String added = KeyPolicyEditor.withTopicStatements(base, topic, mine(topic, sources));
    final String removed = KeyPolicyEditor.withoutTopicStatements(added, topic);
    assertThat(KeyPolicyEditor.equalInMeaning(removed, base)).isTrue();
    assertThat(KeyPolicyEditor.topicStatementIds(removed, topic)).isEmpty();
  }

  @Property(tries = 300)
  void editsNeverTouchOtherStatements(
      @ForAll("topics") final TopicArn topic,
      @ForAll("sourceSets") final List<EventSource> first,
      @ForAll("sourceSets") final List<EventSource> second,
      @ForAll("basePolicies") final String base) {
    final List<String> before = foreignStatements(base, topic);
    final String added = KeyPolicyEditor.withTopicStatements(base, topic, mine(topic, first));
    assertThat(foreignStatements(added, topic)).isEqualTo(before);
    final String updated = KeyPolicyEditor.withTopicStatements(added, topic, mine(topic, second));
    assertThat(foreignStatements(updated, topic)).isEqualTo(before);
    assertThat(KeyPolicyEditor.hasExactlyTopicStatements(updated, topic, mine(topic, second)))
        .isTrue();
    assertThat(foreignStatements(KeyPolicyEditor.withoutTopicStatements(updated, topic), topic))
        .isEqualTo(before);
  }

  @Property(tries = 200)
  void topicsSharingAKeyKeepEachOthersStatements(
      @ForAll("topics") final TopicArn topic,
      @ForAll("topics") final TopicArn neighbour,
      @ForAll("sourceSets") final List<EventSource> mineSources,
      @ForAll("sourceSets") final List<EventSource> theirSources,
      @ForAll("basePolicies") final String base) {
    if (topic.equals(neighbour)) {
      return;
    }
    final String theirs =
        KeyPolicyEditor.withTopicStatements(base, neighbour, mine(neighbour, theirSources));
    final String both =
        KeyPolicyEditor.withTopicStatements(theirs, topic, mine(topic, mineSources));
    assertThat(
            KeyPolicyEditor.hasExactlyTopicStatements(
                both, neighbour, mine(neighbour, theirSources)))
        .isTrue();
    assertThat(EVALUATOR.evaluate(both, neighbour, theirSources).allGranted()).isTrue();
    assertThat(KeyPolicyEditor.withoutTopicStatements(both, topic)).isEqualTo(theirs);
  }
}
