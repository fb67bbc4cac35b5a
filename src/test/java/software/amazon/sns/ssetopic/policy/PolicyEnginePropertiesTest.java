package software.amazon.sns.ssetopic.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.policybuilder.iam.IamStatement;
import software.amazon.sns.ssetopic.fixtures.TestAccounts;
import software.amazon.sns.ssetopic.policy.SourceEvaluation.Grant;

/**
 * The generator, the evaluator and the editor agree with each other on generated topics, source
 * sets and key policies.
 */
class PolicyEnginePropertiesTest {
  private static final KeyPolicyStatements GENERATOR = KeyPolicyStatements.standard();
  private static final KeyPolicyEvaluator EVALUATOR = KeyPolicyEvaluator.standard();

  private static final String TOPIC_ACCOUNT = TestAccounts.ACCOUNT;

  /** Other topics sharing the key live here; generated sources never name it. */
  private static final String NEIGHBOUR_ACCOUNT = TestAccounts.OTHER_ACCOUNT;

  private static final String THIRD_ACCOUNT = "777788889999";

  // ---------------------------------------------------------------- generators

  /**
   * Every property runs over the same fixed seeds: a failure names its seed, and the same seed
   * reproduces it. Plain JUnit: no property-testing library needed for generators this small.
   */
  static LongStream seeds() {
    return LongStream.rangeClosed(1, 300);
  }

  /** Draws samples from one seed. */
  static final class Samples {
    private final Random random;

    Samples(final long seed) {
      this.random = new Random(seed);
    }

    boolean chance(final double probability) {
      return random.nextDouble() < probability;
    }

    int between(final int min, final int max) {
      return min + random.nextInt(max - min + 1);
    }

    @SafeVarargs
    final <T> T oneOf(final T... values) {
      return values[random.nextInt(values.length)];
    }

    <T> T oneOf(final List<T> values) {
      return values.get(random.nextInt(values.size()));
    }

    String string(final String chars, final int min, final int max) {
      final StringBuilder text = new StringBuilder();
      final int length = between(min, max);
      for (int i = 0; i < length; i++) {
        text.append(chars.charAt(random.nextInt(chars.length())));
      }
      return text.toString();
    }

    TopicArn topic() {
      final String region = oneOf("us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1");
      return TopicArn.of(
          "arn:"
              + (region.startsWith("cn-") ? "aws-cn" : "aws")
              + ":sns:"
              + region
              + ":"
              + TOPIC_ACCOUNT
              + ":"
              + string("abcxyz0123_-", 1, 20)
              + oneOf("", ".fifo"));
    }

    String servicePrincipal() {
      if (chance(0.8)) {
        return oneOf(CATALOGUED_PRINCIPALS);
      }
      return "x" + string("abcdefghijklmnopqrstuvwxyz0123456789-", 2, 15) + ".amazonaws.com";
    }

    EventSource serviceSource() {
      final String arn =
          chance(0.5)
              ? null
              : oneOf(
                  "arn:aws:s3:::bucket-a",
                  "arn:aws:cloudwatch:us-east-1:" + TOPIC_ACCOUNT + ":alarm:*",
                  "arn:aws:cloudwatch:us-east-1:" + THIRD_ACCOUNT + ":alarm:cpu",
                  "arn:aws:events:eu-west-1:" + TOPIC_ACCOUNT + ":rule/findings",
                  "arn:aws:budgets::" + TOPIC_ACCOUNT + ":*");
      final String account = chance(0.6) ? null : oneOf(TOPIC_ACCOUNT, THIRD_ACCOUNT);
      EventSource source = EventSource.service(servicePrincipal());
      if (arn != null) {
        source = source.withSourceArn(arn);
      }
      // Keep SourceAccount consistent with the account in SourceArn.
      if (account != null && (arn == null || !arn.contains(":" + otherThan(account) + ":"))) {
        source = source.withSourceAccount(account);
      }
      return source;
    }

