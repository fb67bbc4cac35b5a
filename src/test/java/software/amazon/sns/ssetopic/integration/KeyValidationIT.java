package software.amazon.sns.ssetopic.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Topic;

/**
 * Deploy-time key validation on the local AWS: real keys in each state, real handler, and a check
 * of what AWS holds afterwards. moto does not enforce key states on crypto calls, so every refusal
 * here comes from the handler reading DescribeKey.
 */
class KeyValidationIT {

  private static final SnsClient SNS = LocalAws.sns();
  private static final KmsClient KMS = LocalAws.kms(LocalHandler.REGION);
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);

  private static String enabledKey;
  private static String keyId;
  private static String alias;

  private final LocalHandler handler = new LocalHandler();

  @BeforeAll
  static void createKeys() {
    enabledKey = LocalAws.symmetricKey(KMS);
    keyId = enabledKey.substring(enabledKey.lastIndexOf('/') + 1);
    alias = "alias/it-orders-" + SUFFIX;
    KMS.createAlias(r -> r.aliasName(alias).targetKeyId(enabledKey));
  }

  @AfterAll
  static void close() {
    SNS.close();
    KMS.close();
  }

  private static Map<String, Object> topic(final String name, final String key) {
    final Map<String, Object> properties = new HashMap<>();
    properties.put("TopicName", name + "-" + SUFFIX);
    properties.put("KmsMasterKeyId", key);
    return properties;
  }

  private static List<String> topicArns() {
    return SNS.listTopicsPaginator().topics().stream().map(Topic::topicArn).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"KEY_ID", "KEY_ARN", "ALIAS_NAME", "ALIAS_ARN"})
  void everyKeyFormCreatesATopicWhoseKmsKeyArnIsTheKeysArn(final String form) {
    final String reference =
        switch (form) {
          case "KEY_ID" -> keyId;
          case "KEY_ARN" -> enabledKey;
          case "ALIAS_NAME" -> alias;
          default -> "arn:aws:kms:us-east-1:" + LocalHandler.ACCOUNT + ":" + alias;
        };
    final LocalHandler.Event created = handler.create(topic("form-" + form, reference));
    assertThat(created.status()).as(created.message()).isEqualTo("SUCCESS");
    assertThat(created.model("KmsKeyArn")).isEqualTo(enabledKey);
    try {
      final LocalHandler.Event read = handler.read(created.model("TopicArn"));
      assertThat(read.model("KmsMasterKeyId")).isEqualTo(reference);
      assertThat(read.model("KmsKeyArn")).isEqualTo(enabledKey);
      assertThat(SNS.getTopicAttributes(r -> r.topicArn(created.model("TopicArn"))).attributes())
          .containsEntry("KmsMasterKeyId", reference);
    } finally {
      handler.delete(created.model("TopicArn"));
    }
  }

  @Test
  void theAwsManagedKeyWorksBeforeKmsHasCreatedIt() {
    final Map<String, Object> properties = new HashMap<>();
    properties.put("TopicName", "managed-" + SUFFIX);
    final LocalHandler.Event created = handler.create(properties);
    assertThat(created.status()).as(created.message()).isEqualTo("SUCCESS");
    assertThat(created.model("KmsMasterKeyId")).isNull();
    assertThat(SNS.getTopicAttributes(r -> r.topicArn(created.model("TopicArn"))).attributes())
        .containsEntry("KmsMasterKeyId", "alias/aws/sns");
    handler.delete(created.model("TopicArn"));
  }

  /** Each bad key fails the create with InvalidRequest, names the key, and creates nothing. */
  private void refused(final String reference, final String... messageParts) {
    final List<String> before = topicArns();
    final LocalHandler.Event event = handler.create(topic("refused", reference));
    assertThat(event.status()).isEqualTo("FAILED");
    assertThat(event.errorCode()).isEqualTo("InvalidRequest");
    assertThat(event.message()).contains(messageParts);
    assertThat(topicArns()).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void refusesADisabledKey() {
    final String key = LocalAws.symmetricKey(KMS);
    KMS.disableKey(r -> r.keyId(key.substring(key.lastIndexOf('/') + 1)));
    refused(key, key, "Disabled", "kms:EnableKey");
  }

  @Test
  void refusesAKeyPendingDeletion() {
    final String key = LocalAws.symmetricKey(KMS);
    KMS.scheduleKeyDeletion(
        r -> r.keyId(key.substring(key.lastIndexOf('/') + 1)).pendingWindowInDays(7));
    refused(key, "PendingDeletion", "kms:CancelKeyDeletion");
  }

  @Test
  void refusesAnAsymmetricEncryptionKey() {
    final String key =
        KMS.createKey(r -> r.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.ENCRYPT_DECRYPT))
            .keyMetadata()
            .arn();
    refused(key, "RSA_2048", "symmetric");
  }

  @Test
  void refusesASigningKey() {
    final String key =
        KMS.createKey(r -> r.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY))
            .keyMetadata()
            .arn();
    refused(key, "SIGN_VERIFY", "symmetric");
  }

  @Test
  void refusesAKeyInAnotherRegion() {
    try (KmsClient west = LocalAws.kms("us-west-2")) {
      final String key = LocalAws.symmetricKey(west);
      refused(key, "us-west-2", "regional");
    }
  }

  @Test
  void refusesAMissingAlias() {
    refused("alias/does-not-exist-" + SUFFIX, "was not found in region us-east-1");
  }

  @Test
  void refusesAMissingKeyId() {
    refused(UUID.randomUUID().toString(), "was not found in region us-east-1");
  }

  @Test
  void refusesAnAliasOfADisabledKeyNamingBoth() {
    final String key = LocalAws.symmetricKey(KMS);
    final String disabledAlias = "alias/it-disabled-" + SUFFIX;
    KMS.createAlias(r -> r.aliasName(disabledAlias).targetKeyId(key));
    KMS.disableKey(r -> r.keyId(key.substring(key.lastIndexOf('/') + 1)));
    refused(disabledAlias, key, disabledAlias, "Disabled");
  }

  /**
   * The schema's KmsMasterKeyId pattern refuses it before the handler runs (so that cfn-lint with
   * the schema catches it before any deploy); the wrapper's message names the property.
   */
  @Test
  void refusesAMalformedReference() {
    refused("not a key!!", "#/KmsMasterKeyId", "pattern");
    refused("aws/sns", "#/KmsMasterKeyId", "pattern");
  }

  @Test
  void anUpdateToABadKeyLeavesTheTopicAsItWas() {
    final LocalHandler.Event created = handler.create(topic("update-bad-key", alias));
    assertThat(created.status()).as(created.message()).isEqualTo("SUCCESS");
    final String topicArn = created.model("TopicArn");
    final String disabled = LocalAws.symmetricKey(KMS);
    KMS.disableKey(r -> r.keyId(disabled.substring(disabled.lastIndexOf('/') + 1)));
    final Map<String, Object> previous = new HashMap<>(topic("update-bad-key", alias));
    previous.put("TopicArn", topicArn);
    final Map<String, Object> desired = new HashMap<>(previous);
    desired.put("KmsMasterKeyId", disabled);
    desired.put("DisplayName", "must not be set");
    try {
      final LocalHandler.Event updated = handler.update(desired, previous);
      assertThat(updated.errorCode()).isEqualTo("InvalidRequest");
      assertThat(updated.message()).contains(disabled).contains("Disabled");
      assertThat(SNS.getTopicAttributes(r -> r.topicArn(topicArn)).attributes())
          .containsEntry("KmsMasterKeyId", alias)
          .containsEntry("DisplayName", "");
    } finally {
      handler.delete(topicArn);
    }
  }
}
