package software.amazon.sns.ssetopic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.sns.ssetopic.fixtures.KeyPolicies;
import software.amazon.sns.ssetopic.fixtures.TestAccounts;
import software.amazon.sns.ssetopic.policy.EventSource;
import software.amazon.sns.ssetopic.policy.KeyPolicyEvaluator;
import software.amazon.sns.ssetopic.policy.KeyPolicyStatements;
import software.amazon.sns.ssetopic.policy.PolicyEditor;
import software.amazon.sns.ssetopic.policy.TopicArn;
import software.amazon.sns.ssetopic.policy.TopicPolicyEvaluator;
import software.amazon.sns.ssetopic.policy.TopicScope;

/** key-policy, topic-policy and publisher-policy in process: what they print, exit codes. */
class PolicyCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String ACCOUNT = TestAccounts.ACCOUNT;
  static final String KEY =
      "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
  static final String TOPIC = "arn:aws:sns:us-east-1:" + ACCOUNT + ":orders";
  static final String ROOT_ONLY = KeyPolicies.rootOnly();
  private static final List<EventSource> SOURCES =
      List.of(
          EventSource.service("cloudwatch.amazonaws.com"),
          EventSource.service("events.amazonaws.com"));

  private static JsonNode json(final CliRun run) throws Exception {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.err()).isEmpty();
    return JSON.readTree(run.out());
  }

  @Test
  void keyPolicyForOneTopicIsWhatVerifyAccepts() throws Exception {
    final JsonNode answer =
        json(
            CliRun.of(
                "key-policy",
                "--key-arn",
                KEY,
                "--topic-arn",
                TOPIC,
                "--service-principal",
                "cloudwatch.amazonaws.com",
                "--service-principal",
                "events.amazonaws.com",
                "--format",
                "json"));
    assertThat(answer.path("scope").asText()).isEqualTo("topic " + TOPIC);
    assertThat(answer.path("policy").isNull()).isTrue();
    final String printed =
        JSON.writeValueAsString(
            JSON.createObjectNode()
                .put("Version", "2012-10-17")
                .set("Statement", answer.path("statements")));
    final String engine =
        IamPolicy.builder()
            .statements(
                KeyPolicyStatements.standard().toPaste(TopicScope.of(TopicArn.of(TOPIC)), SOURCES))
            .build()
            .toJson();
    assertThat(PolicyEditor.equalInMeaning(printed, engine)).isTrue();
    final String merged = PolicyEditor.withStatements(ROOT_ONLY, List.of(), 100_000, "key policy");
    assertThat(
            KeyPolicyEvaluator.standard()
                .evaluate(
                    PolicyEditor.withoutTopicStatements(
                        mergeInto(merged, answer.path("statements")), TopicArn.of(TOPIC)),
                    TopicArn.of(TOPIC),
                    KEY,
                    SOURCES)
                .allGranted())
        .isTrue();
  }

  private static String mergeInto(final String policy, final JsonNode statements) throws Exception {
    final com.fasterxml.jackson.databind.node.ObjectNode tree =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(policy);
    statements.forEach(
        ((com.fasterxml.jackson.databind.node.ArrayNode) tree.get("Statement"))::add);
    return tree.toString();
  }

  @Test
  void keyPolicyWithoutATopicServesTheAccountsTopicsInTheKeysRegion() throws Exception {
    final CliRun run =
        CliRun.of("key-policy", "--key-arn", KEY, "--service-principal", "events.amazonaws.com");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.err())
        .contains("for every topic of account 123456789012 in us-east-1.")
        .contains("Pass --topic-arn to narrow them");
    // Standard output is the statement list alone, ready for a file.
    assertThat(JSON.readTree(run.out()).isArray()).isTrue();
    assertThat(run.out())
        .startsWith("[")
        .contains("\"StringLike\": {")
        .contains(
            "\"kms:EncryptionContext:aws:sns:topicArn\": \"arn:aws:sns:us-east-1:123456789012:*\"")
        .contains("\"Sid\": \"SSETopicKit");
  }

  @Test
  void keyPolicyMergesIntoAPolicyFileKeepingItsStatements(@TempDir final Path dir)
      throws Exception {
    final Path file = dir.resolve("policy.json");
    Files.writeString(file, ROOT_ONLY);
    final String[] args = {
      "key-policy",
      "--key-arn",
      KEY,
      "--topic-arn",
      TOPIC,
      "--service-principal",
      "cloudwatch.amazonaws.com",
      "--service-principal",
      "events.amazonaws.com",
      "--merge-into",
      file.toString()
    };
    final CliRun text = CliRun.of(args);
    assertThat(text.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(text.err())
        .contains("the policy from " + file + " with them merged in")
        .contains("aws kms put-key-policy --key-id " + KEY);
    // Standard output is the merged policy alone: what put-key-policy takes.
    final JsonNode printed = JSON.readTree(text.out());
    assertThat(printed.path("Statement")).hasSize(3);
    assertThat(text.out()).contains("\"Sid\": \"Enable IAM User Permissions\"");

    final List<String> withJson = new java.util.ArrayList<>(List.of(args));
    withJson.addAll(List.of("--format", "json"));
    final JsonNode policy = json(CliRun.of(withJson.toArray(String[]::new))).path("policy");
    assertThat(policy).isEqualTo(printed);
    assertThat(policy.path("Id").asText()).isEqualTo("key-default-1");
    assertThat(policy.path("Statement")).hasSize(3);
    assertThat(
            KeyPolicyEvaluator.standard()
                .evaluate(policy.toString(), TopicArn.of(TOPIC), KEY, SOURCES)
                .allGranted())
        .isTrue();

    // Merging the result again changes nothing: the Sids are found and replaced.
    Files.writeString(file, policy.toString());
    final JsonNode again = json(CliRun.of(withJson.toArray(String[]::new))).path("policy");
    assertThat(again).isEqualTo(policy);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--key-arn alias/orders --service-principal events.amazonaws.com"
            + " | 'alias/orders' is an alias",
        "--key-arn 1234abcd-12ab-34cd-56ef-1234567890ab --service-principal events.amazonaws.com"
            + " | is a key ID",
        "--key-arn nonsense --service-principal events.amazonaws.com | is not a KMS key ARN",
        "--key-arn " + KEY + " | name the sources that publish",
        "--key-arn " + KEY + " --service-principal cloudwatch | is not a service principal",
        "--key-arn " + KEY + " --role-arn arn:aws:iam::1:role/x | is not an IAM role ARN",
        "--key-arn "
            + KEY
            + " --role-arn arn:aws:iam::123456789012:role/x --source-arn"
            + " arn:aws:s3:::b | narrow service principals",
        "--key-arn "
            + KEY
            + " --service-principal s3.amazonaws.com --source-account 12"
            + " | not a 12-digit AWS account ID",
        "--key-arn "
            + KEY
            + " --topic-arn arn:aws:sns:eu-west-1:123456789012:orders"
            + " --service-principal events.amazonaws.com | KMS keys are regional",
        "--key-arn "
            + KEY
            + " --topic-arn orders --service-principal events.amazonaws.com"
            + " | is not an SNS topic ARN",
        "--key-arn "
            + KEY
            + " --service-principal events.amazonaws.com --merge-into"
            + " /nonexistent/policy.json | no such file",
      })
  void keyPolicyRefusesBadInputInOneLine(final String args, final String message) {
    final List<String> command = new java.util.ArrayList<>(List.of("key-policy"));
    command.addAll(List.of(args.split(" ")));
    final CliRun run = CliRun.of(command.toArray(String[]::new));
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("ssetopic key-policy: ").contains(message);
    assertThat(run.err().lines()).hasSize(1);
  }

  @Test
  void keyPolicyRefusesAPolicyFileThatIsNotAPolicy(@TempDir final Path dir) throws Exception {
    final Path file = dir.resolve("policy.json");
    Files.writeString(file, "[1, 2]");
    final CliRun run =
        CliRun.of(
            "key-policy",
            "--key-arn",
            KEY,
            "--service-principal",
            "events.amazonaws.com",
            "--merge-into",
            file.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err())
        .contains("--merge-into '" + file + "': the policy document is not a JSON object");
    final CliRun directory =
        CliRun.of(
            "key-policy",
            "--key-arn",
            KEY,
            "--service-principal",
            "events.amazonaws.com",
            "--merge-into",
            dir.toString());
    assertThat(directory.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(directory.err()).contains("cannot be read");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{} | it has no Statement list, so it is not a key policy",
        "{\"Statement\": []} | it has no Statement list",
        "{\"Statement\": [1]} | which is not a statement object",
        "{\"Statement\": [{\"Effect\": \"Allow\"}]} | its Version is missing",
        "{\"Version\": \"2020-01-01\", \"Statement\": [{}]} | its Version is '2020-01-01'",
        "{\"Policy\": 3} | its Policy field is not a string",
      })
  void keyPolicyRefusesAMergeTargetThatIsNotAKeyPolicy(
      final String content, final String message, @TempDir final Path dir) throws Exception {
    final Path file = dir.resolve("policy.json");
    Files.writeString(file, content);
    final CliRun run =
        CliRun.of(
            "key-policy",
            "--key-arn",
            KEY,
            "--service-principal",
            "events.amazonaws.com",
            "--merge-into",
            file.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("--merge-into '" + file + "': ").contains(message);
    assertThat(run.err().lines()).hasSize(1);
  }

  @Test
  void keyPolicyTakesTheGetKeyPolicyResponseAsItIs(@TempDir final Path dir) throws Exception {
    final Path file = dir.resolve("response.json");
    Files.writeString(
        file,
        JSON.writeValueAsString(
            JSON.createObjectNode().put("Policy", ROOT_ONLY).put("PolicyName", "default")));
    final CliRun run =
        CliRun.of(
            "key-policy",
            "--key-arn",
            KEY,
            "--service-principal",
            "events.amazonaws.com",
            "--merge-into",
            file.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    final JsonNode policy = JSON.readTree(run.out());
    assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
    assertThat(policy.path("Id").asText()).isEqualTo("key-default-1");
    assertThat(policy.path("Statement")).hasSize(2);
    assertThat(policy.has("Policy")).isFalse();
  }

  @Test
  void topicPolicyGrantsWhatTheSourcesNeed() throws Exception {
    final CliRun text =
        CliRun.of(
            "topic-policy",
            "--topic-arn",
            TOPIC,
            "--service-principal",
            "events.amazonaws.com",
            "--role-arn",
            "arn:aws:iam::123456789012:role/publisher");
    assertThat(text.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(text.err())
        .contains("events.amazonaws.com: sns:Publish granted")
        .contains("arn:aws:iam::123456789012:role/publisher: no grant")
        .contains("aws sns set-topic-attributes --topic-arn " + TOPIC);
    assertThat(JSON.readTree(text.out()).path("Statement")).hasSize(2);

    final JsonNode answer =
        json(
            CliRun.of(
                "topic-policy",
                "--topic-arn",
                TOPIC,
                "--service-principal",
                "s3.amazonaws.com",
                "--source-arn",
                "arn:aws:s3:::orders-uploads",
                "--format",
                "json"));
    final List<EventSource> s3 =
        List.of(
            EventSource.service("s3.amazonaws.com").withSourceArn("arn:aws:s3:::orders-uploads"));
    assertThat(
            TopicPolicyEvaluator.standard()
                .evaluate(answer.path("policy").toString(), TopicArn.of(TOPIC), s3))
        .allMatch(result -> result.granted());
    assertThat(answer.path("sources").get(0).path("granted").asBoolean()).isTrue();

    final CliRun none = CliRun.of("topic-policy", "--topic-arn", TOPIC);
    assertThat(none.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
  }

  @Test
  void publisherPolicyIsTheGuidesPolicy() throws Exception {
    final JsonNode answer =
        json(
            CliRun.of(
                "publisher-policy", "--key-arn", KEY, "--topic-arn", TOPIC, "--format", "json"));
    final String guide =
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\":"
            + " [\"kms:GenerateDataKey*\", \"kms:Decrypt\"], \"Resource\": \""
            + KEY
            + "\"}, {\"Effect\": \"Allow\", \"Action\": [\"sns:Publish\"], \"Resource\": \""
            + TOPIC
            + "\"}]}";
    assertThat(PolicyEditor.equalInMeaning(answer.path("policy").toString(), guide)).isTrue();
    final CliRun text = CliRun.of("publisher-policy", "--key-arn", KEY, "--topic-arn", TOPIC);
    assertThat(text.err()).startsWith("IAM policy for a role or user that publishes to " + TOPIC);
    // What aws iam put-role-policy --policy-document file://policy.json takes.
    assertThat(PolicyEditor.equalInMeaning(text.out(), guide)).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "alias/orders | 'alias/orders' is an alias, but policies must name the key ARN",
        "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
            + " | KMS keys are regional",
      })
  void publisherPolicyRefusesAliasesWithTheReason(final String key, final String message) {
    final CliRun run = CliRun.of("publisher-policy", "--key-arn", key, "--topic-arn", TOPIC);
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("ssetopic publisher-policy: --key-arn ").contains(message);
  }
}
