package software.amazon.sns.ssetopic.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.sns.ssetopic.aws.KmsKeys;

/**
 * {@code ssetopic diagnose} on the local AWS, as a process: each broken setup the issue names is
 * found with its fix and exit code 3, and a correct setup passes with exit code 0. Each test makes
 * its own keys and topics with the SDK.
 */
class DiagnoseIT {
  private static final SnsClient SNS = LocalAws.sns();
  private static final KmsClient KMS = LocalAws.kms(LocalHandler.REGION);
  private static final String ALARMS = "cloudwatch.amazonaws.com";
  private static final String EVENTS = "events.amazonaws.com";

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void theCliIsBuilt() {
    Ssetopic.requireTheJar();
  }

  @AfterAll
  static void close() {
    SNS.close();
    KMS.close();
  }

  private String topic(final String name, final String keyId) {
    return SNS.createTopic(
            r -> r.name(name + "-" + suffix).attributes(Map.of("KmsMasterKeyId", keyId)))
        .topicArn();
  }

  static String keyPolicy(final String key) {
    return KMS.getKeyPolicy(r -> r.keyId(key).policyName(KmsKeys.DEFAULT_POLICY_NAME)).policy();
  }

  /** What a user does: save the key's policy, merge ssetopic's statements in, put it back. */
  static void grantWithTheCli(final Path dir, final String key, final String... sources)
      throws Exception {
    final Path file = dir.resolve("policy-" + UUID.randomUUID() + ".json");
    Files.writeString(file, keyPolicy(key));
    final List<String> args =
        new ArrayList<>(
            List.of(
                "key-policy",
                "--key-arn",
                key,
                "--merge-into",
                file.toString(),
                "--format",
                "json"));
    for (final String source : sources) {
      args.add(source.startsWith("arn:") ? "--role-arn" : "--service-principal");
      args.add(source);
    }
    final Ssetopic.Result result = Ssetopic.run(args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isZero();
    final String merged = result.json().path("policy").toString();
    KMS.putKeyPolicy(r -> r.keyId(key).policyName(KmsKeys.DEFAULT_POLICY_NAME).policy(merged));
  }

  private static JsonNode findings(final Ssetopic.Result result) {
    return result.json().path("findings");
  }

  private static JsonNode finding(
      final Ssetopic.Result result, final String subject, final String check) {
    for (final JsonNode finding : findings(result)) {
      if (finding.path("subject").asText().equals(subject)
          && finding.path("check").asText().equals(check)) {
        return finding;
      }
    }
    throw new AssertionError("no " + check + " finding for " + subject + ": " + result.out());
  }

  @Test
  void aCorrectSetupPasses(@TempDir final Path dir) throws Exception {
    final String key = LocalAws.symmetricKey(KMS);
    grantWithTheCli(dir, key, ALARMS, EVENTS);
    final String topic = topic("diagnose-ok", key);
    final Ssetopic.Result policy =
        Ssetopic.run(
            "topic-policy",
            "--topic-arn",
            topic,
            "--service-principal",
            ALARMS,
            "--service-principal",
            EVENTS,
            "--format",
            "json");
    SNS.setTopicAttributes(
        r ->
            r.topicArn(topic)
                .attributeName("Policy")
                .attributeValue(policy.json().path("policy").toString()));

    final Ssetopic.Result result =
        Ssetopic.run(
            "diagnose",
            "--topic-arn",
            topic,
            "--service-principal",
            ALARMS,
            "--service-principal",
            EVENTS);

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out())
        .containsPattern("(?m)^PASS +key +" + key + ": Enabled, SYMMETRIC_DEFAULT")
        .containsPattern("(?m)^PASS +events\\.amazonaws\\.com +key policy: allowed")
        .containsPattern("(?m)^PASS +events\\.amazonaws\\.com +topic policy: allowed")
        .contains("All 6 checks passed.");
  }

