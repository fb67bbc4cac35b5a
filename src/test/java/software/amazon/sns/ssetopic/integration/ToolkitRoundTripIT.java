package software.amazon.sns.ssetopic.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.sns.ssetopic.aws.KmsKeys;

/**
 * The toolkit's promise: the statements {@code ssetopic key-policy} prints, put into a key's
 * policy, make the handler's Verify mode and {@code ssetopic diagnose} pass for those sources.
 * Before they are in, Verify refuses the same topic.
 */
class ToolkitRoundTripIT {
  private static final KmsClient KMS = LocalAws.kms(LocalHandler.REGION);
  private static final String BUCKET = "arn:aws:s3:::toolkit-uploads";
  private static final String AUTOSCALING_ROLE =
      "arn:aws:iam::"
          + LocalHandler.ACCOUNT
          + ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";

  private final LocalHandler handler = new LocalHandler();

  @BeforeAll
  static void theCliIsBuilt() {
    Ssetopic.requireTheJar();
  }

  @AfterAll
  static void close() {
    KMS.close();
  }

  private static Map<String, Object> properties(final String name, final String key) {
    final Map<String, Object> properties = new HashMap<>();
    properties.put("TopicName", name);
    properties.put("KmsMasterKeyId", key);
    properties.put("KeyPolicyMode", "Verify");
    properties.put(
        "EventSources",
        List.of(
            Map.of("ServicePrincipal", "cloudwatch.amazonaws.com"),
            Map.of("ServicePrincipal", "events.amazonaws.com"),
            Map.of("ServicePrincipal", "s3.amazonaws.com", "SourceArn", BUCKET),
            Map.of("RoleArn", AUTOSCALING_ROLE)));
    return properties;
  }

  private static void mergeAndPut(final Path file, final String key, final String... args)
      throws Exception {
    final List<String> command =
        new java.util.ArrayList<>(
            List.of(
                "key-policy",
                "--key-arn",
                key,
                "--merge-into",
                file.toString(),
                "--format",
                "json"));
    command.addAll(List.of(args));
    final Ssetopic.Result result = Ssetopic.run(command.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isZero();
    Files.writeString(file, result.json().path("policy").toString());
  }

  @Test
  void keyPolicyOutputMakesVerifyAndDiagnosePass(@TempDir final Path dir) throws Exception {
    final String key = LocalAws.symmetricKey(KMS);
    final String name = "toolkit-" + UUID.randomUUID().toString().substring(0, 8);

    final LocalHandler.Event refused = handler.create(properties(name, key));
    assertThat(refused.errorCode()).as(refused.message()).isEqualTo("InvalidRequest");
    assertThat(refused.message()).contains("does not let 4 event sources publish");

    // Without --topic-arn: statements for every topic of the key's account and region. The S3
    // source has its own SourceArn, so it gets a run of its own, merged into the first's output.
    final Path file = dir.resolve("policy.json");
    Files.writeString(file, DiagnoseIT.keyPolicy(key));
    mergeAndPut(
        file,
        key,
        "--service-principal",
        "cloudwatch.amazonaws.com",
        "--service-principal",
        "events.amazonaws.com",
        "--role-arn",
        AUTOSCALING_ROLE);
    mergeAndPut(file, key, "--service-principal", "s3.amazonaws.com", "--source-arn", BUCKET);
    final String policy = Files.readString(file);
    KMS.putKeyPolicy(r -> r.keyId(key).policyName(KmsKeys.DEFAULT_POLICY_NAME).policy(policy));

    final LocalHandler.Event created = handler.create(properties(name, key));
    assertThat(created.status()).as(created.message()).isEqualTo("SUCCESS");
    final String topic = created.model("TopicArn");
    try {
      final Ssetopic.Result all =
          Ssetopic.run(
              "diagnose",
              "--topic-arn",
              topic,
              "--service-principal",
              "cloudwatch.amazonaws.com",
              "--service-principal",
              "events.amazonaws.com",
              "--role-arn",
              AUTOSCALING_ROLE);
      assertThat(all.exitCode()).as(all.out() + all.err()).isZero();
      assertThat(all.out()).contains("All 8 checks passed.");
      final Ssetopic.Result bucket =
          Ssetopic.run(
              "diagnose",
              "--topic-arn",
              topic,
              "--service-principal",
              "s3.amazonaws.com",
              "--source-arn",
              BUCKET);
      assertThat(bucket.exitCode()).as(bucket.out() + bucket.err()).isZero();
    } finally {
      assertThat(handler.delete(topic).status()).isEqualTo("SUCCESS");
    }
    // Verify's topic left the pasted statements alone: no topic owns them.
    assertThat(DiagnoseIT.keyPolicy(key)).contains("SSETopicKit");
  }
}
