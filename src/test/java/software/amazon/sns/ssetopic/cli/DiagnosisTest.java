package software.amazon.sns.ssetopic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.DescribeKeyResponse;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyResponse;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesResponse;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.sns.ssetopic.cli.Diagnosis.Finding;
import software.amazon.sns.ssetopic.cli.Diagnosis.Report;
import software.amazon.sns.ssetopic.cli.Diagnosis.Status;
import software.amazon.sns.ssetopic.fixtures.TestAccounts;
import software.amazon.sns.ssetopic.policy.EventSource;
import software.amazon.sns.ssetopic.policy.KeyPolicyStatements;
import software.amazon.sns.ssetopic.policy.PolicyEditor;
import software.amazon.sns.ssetopic.policy.TopicArn;
import software.amazon.sns.ssetopic.policy.TopicPolicyStatements;
import software.amazon.sns.ssetopic.policy.TopicScope;

/** Every path of diagnose's judgement, on SDK clients that answer as AWS would. */
class DiagnosisTest {
  private static final String ACCOUNT = TestAccounts.ACCOUNT;
  private static final TopicArn TOPIC = TopicArn.of("arn:aws:sns:us-east-1:" + ACCOUNT + ":alarms");
  private static final String KEY =
      "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final EventSource ALARMS = EventSource.service("cloudwatch.amazonaws.com");
  private static final EventSource EVENTS = EventSource.service("events.amazonaws.com");
  private static final String ROOT_ONLY = PolicyCommandsTest.ROOT_ONLY;
  private static final String SNS_DEFAULT =
      "{\"Version\":\"2008-10-17\",\"Statement\":[{\"Sid\":\"__default_statement_ID\","
          + "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":[\"SNS:Publish\","
          + "\"SNS:Subscribe\"],\"Resource\":\""
          + TOPIC
          + "\",\"Condition\":{\"StringEquals\":{\"AWS:SourceOwner\":\""
          + ACCOUNT
          + "\"}}}]}";

  private final SnsClient sns = mock(SnsClient.class);
  private final KmsClient kms = mock(KmsClient.class);

  private void topic(final String keyId, final String policy) {
    final Map<String, String> attributes = new HashMap<>();
    if (keyId != null) {
      attributes.put("KmsMasterKeyId", keyId);
    }
    if (policy != null) {
      attributes.put("Policy", policy);
    }
    when(sns.getTopicAttributes(any(GetTopicAttributesRequest.class)))
        .thenReturn(GetTopicAttributesResponse.builder().attributes(attributes).build());
  }

  private void key(final String arn, final KeyState state, final KeyManagerType manager) {
    when(kms.describeKey(any(DescribeKeyRequest.class)))
        .thenReturn(
            DescribeKeyResponse.builder()
                .keyMetadata(
                    KeyMetadata.builder()
                        .arn(arn)
                        .keyState(state)
                        .keySpec(KeySpec.SYMMETRIC_DEFAULT)
                        .keyUsage(KeyUsageType.ENCRYPT_DECRYPT)
                        .keyManager(manager)
                        .build())
                .build());
  }

  private void keyPolicy(final String policy) {
    when(kms.getKeyPolicy(any(GetKeyPolicyRequest.class)))
        .thenReturn(GetKeyPolicyResponse.builder().policy(policy).build());
  }

  private static AwsServiceException snsError(final String code, final int status) {
    return SnsException.builder()
        .awsErrorDetails(
            AwsErrorDetails.builder().errorCode(code).errorMessage(code + " happened").build())
        .statusCode(status)
        .build();
  }

  private static AwsServiceException kmsError(final String code, final int status) {
    return KmsException.builder()
        .awsErrorDetails(
            AwsErrorDetails.builder().errorCode(code).errorMessage(code + " happened").build())
        .statusCode(status)
        .build();
  }

  private Report run(final EventSource... sources) {
    return new Diagnosis(sns, kms).run(TOPIC, List.of(sources));
  }

  private static Finding finding(final Report report, final String subject, final String check) {
    return report.findings().stream()
        .filter(f -> f.subject().equals(subject) && f.check().equals(check))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + check + " finding for " + subject));
  }

  private static String grantingKeyPolicy(final EventSource... sources) {
    return PolicyEditor.withStatements(
        ROOT_ONLY,
        KeyPolicyStatements.standard().toPaste(TopicScope.of(TOPIC), List.of(sources)),
        PolicyEditor.MAX_KEY_POLICY_BYTES,
        "key policy");
  }

  @Test
  void passesWhenKeyAndPoliciesGrantEverySource() {
    topic(KEY, TopicPolicyStatements.standard().policy(TOPIC, List.of(ALARMS, EVENTS)).toJson());
    key(KEY, KeyState.ENABLED, KeyManagerType.CUSTOMER);
    keyPolicy(grantingKeyPolicy(ALARMS, EVENTS));

    final Report report = run(ALARMS, EVENTS);

    assertThat(report.passed()).as(report.toString()).isTrue();
    assertThat(report.findings()).hasSize(6).allMatch(f -> f.fix() == null);
    assertThat(finding(report, "key", "key").detail())
        .isEqualTo(KEY + ": Enabled, SYMMETRIC_DEFAULT ENCRYPT_DECRYPT, customer managed");
    assertThat(DiagnoseCommand.render(report, false)).contains("All 6 checks passed.");
  }

  @Test
  void findsAMissingKeyGrantWithTheStatementToPaste() {
    topic("alias/alarms", SNS_DEFAULT);
    key(KEY, KeyState.ENABLED, KeyManagerType.CUSTOMER);
    keyPolicy(ROOT_ONLY);

    final Report report = run(ALARMS);

    assertThat(report.passed()).isFalse();
    assertThat(finding(report, "key", "key").detail()).contains("(KmsMasterKeyId alias/alarms)");
    final Finding grant = finding(report, "cloudwatch.amazonaws.com", "key policy");
    assertThat(grant.status()).isEqualTo(Status.FAIL);
    assertThat(grant.detail()).contains("no statement allows kms:GenerateDataKey");
    assertThat(grant.fix()).startsWith("add to the key policy: {\"Sid\":\"SSETopicKit");
    // SNS's default topic policy lets alarms publish.
    assertThat(finding(report, "cloudwatch.amazonaws.com", "topic policy").status())
        .isEqualTo(Status.PASS);
    assertThat(DiagnoseCommand.render(report, false))
        .contains("1 of 4 checks did not pass (1 FAIL, 0 UNVERIFIED)")
        .contains("'ssetopic key-policy' prints the key-policy statements");
  }

  @Test
  void findsAMissingTopicPolicyGrant() {
    topic(KEY, SNS_DEFAULT);
    key(KEY, KeyState.ENABLED, KeyManagerType.CUSTOMER);
    keyPolicy(grantingKeyPolicy(EVENTS));

    final Report report = run(EVENTS);

    final Finding grant = finding(report, "events.amazonaws.com", "topic policy");
    assertThat(grant.status()).isEqualTo(Status.FAIL);
    assertThat(grant.detail()).contains("AWS:SourceOwner");
    assertThat(grant.fix()).startsWith("add to the topic policy: ").contains("sns:Publish");
    assertThat(finding(report, "events.amazonaws.com", "key policy").status())
        .isEqualTo(Status.PASS);
  }

  @Test
  void findsADisabledKeyAndStillChecksTheGrants() {
    topic(KEY, SNS_DEFAULT);
    key(KEY, KeyState.DISABLED, KeyManagerType.CUSTOMER);
    keyPolicy(grantingKeyPolicy(ALARMS));

    final Report report = run(ALARMS);

    final Finding key = finding(report, "key", "key");
    assertThat(key.status()).isEqualTo(Status.FAIL);
    assertThat(key.detail()).contains("is in state Disabled: enable it (kms:EnableKey)");
    assertThat(finding(report, "cloudwatch.amazonaws.com", "key policy").status())
        .isEqualTo(Status.PASS);
  }

  @Test
  void findsTheAwsManagedKeyWithAServiceSource() {
    topic("alias/aws/sns", SNS_DEFAULT);
    key(
        "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/11112222-3333-4444-5555-666677778888",
        KeyState.ENABLED,
        KeyManagerType.AWS);

    final Report report = run(ALARMS);

    assertThat(finding(report, "key", "key").detail()).endsWith("AWS managed");
    final Finding grant = finding(report, "cloudwatch.amazonaws.com", "key policy");
    assertThat(grant.status()).isEqualTo(Status.FAIL);
    assertThat(grant.detail())
        .contains("is the AWS managed key for SNS, whose key policy cannot be edited");
    verify(kms, never()).getKeyPolicy(any(GetKeyPolicyRequest.class));
  }

  @Test
  void theAwsManagedKeyBeforeItsFirstUseIsFineWithoutSources() {
    topic("alias/aws/sns", SNS_DEFAULT);
    when(kms.describeKey(any(DescribeKeyRequest.class)))
        .thenThrow(kmsError("NotFoundException", 400));

    final Report alone = run();
    assertThat(alone.passed()).isTrue();
    assertThat(finding(alone, "key", "key").detail()).contains("KMS creates it");
    assertThat(DiagnoseCommand.render(alone, true)).contains("No sources named");

    final Report withSource = run(EVENTS);
    assertThat(finding(withSource, "events.amazonaws.com", "key policy").status())
        .isEqualTo(Status.FAIL);
  }

  @Test
  void findsAKeyThatDoesNotExist() {
    topic("alias/gone", SNS_DEFAULT);
    when(kms.describeKey(any(DescribeKeyRequest.class)))
        .thenThrow(kmsError("NotFoundException", 400));

    final Report report = run(ALARMS);

    final Finding key = finding(report, "key", "key");
    assertThat(key.status()).isEqualTo(Status.FAIL);
    assertThat(key.detail()).contains("'alias/gone' was not found in region us-east-1");
    assertThat(report.findings()).noneMatch(f -> f.check().equals("key policy"));
  }

  @Test
  void aKeyItMayNotDescribeIsUnverified() {
    topic(KEY, SNS_DEFAULT);
    when(kms.describeKey(any(DescribeKeyRequest.class)))
        .thenThrow(kmsError("AccessDeniedException", 400));

    final Finding key = finding(run(ALARMS), "key", "key");
    assertThat(key.status()).isEqualTo(Status.UNVERIFIED);
    assertThat(key.detail()).contains("AccessDeniedException: AccessDeniedException happened");
  }

  @Test
  void findsAnUnencryptedTopicAndBadKeyReferences() {
    topic(null, SNS_DEFAULT);
    assertThat(finding(run(ALARMS), "topic", "encryption").detail()).contains("not encrypted");

    topic("not a key!!", SNS_DEFAULT);
    assertThat(finding(run(), "key", "key").detail()).contains("'not a key!!'");

    topic("arn:aws:kms:eu-west-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab", null);
    assertThat(finding(run(), "key", "key").detail()).contains("KMS keys are regional");
  }

  @Test
  void aKeyInAnotherAccountCannotHaveItsPolicyRead() {
    final String foreign = KEY.replace(ACCOUNT, "444455556666");
    topic(foreign, SNS_DEFAULT);
    key(foreign, KeyState.ENABLED, KeyManagerType.CUSTOMER);

    final Finding grant = finding(run(ALARMS), "cloudwatch.amazonaws.com", "key policy");

    assertThat(grant.status()).isEqualTo(Status.UNVERIFIED);
    assertThat(grant.detail()).contains("the key belongs to another account");
    assertThat(grant.fix()).contains("SSETopicKit");
    verify(kms, never()).getKeyPolicy(any(GetKeyPolicyRequest.class));
  }

  @Test
  void aKeyPolicyItMayNotReadIsUnverifiedAndReadOnce() {
    topic(KEY, SNS_DEFAULT);
    key(KEY, KeyState.ENABLED, KeyManagerType.CUSTOMER);
    when(kms.getKeyPolicy(any(GetKeyPolicyRequest.class)))
        .thenThrow(kmsError("AccessDeniedException", 400));

    final Report report = run(ALARMS, EVENTS);

    assertThat(finding(report, "events.amazonaws.com", "key policy").detail())
        .contains("GetKeyPolicy was refused");
    verify(kms, org.mockito.Mockito.times(1)).getKeyPolicy(any(GetKeyPolicyRequest.class));
    assertThat(DiagnoseCommand.render(report, false)).contains("2 UNVERIFIED");
  }

  @Test
  void unreadablePoliciesAreReported() {
    topic(KEY, "{not json");
    key(KEY, KeyState.ENABLED, KeyManagerType.CUSTOMER);
    keyPolicy("[]");

    final Report report = run(ALARMS);

    assertThat(finding(report, "cloudwatch.amazonaws.com", "key policy").detail())
        .contains("cannot be evaluated");
    assertThat(finding(report, "cloudwatch.amazonaws.com", "topic policy").detail())
        .contains("the topic policy cannot be evaluated");
  }

  @Test
  void aRoleDelegatedToIamIsUnverified() {
    final EventSource role = EventSource.role("arn:aws:iam::" + ACCOUNT + ":role/pipeline");
    topic(KEY, SNS_DEFAULT);
    key(KEY, KeyState.ENABLED, KeyManagerType.CUSTOMER);
    keyPolicy(ROOT_ONLY);

    final Report report = run(role);

    assertThat(finding(report, role.principal(), "key policy").status())
        .isEqualTo(Status.UNVERIFIED);
    assertThat(finding(report, role.principal(), "topic policy").status()).isEqualTo(Status.PASS);
  }

  @Test
  void aMissingTopicIsAFindingNotAnOutage() {
    when(sns.getTopicAttributes(any(GetTopicAttributesRequest.class)))
        .thenThrow(snsError("NotFound", 404));

    final Report report = run(ALARMS);

    assertThat(report.findings()).hasSize(1);
    assertThat(report.findings().get(0).detail())
        .isEqualTo("not found in account 123456789012, region us-east-1");
  }

  @Test
  void awsThatCannotBeAskedStopsTheDiagnosis() {
    when(sns.getTopicAttributes(any(GetTopicAttributesRequest.class)))
        .thenThrow(snsError("AuthorizationError", 403));
    assertThatThrownBy(() -> run(ALARMS))
        .isInstanceOf(Diagnosis.AwsUnavailableException.class)
        .hasMessage(
            "SNS GetTopicAttributes failed: AuthorizationError: AuthorizationError happened");

    when(sns.getTopicAttributes(any(GetTopicAttributesRequest.class)))
        .thenThrow(SdkClientException.create("Connection refused"));
    assertThatThrownBy(() -> run(ALARMS)).hasMessageContaining("Connection refused");

    topic(KEY, SNS_DEFAULT);
    when(kms.describeKey(any(DescribeKeyRequest.class)))
        .thenThrow(kmsError("KMSInternalException", 500));
    assertThatThrownBy(() -> run(ALARMS)).hasMessageContaining("KMS DescribeKey failed");

    when(kms.describeKey(any(DescribeKeyRequest.class)))
        .thenThrow(SdkClientException.create("timeout"));
    assertThatThrownBy(() -> run(ALARMS)).hasMessageContaining("KMS DescribeKey failed: timeout");

    key(KEY, KeyState.ENABLED, KeyManagerType.CUSTOMER);
    when(kms.getKeyPolicy(any(GetKeyPolicyRequest.class)))
        .thenThrow(kmsError("KMSInternalException", 500));
    assertThatThrownBy(() -> run(ALARMS)).hasMessageContaining("KMS GetKeyPolicy failed");
    when(kms.getKeyPolicy(any(GetKeyPolicyRequest.class)))
        .thenThrow(SdkClientException.create("reset"));
    assertThatThrownBy(() -> run(ALARMS)).hasMessageContaining("KMS GetKeyPolicy failed: reset");
  }
}
