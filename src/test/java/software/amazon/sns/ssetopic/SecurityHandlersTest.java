package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.ListResourceTagsRequest;
import software.amazon.awssdk.services.kms.model.PutKeyPolicyRequest;
import software.amazon.awssdk.services.sns.model.CreateTopicRequest;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesResponse;
import software.amazon.awssdk.services.sns.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.sns.model.SetTopicAttributesRequest;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;

/**
 * What a stack author cannot make the execution role do, and input the handlers refuse before any
 * call that writes.
 */
class SecurityHandlersTest extends HandlerTestBase {

  private static final EventSource CLOUDWATCH =
      EventSource.builder().servicePrincipal("cloudwatch.amazonaws.com").build();

  private static ResourceModel.ResourceModelBuilder orders(
      final String mode, final EventSource... sources) {
    return ResourceModel.builder()
        .topicName("orders")
        .kmsMasterKeyId(KEY_ARN)
        .keyPolicyMode(mode)
        .eventSources(Set.of(sources));
  }

  private void keyIsEnabledAndCreateWorks() {
    when(kms.describeKey(any(DescribeKeyRequest.class))).thenReturn(key(KeyState.ENABLED));
    topicIsCreatedByThisRequest();
  }

  @Test
  void manageOnAKeyThatDidNotOptInWritesNothing() {
    keyIsEnabledAndCreateWorks();
    final AtomicReference<String> policy = keyPolicy(ROOT_ONLY_POLICY);
    optedInTags(Map.of("team", "other"));

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new CreateHandler(), request(orders("Manage", CLOUDWATCH).build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    assertThat(event.getMessage())
        .contains("sns-ssetopic:manage")
        .contains("aws kms tag-resource --key-id " + KEY_ARN);
    verify(kms, never()).putKeyPolicy(any(PutKeyPolicyRequest.class));
    verify(sns, never()).createTopic(any(CreateTopicRequest.class));
    assertThat(policy.get()).isEqualTo(ROOT_ONLY_POLICY);
    verify(kms).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void anUpdateInManageModeOnAKeyThatDidNotOptInChangesNothing() {
    keyPolicy(ROOT_ONLY_POLICY);
    optedInTags(Map.of());
    when(sns.getTopicAttributes(any(GetTopicAttributesRequest.class)))
        .thenReturn(
            GetTopicAttributesResponse.builder()
                .attributes(Map.of("KmsMasterKeyId", KEY_ARN, "DisplayName", "old"))
                .build());

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(
            new UpdateHandler(),
            request(
                orders("Manage", CLOUDWATCH).topicArn(TOPIC_ARN).displayName("new").build(),
                orders("Skip", CLOUDWATCH).topicArn(TOPIC_ARN).build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    assertThat(event.getMessage()).contains("sns-ssetopic:manage");
    verify(kms, never()).putKeyPolicy(any(PutKeyPolicyRequest.class));
    verify(sns, never()).setTopicAttributes(any(SetTopicAttributesRequest.class));
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
  }

  @Test
  void verifyAndSkipNeverAskForTheOptIn() {
    keyIsEnabledAndCreateWorks();
    keyPolicy(ROOT_ONLY_POLICY);
    optedInTags(Map.of());

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new CreateHandler(), request(orders("Skip", CLOUDWATCH).build()));

    assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
    verify(kms, never()).listResourceTags(any(ListResourceTagsRequest.class));
    verify(sns).createTopic(any(CreateTopicRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void manageRefusesGrantsForAnotherAccountBeforeAnyCall() {
    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(
            new CreateHandler(),
            request(
                orders(
                        "Manage",
                        EventSource.builder()
                            .servicePrincipal("cloudtrail.amazonaws.com")
                            .sourceAccount("444455556666")
                            .build(),
                        EventSource.builder()
                            .roleArn("arn:aws:iam::444455556666:role/attacker")
                            .build())
                    .build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    assertThat(event.getMessage())
        .contains("SourceAccount '444455556666'")
        .contains("arn:aws:iam::444455556666:role/attacker");
    verifyNoInteractions(kms, sns);
  }

  @Test
  void aKeyOfAnotherPartitionIsRefusedBeforeAnyCall() {
    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(
            new CreateHandler(),
            request(
                ResourceModel.builder()
                    .kmsMasterKeyId("arn:aws-cn:kms:us-east-1:123456789012:key/" + KEY_ID)
                    .build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    assertThat(event.getMessage()).contains("partition aws-cn");
    verifyNoInteractions(kms, sns);
  }

  @Test
  void aMissingKeyOfAnotherAccountIsNamedWithItsOwnAccount() {
    when(kms.describeKey(any(DescribeKeyRequest.class)))
        .thenThrow(kmsError("NotFoundException", 400));

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(
            new CreateHandler(),
            request(
                ResourceModel.builder()
                    .kmsMasterKeyId("arn:aws:kms:us-east-1:444455556666:key/" + KEY_ID)
                    .build()));

    assertThat(event.getMessage()).contains("of account 444455556666").doesNotContain(ACCOUNT);
    verify(kms).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void controlCharactersAndReservedTagKeysAreRefusedBeforeAnyCall() {
    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(
            new CreateHandler(),
            request(
                ResourceModel.builder()
                    .displayName("Or\u0000ders")
                    .tags(Set.of(new Tag("AWS:team", "x"), new Tag("team", "a\u0007")))
                    .build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    assertThat(event.getMessage())
        .contains("DisplayName contains the control character U+0000")
        .contains("Tags: key 'AWS:team' starts with aws:")
        .contains("Tags: the value of key 'team' contains the control character U+0007");
    verifyNoInteractions(kms, sns);
  }

  @Test
  void anUpdateToAReservedTagKeyOrControlCharacterChangesNothing() {
    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(
            new UpdateHandler(),
            request(
                ResourceModel.builder().topicArn(TOPIC_ARN).displayName("bell\u0007").build(),
                ResourceModel.builder().topicArn(TOPIC_ARN).build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    verifyNoInteractions(kms, sns);
  }

  private static Set<EventSource> alarmsWithLongArns() {
    return IntStream.range(0, 20)
        .mapToObj(
            i ->
                EventSource.builder()
                    .servicePrincipal("cloudwatch.amazonaws.com")
                    .sourceArn(
                        "arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + "r".repeat(1500) + i)
                    .build())
        .collect(Collectors.toSet());
  }

  @Test
  void aTopicPolicyOverTheLimitIsRefusedBeforeCreateTopicAndBeforeTheKeyPolicy() {
    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(
            new CreateHandler(),
            request(
                ResourceModel.builder()
                    .kmsMasterKeyId(KEY_ARN)
                    .keyPolicyMode("Manage")
                    .eventSources(alarmsWithLongArns())
                    .build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    assertThat(event.getMessage()).contains("topic policy would be").contains("30720");
    verifyNoInteractions(kms, sns);
  }

  @Test
  void anUpdateWhoseTopicPolicyWouldBeTooLargeWritesNoKeyPolicy() {
    keyPolicy(ROOT_ONLY_POLICY);
    when(sns.getTopicAttributes(any(GetTopicAttributesRequest.class)))
        .thenReturn(
            GetTopicAttributesResponse.builder()
                .attributes(Map.of("KmsMasterKeyId", KEY_ARN))
                .build());

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(
            new UpdateHandler(),
            request(
                ResourceModel.builder()
                    .topicArn(TOPIC_ARN)
                    .kmsMasterKeyId(KEY_ARN)
                    .keyPolicyMode("Manage")
                    .eventSources(alarmsWithLongArns())
                    .build(),
                ResourceModel.builder().topicArn(TOPIC_ARN).kmsMasterKeyId(KEY_ARN).build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    assertThat(event.getMessage()).contains("topic policy would be");
    verify(kms, never()).putKeyPolicy(any(PutKeyPolicyRequest.class));
    verify(sns, never()).setTopicAttributes(any(SetTopicAttributesRequest.class));
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
  }
}