    EventSource roleSource() {
      final String path =
          oneOf(
              "aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
              "aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder",
              "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
              "service-role/pipeline-approvals",
              "iot-sns-publisher",
              "beanstalk/env-service-role");
      return EventSource.role(
          "arn:aws:iam::" + oneOf(TOPIC_ACCOUNT, THIRD_ACCOUNT) + ":role/" + path);
    }

    /** Any sources, service or role, one to six. */
    List<EventSource> sources() {
      final List<EventSource> sources = new ArrayList<>();
      final int count = between(1, 6);
      for (int i = 0; i < count; i++) {
        sources.add(chance(0.5) ? serviceSource() : roleSource());
      }
      return sources;
    }

    /** Sources with pairwise distinct principals: no source's statement can grant another. */
    List<EventSource> distinctSources() {
      return new ArrayList<>(
          sources().stream()
              .collect(
                  Collectors.toMap(
                      EventSource::principal,
                      source -> source,
                      (first, second) -> first,
                      java.util.LinkedHashMap::new))
              .values());
    }

    /**
     * Key policies as found in accounts: the root statement, maybe key administrators, a Deny that
     * cannot touch SNS's calls, statements of neighbouring topics (another account), in a list or,
     * for one statement, as a lone object.
     */
    String basePolicy() {
      final List<String> extras = new ArrayList<>(EXTRA_STATEMENTS);
      java.util.Collections.shuffle(extras, random);
      final List<String> statements = extras.subList(0, between(0, extras.size()));
      final ObjectNode policy = Fixtures.JSON.createObjectNode().put("Version", "2012-10-17");
      final ArrayNode list = Fixtures.JSON.createArrayNode();
      if (chance(0.5)) {
        list.add(Fixtures.tree(Fixtures.DEFAULT_KEY_POLICY).get("Statement").get(0));
      }
      statements.forEach(statement -> list.add(Fixtures.tree(statement)));
      policy.set("Statement", list.size() == 1 ? list.get(0) : list);
      return policy.toString();
    }
  }

  private static final List<String> CATALOGUED_PRINCIPALS =
      EventSourceCatalog.standard().all().stream()
          .map(EventSourceProfile::principal)
          .filter(principal -> principal != null)
          .toList();

