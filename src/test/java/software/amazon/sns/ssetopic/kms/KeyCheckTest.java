package software.amazon.sns.ssetopic.kms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

class KeyCheckTest {

  private static final String ARN =
      "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final KeyReference ALIAS = KeyReference.parse("alias/orders");

  private static KeyMetadata.Builder enabled() {
    return KeyMetadata.builder()
        .arn(ARN)
        .keyState(KeyState.ENABLED)
        .keySpec(KeySpec.SYMMETRIC_DEFAULT)
        .keyUsage(KeyUsageType.ENCRYPT_DECRYPT);
  }

  @Test
  void anEnabledSymmetricKeyInTheRegionPasses() {
    assertThat(KeyCheck.problem(ALIAS, enabled().build(), "us-east-1")).isEmpty();
    assertThat(KeyCheck.beforeLookup(ALIAS, "us-east-1")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "Disabled, kms:EnableKey",
    "PendingDeletion, kms:CancelKeyDeletion",
    "PendingReplicaDeletion, replica",
    "PendingImport, kms:ImportKeyMaterial",
    "Unavailable, key store",
    "Creating, retry",
    "Updating, retry",
  })
  void eachStateSaysWhatToDo(final String state, final String advice) {
    final String problem =
        KeyCheck.problem(ALIAS, enabled().keyState(state).build(), "us-east-1").orElseThrow();
    assertThat(problem)
        .contains(ARN)
        .contains("KmsMasterKeyId 'alias/orders'")
        .contains("state " + state)
        .contains(advice);
  }

  @Test
  void aScheduledDeletionNamesItsDate() {
    final Instant when = Instant.parse("2026-12-24T00:00:00Z");
    assertThat(
            KeyCheck.problem(
                ALIAS,
                enabled().keyState(KeyState.PENDING_DELETION).deletionDate(when).build(),
                "us-east-1"))
        .get()
        .asString()
        .contains("2026-12-24");
  }

  @Test
  void anUnknownStateStillFails() {
    assertThat(KeyCheck.problem(ALIAS, enabled().keyState("Frozen").build(), "us-east-1"))
        .get()
        .asString()
        .contains("Frozen");
  }

  @Test
  void asymmetricAndSigningKeysAreRefused() {
    assertThat(
            KeyCheck.problem(
                ALIAS,
                enabled().keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY).build(),
                "us-east-1"))
        .get()
        .asString()
        .contains("ECC_NIST_P256")
        .contains("SIGN_VERIFY");
    assertThat(
            KeyCheck.problem(
                ALIAS,
                enabled()
                    .keySpec(KeySpec.HMAC_256)
                    .keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)
                    .build(),
                "us-east-1"))
        .isPresent();
  }

  @Test
  void aKeyResolvedToAnotherRegionIsRefused() {
    final KeyReference ref = KeyReference.parse(ARN);
    assertThat(KeyCheck.problem(ref, enabled().build(), "eu-west-1"))
        .get()
        .asString()
        .startsWith("KMS key " + ARN + " is in region us-east-1")
        .contains("eu-west-1");
    assertThat(KeyCheck.beforeLookup(ref, "eu-west-1")).isPresent();
  }

  @Test
  void anotherServicesManagedKeyIsRefusedBeforeLookup() {
    assertThat(KeyCheck.beforeLookup(KeyReference.parse("alias/aws/s3"), "us-east-1"))
        .get()
        .asString()
        .contains("AWS managed key of another service");
    assertThat(KeyCheck.beforeLookup(KeyReference.parse("alias/aws/sns"), "us-east-1")).isEmpty();
  }
}