  @Test
  void findsADisabledKey(@TempDir final Path dir) throws Exception {
    final String key = LocalAws.symmetricKey(KMS);
    grantWithTheCli(dir, key, ALARMS);
    final String topic = topic("diagnose-disabled", key);
    KMS.disableKey(r -> r.keyId(key.substring(key.indexOf('/') + 1)));

    final Ssetopic.Result result =
        Ssetopic.run(
            "diagnose", "--topic-arn", topic, "--service-principal", ALARMS, "--format", "json");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.json().path("passed").asBoolean()).isFalse();
    final JsonNode keyFinding = finding(result, "key", "key");
    assertThat(keyFinding.path("status").asText()).isEqualTo("FAIL");
    assertThat(keyFinding.path("detail").asText())
        .contains(key)
        .contains("is in state Disabled: enable it (kms:EnableKey) or choose another key");
    // The grant itself is fine: only the key is the problem.
    assertThat(finding(result, ALARMS, "key policy").path("status").asText()).isEqualTo("PASS");
  }

  @Test
  void findsTheAwsManagedKeyWithAServiceSource() {
    final String topic = topic("diagnose-aws-managed", "alias/aws/sns");

    final Ssetopic.Result result =
        Ssetopic.run("diagnose", "--topic-arn", topic, "--service-principal", ALARMS);

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out())
        .containsPattern("(?m)^FAIL +cloudwatch\\.amazonaws\\.com +key policy: KmsMasterKeyId")
        .contains("is the AWS managed key for SNS, whose key policy cannot be edited")
        .contains("create a customer managed key");
  }

  @Test
  void findsAMissingKeyGrantAndNamesTheStatement() {
    final String key = LocalAws.symmetricKey(KMS);
    final String topic = topic("diagnose-no-key-grant", key);

    final Ssetopic.Result result =
        Ssetopic.run(
            "diagnose", "--topic-arn", topic, "--service-principal", EVENTS, "--format", "json");

    assertThat(result.exitCode()).isEqualTo(3);
    final JsonNode grant = finding(result, EVENTS, "key policy");
    assertThat(grant.path("status").asText()).isEqualTo("FAIL");
    assertThat(grant.path("detail").asText())
        .contains("no statement allows kms:GenerateDataKey to the service principal " + EVENTS);
    assertThat(grant.path("fix").asText())
        .startsWith("add to the key policy: {\"Sid\":\"SSETopicKit")
        .contains("kms:EncryptionContext:aws:sns:topicArn")
        .contains(topic);
  }

  @Test
  void findsAMissingTopicPolicyGrant(@TempDir final Path dir) throws Exception {
    final String key = LocalAws.symmetricKey(KMS);
    grantWithTheCli(dir, key, EVENTS);
    final String topic = topic("diagnose-no-topic-grant", key);

    final Ssetopic.Result result =
        Ssetopic.run("diagnose", "--topic-arn", topic, "--service-principal", EVENTS);

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out())
        .containsPattern("(?m)^PASS +events\\.amazonaws\\.com +key policy: allowed")
        .containsPattern(
            "(?m)^FAIL +events\\.amazonaws\\.com +topic policy: no statement allows sns:Publish")
        .contains("fix: add to the topic policy: ")
        .contains("1 of 4 checks did not pass (1 FAIL, 0 UNVERIFIED)");
  }

  @Test
  void aTopicThatDoesNotExistIsAFinding() {
    final Ssetopic.Result result =
        Ssetopic.run(
            "diagnose",
            "--topic-arn",
            "arn:aws:sns:us-east-1:" + LocalHandler.ACCOUNT + ":nothing-" + suffix);
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out()).containsPattern("(?m)^FAIL +topic +not found in account");
  }

  /** check --live reads a key the template only names, with diagnose's checks. */
  @Test
  void checkLiveJudgesAKeyFromOutsideTheTemplate(@TempDir final Path dir) throws Exception {
    final String key = LocalAws.symmetricKey(KMS);
    final String account = key.split(":")[4];
    final Path template = dir.resolve("template.yaml");
    Files.writeString(
        template,
        String.join(
            "\n",
            "Resources:",
            "  Topic:",
            "    Type: AWS::SNS::Topic",
            "    Properties:",
            "      KmsMasterKeyId: " + key,
            "  Alarm:",
            "    Type: AWS::CloudWatch::Alarm",
            "    Properties:",
            "      AlarmActions: [!Ref Topic]",
            ""));
    final String[] check = {
      "check",
      "--live",
      "--account",
      account,
      "--region",
      LocalHandler.REGION,
      "--format",
      "json",
      template.toString()
    };
    final Ssetopic.Result refused = Ssetopic.run(check);
    assertThat(refused.exitCode()).as(refused.err()).isEqualTo(3);
    final JsonNode finding = refused.json().path("findings").get(0);
    assertThat(finding.path("rule").asText()).isEqualTo("SSE010");
    assertThat(finding.path("line").asInt()).isEqualTo(5);
    assertThat(finding.path("message").asText()).contains("key policy for " + ALARMS);
    assertThat(finding.path("fix").asText()).contains("add to the key policy");

    grantWithTheCli(dir, key, ALARMS);
    final Ssetopic.Result passed = Ssetopic.run(check);
    assertThat(passed.exitCode()).as(passed.out() + passed.err()).isZero();
    assertThat(passed.json().path("findings")).isEmpty();
  }
}