  private static final List<String> EXTRA_STATEMENTS =
      List.of(
          """
          {"Sid": "Allow administration of the key", "Effect": "Allow",
           "Principal": {"AWS": "arn:aws:iam::123456789012:role/KeyAdmins"},
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
                      + "AWSServiceRoleForAutoScaling")));

  private static String otherThan(final String account) {
    return account.equals(TOPIC_ACCOUNT) ? THIRD_ACCOUNT : TOPIC_ACCOUNT;
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

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theEvaluatorGrantsEverySourceTheGeneratedStatements(final long seed) {
    final Samples samples = new Samples(seed);
    final TopicArn topic = samples.topic();
    final List<EventSource> sources = samples.sources();
    final String base = samples.basePolicy();
    final String policy = PolicyEditor.withTopicStatements(base, topic, mine(topic, sources));
    final KeyPolicyEvaluation evaluation = EVALUATOR.evaluate(policy, topic, sources);
    assertThat(evaluation.allGranted()).as(evaluation.failureMessage()).isTrue();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void removingOneStatementUngrantsExactlyThatSource(final long seed) {
    final Samples samples = new Samples(seed);
    final TopicArn topic = samples.topic();
    final List<EventSource> sources = samples.distinctSources();
    final String base = samples.basePolicy();
    for (int removed = 0; removed < sources.size(); removed++) {
      final List<IamStatement> statements = new ArrayList<>(mine(topic, sources));
      statements.remove(removed);
      final String policy = PolicyEditor.withTopicStatements(base, topic, statements);
      final List<SourceEvaluation> results = EVALUATOR.evaluate(policy, topic, sources).sources();
      for (int i = 0; i < sources.size(); i++) {
        assertThat(results.get(i).granted())
            .as("source %s with statement %d removed: %s", sources.get(i), removed, results.get(i))
            .isEqualTo(i != removed);
      }
      assertThat(results.get(removed).statementToAdd())
          .contains(
              PolicyJson.statementJson(
                  GENERATOR.toPaste(TopicScope.of(topic), sources.get(removed))));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void anExplicitDenyBlocksExactlyItsPrincipal(final long seed) {
    final Samples samples = new Samples(seed);
    final TopicArn topic = samples.topic();
    final List<EventSource> sources = samples.distinctSources();
    final String base = samples.basePolicy();
    final String action =
        samples.oneOf("kms:Decrypt", "kms:GenerateDataKey*", "kms:*", "*", "KMS:GENERATEDATAKEY");
    final int denied = samples.between(0, sources.size() - 1);
    final EventSource target = sources.get(denied);
    final ObjectNode deny =
        Fixtures.JSON.createObjectNode().put("Sid", "DenyIt").put("Effect", "Deny");
    deny.putObject("Principal").put(target.isRole() ? "AWS" : "Service", target.principal());
    deny.put("Action", action).put("Resource", "*");
    final ObjectNode policy =
        (ObjectNode)
            Fixtures.tree(PolicyEditor.withTopicStatements(base, topic, mine(topic, sources)));
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

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void addThenRemoveRestoresThePolicyInMeaning(final long seed) {
    final Samples samples = new Samples(seed);
    final TopicArn topic = samples.topic();
    final List<EventSource> sources = samples.sources();
    final String base = samples.basePolicy();
    final String added = PolicyEditor.withTopicStatements(base, topic, mine(topic, sources));
    final String removed = PolicyEditor.withoutTopicStatements(added, topic);
    assertThat(PolicyEditor.equalInMeaning(removed, base)).isTrue();
    assertThat(PolicyEditor.topicStatementIds(removed, topic)).isEmpty();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void editsNeverTouchOtherStatements(final long seed) {
    final Samples samples = new Samples(seed);
    final TopicArn topic = samples.topic();
    final List<EventSource> first = samples.sources();
    final List<EventSource> second = samples.sources();
    final String base = samples.basePolicy();
    final List<String> before = foreignStatements(base, topic);
    final String added = PolicyEditor.withTopicStatements(base, topic, mine(topic, first));
    assertThat(foreignStatements(added, topic)).isEqualTo(before);
    final String updated = PolicyEditor.withTopicStatements(added, topic, mine(topic, second));
    assertThat(foreignStatements(updated, topic)).isEqualTo(before);
    assertThat(PolicyEditor.hasExactlyTopicStatements(updated, topic, mine(topic, second)))
        .isTrue();
    assertThat(foreignStatements(PolicyEditor.withoutTopicStatements(updated, topic), topic))
        .isEqualTo(before);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void topicsSharingAKeyKeepEachOthersStatements(final long seed) {
    final Samples samples = new Samples(seed);
    final TopicArn topic = samples.topic();
    final TopicArn neighbour = samples.topic();
    final List<EventSource> mineSources = samples.sources();
    final List<EventSource> theirSources = samples.sources();
    final String base = samples.basePolicy();
    if (topic.equals(neighbour)) {
      return;
    }
    final String theirs =
        PolicyEditor.withTopicStatements(base, neighbour, mine(neighbour, theirSources));
    final String both = PolicyEditor.withTopicStatements(theirs, topic, mine(topic, mineSources));
    assertThat(
            PolicyEditor.hasExactlyTopicStatements(both, neighbour, mine(neighbour, theirSources)))
        .isTrue();
    assertThat(EVALUATOR.evaluate(both, neighbour, theirSources).allGranted()).isTrue();
    assertThat(PolicyEditor.withoutTopicStatements(both, topic)).isEqualTo(theirs);
  }
}
