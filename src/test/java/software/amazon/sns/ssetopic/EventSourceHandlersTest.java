package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.DescribeKeyResponse;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyResponse;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.PutKeyPolicyRequest;
import software.amazon.awssdk.services.sns.model.CreateTopicRequest;
import software.amazon.awssdk.services.sns.model.DeleteTopicRequest;
import software.amazon.awssdk.services.sns.model.DeleteTopicResponse;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesResponse;
import software.amazon.awssdk.services.sns.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.sns.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.sns.model.SetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.SetTopicAttributesResponse;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.sns.ssetopic.fixtures.KeyPolicies;
import software.amazon.sns.ssetopic.policy.PolicyEditor;
import software.amazon.sns.ssetopic.policy.TopicArn;

/** EventSources and KeyPolicyMode through every handler, against Mockito clients. */
class EventSourceHandlersTest extends HandlerTestBase {

  private static final EventSource CLOUDWATCH =
      EventSource.builder().servicePrincipal("cloudwatch.amazonaws.com").build();
  private static final EventSource EVENTS =
      EventSource.builder().servicePrincipal("events.amazonaws.com").build();
  private static final String EVENTS_GRANTED =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
          + "[\"events.amazonaws.com\",\"cloudwatch.amazonaws.com\"]},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";

  private ResourceModel.ResourceModelBuilder orders(
      final String mode, final EventSource... sources) {
    return ResourceModel.builder()
        .topicName("orders")
        .kmsMasterKeyId(KEY_ARN)
        .keyPolicyMode(mode)
        .eventSources(Set.of(sources));
  }

  private void keyIsEnabled() {
    when(kms.describeKey(any(DescribeKeyRequest.class))).thenReturn(key(KeyState.ENABLED));
  }

  private void nameIsFreeAndCreateWorks() {
    topicIsCreatedByThisRequest();
  }

  /** The topic policy the type writes for this mode and these sources: the record Read reads. */
  private String recorded(final String mode, final EventSource... sources) {
    return TopicSettings.createAttributes(orders(mode, sources).topicArn(TOPIC_ARN).build())
        .get("Policy");
  }

  private CreateTopicRequest createdWith() {
    final ArgumentCaptor<CreateTopicRequest> created =
        ArgumentCaptor.forClass(CreateTopicRequest.class);
    verify(sns).createTopic(created.capture());
    return created.getValue();
  }

  @Test
  void verifyPassesAGrantingPolicyAndSetsTheTopicPolicyInCreateTopic() {
    keyIsEnabled();
    nameIsFreeAndCreateWorks();
    when(kms.getKeyPolicy(any(GetKeyPolicyRequest.class)))
        .thenReturn(GetKeyPolicyResponse.builder().policy(EVENTS_GRANTED).build());

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new CreateHandler(), request(orders(null, EVENTS).build()));

    assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(createdWith().attributes().get("Policy"))
        .contains("events.amazonaws.com")
        .contains("sns:Publish");
    verify(kms, never()).putKeyPolicy(any(PutKeyPolicyRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
    verify(kms).getKeyPolicy(any(GetKeyPolicyRequest.class));
  }

  @Test
  void verifyRefusesAnUngrantedSourceBeforeCreating() {
    keyIsEnabled();
    keyPolicy(ROOT_ONLY_POLICY);

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new CreateHandler(), request(orders("Verify", CLOUDWATCH).build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    assertThat(event.getMessage()).contains("cloudwatch.amazonaws.com").contains("kms:Decrypt");
    verify(sns, never()).createTopic(any(CreateTopicRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
    verify(kms).getKeyPolicy(any(GetKeyPolicyRequest.class));
  }

  @Test
  void verifyReportsAKeyPolicyItCannotRead() {
    keyIsEnabled();
    keyPolicy("{not json");

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new CreateHandler(), request(orders("Verify", CLOUDWATCH).build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    assertThat(event.getMessage()).contains("cannot be evaluated");
    verify(kms).describeKey(any(DescribeKeyRequest.class));
    verify(kms).getKeyPolicy(any(GetKeyPolicyRequest.class));
  }

  @Test
  void aKeyInAnotherAccountCannotBeVerifiedOrManaged() {
    final String foreignKey = "arn:aws:kms:us-east-1:444455556666:key/" + KEY_ID;
    when(kms.describeKey(any(DescribeKeyRequest.class)))
        .thenReturn(
            key(
                KeyState.ENABLED,
                software.amazon.awssdk.services.kms.model.KeySpec.SYMMETRIC_DEFAULT,
                software.amazon.awssdk.services.kms.model.KeyUsageType.ENCRYPT_DECRYPT,
                foreignKey));
    nameIsFreeAndCreateWorks();

    final ProgressEvent<ResourceModel, CallbackContext> verified =
        run(
            new CreateHandler(),
            request(orders("Verify", CLOUDWATCH).kmsMasterKeyId(foreignKey).build()));
    final ProgressEvent<ResourceModel, CallbackContext> managed =
        run(
            new CreateHandler(),
            request(orders("Manage", CLOUDWATCH).kmsMasterKeyId(foreignKey).build()));

    assertThat(verified.getMessage())
        .contains("belongs to account 444455556666, not the topic's 123456789012")
        .contains("KeyPolicyMode: Skip");
    assertThat(managed.getMessage())
        .contains("belongs to account 444455556666, not the topic's 123456789012")
        .contains("KeyPolicyMode: Skip");
    verify(kms, never()).getKeyPolicy(any(GetKeyPolicyRequest.class));
    verify(sns, never()).createTopic(any(CreateTopicRequest.class));
    verify(kms, times(2)).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void manageAddsTheStatementsBeforeCreatingAndConfirmsThem() {
    keyIsEnabled();
    nameIsFreeAndCreateWorks();
    final AtomicReference<String> policy = keyPolicy(ROOT_ONLY_POLICY);

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new CreateHandler(), request(orders("Manage", CLOUDWATCH, EVENTS).build()));

    assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(PolicyEditor.topicStatementIds(policy.get(), TopicArn.of(TOPIC_ARN))).hasSize(2);
    assertThat(
            PolicyEditor.equalInMeaning(
                PolicyEditor.withoutTopicStatements(policy.get(), TopicArn.of(TOPIC_ARN)),
                ROOT_ONLY_POLICY))
        .isTrue();
    verify(kms, times(1)).putKeyPolicy(any(PutKeyPolicyRequest.class));
    verify(sns).createTopic(any(CreateTopicRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
    verify(kms, times(4)).getKeyPolicy(any(GetKeyPolicyRequest.class));
  }

  @Test
  void aRefusedCreateTopicWritesNoStatements() {
    keyIsEnabled();
    when(sns.createTopic(any(CreateTopicRequest.class)))
        .thenThrow(snsError("InvalidParameter", 400));
    when(sns.listTagsForResource(any(ListTagsForResourceRequest.class)))
        .thenThrow(snsError("NotFound", 404));
    final AtomicReference<String> policy = keyPolicy(ROOT_ONLY_POLICY);

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new CreateHandler(), request(orders("Manage", CLOUDWATCH).build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    assertThat(PolicyEditor.equalInMeaning(policy.get(), ROOT_ONLY_POLICY)).isTrue();
    verify(sns).createTopic(any(CreateTopicRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void aCreateFailingAfterItsTopicExistsDeletesItAndSaysWhatIsLeft() {
    keyIsEnabled();
    nameIsFreeAndCreateWorks();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicReference<String> policy = keyPolicy(ROOT_ONLY_POLICY);
    // The write (read, read, put, read back) succeeds; the confirmation and the rollback cannot
    // read the policy any more.
    when(kms.getKeyPolicy(any(GetKeyPolicyRequest.class)))
        .thenAnswer(
            call -> {
              if (reads.incrementAndGet() > 3) {
                throw kmsError("AccessDeniedException", 400);
              }
              return GetKeyPolicyResponse.builder().policy(policy.get()).build();
            });

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new CreateHandler(), request(orders("Manage", CLOUDWATCH).build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.AccessDenied);
    assertThat(event.getMessage())
        .contains("could not be removed")
        .contains("Sids")
        .contains("deleted again");
    verify(sns).deleteTopic(any(DeleteTopicRequest.class));
    assertThat(event.getResourceModel().getTopicArn()).isNull();
    verify(sns).createTopic(any(CreateTopicRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
    verify(kms, times(5)).getKeyPolicy(any(GetKeyPolicyRequest.class));
    verify(kms).putKeyPolicy(any(PutKeyPolicyRequest.class));
  }

  @Test
  void writersThatKeepLosingYieldWithARandomDelayThenGiveUp() {
    keyIsEnabled();
    nameIsFreeAndCreateWorks();
    final AtomicInteger reads = new AtomicInteger();
    when(kms.getKeyPolicy(any(GetKeyPolicyRequest.class)))
        .thenAnswer(
            call ->
                GetKeyPolicyResponse.builder()
                    .policy(
                        KeyPolicies.rootOnly()
                            .replace(
                                "Enable IAM User Permissions", "Root" + reads.incrementAndGet()))
                    .build());

    final ProgressEvent<ResourceModel, CallbackContext> yielded =
        run(new CreateHandler(), request(orders("Manage", CLOUDWATCH).build()));
    assertThat(yielded.getStatus()).isEqualTo(OperationStatus.IN_PROGRESS);
    assertThat(yielded.getCallbackDelaySeconds()).isBetween(1, 30);
    verify(kms, never()).putKeyPolicy(any(PutKeyPolicyRequest.class));

    final CallbackContext exhausted = new CallbackContext();
    exhausted.setKeyPolicyConflicts(BaseHandlerStd.KEY_POLICY_CONFLICT_RETRIES);
    final ProgressEvent<ResourceModel, CallbackContext> failed =
        run(new CreateHandler(), request(orders("Manage", CLOUDWATCH).build()), exhausted);
    assertThat(failed.getErrorCode()).isEqualTo(HandlerErrorCode.ResourceConflict);
    verify(sns, times(2)).createTopic(any(CreateTopicRequest.class));
    verify(sns).deleteTopic(any(DeleteTopicRequest.class));
    verify(sns, times(2)).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(kms, times(2)).describeKey(any(DescribeKeyRequest.class));
    verify(kms, times(13)).getKeyPolicy(any(GetKeyPolicyRequest.class));
  }

  @Test
  void aRoleKmsCannotSeeYetIsRetriedLater() {
    keyIsEnabled();
    nameIsFreeAndCreateWorks();
    keyPolicy(ROOT_ONLY_POLICY);
    when(kms.putKeyPolicy(any(PutKeyPolicyRequest.class)))
        .thenThrow(
            software.amazon.awssdk.services.kms.model.KmsException.builder()
                .awsErrorDetails(
                    software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                        .errorCode("MalformedPolicyDocumentException")
                        .errorMessage(
                            "Policy contains a statement with one or more invalid principals.")
                        .build())
                .statusCode(400)
                .build());
    final EventSource role =
        EventSource.builder().roleArn("arn:aws:iam::123456789012:role/iot-publisher").build();

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new CreateHandler(), request(orders("Manage", role).build()));

    assertThat(event.getStatus()).isEqualTo(OperationStatus.IN_PROGRESS);
    // The topic exists; the next invocation only writes the statement.
    assertThat(event.getCallbackContext().isTopicCreated()).isTrue();
    verify(sns, never()).deleteTopic(any(DeleteTopicRequest.class));
    verify(sns).createTopic(any(CreateTopicRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
    verify(kms, times(2)).getKeyPolicy(any(GetKeyPolicyRequest.class));
    verify(kms).putKeyPolicy(any(PutKeyPolicyRequest.class));
  }

  @Test
  void aCreateCalledAgainAfterItsTopicExistsOnlyFinishes() {
    keyIsEnabled();
    final AtomicReference<String> policy = keyPolicy(ROOT_ONLY_POLICY);
    final CallbackContext resumed = new CallbackContext();
    resumed.setTopicCreated(true);
    resumed.setKeyPolicyWritten(true);

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new CreateHandler(), request(orders("Manage", CLOUDWATCH).build()), resumed);

    assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
    verify(sns, never()).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns, never()).createTopic(any(CreateTopicRequest.class));
    assertThat(PolicyEditor.topicStatementIds(policy.get(), TopicArn.of(TOPIC_ARN))).hasSize(1);
    verify(kms).describeKey(any(DescribeKeyRequest.class));
    verify(kms, times(4)).getKeyPolicy(any(GetKeyPolicyRequest.class));
    verify(kms).putKeyPolicy(any(PutKeyPolicyRequest.class));
  }

  @Test
  void aDeleteCalledAgainAfterItsTopicIsGoneOnlyFinishes() {
    final AtomicReference<String> policy = keyPolicy(ROOT_ONLY_POLICY);
    final CallbackContext resumed = new CallbackContext();
    resumed.setTopicDeleted(true);
    resumed.setKeyPolicyWithdrawn(true);

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(
            new DeleteHandler(),
            request(
                ResourceModel.builder()
                    .topicArn(TOPIC_ARN)
                    .kmsKeyArn(KEY_ARN)
                    .keyPolicyMode("Manage")
                    .build()),
            resumed);

    assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
    verifyNoInteractions(sns);
    assertThat(PolicyEditor.equalInMeaning(policy.get(), ROOT_ONLY_POLICY)).isTrue();
  }

  @Test
  void theAwsManagedKeyCannotServeAnySource() {
    final ProgressEvent<ResourceModel, CallbackContext> byDefault =
        run(new CreateHandler(), request(orders("Skip", CLOUDWATCH).kmsMasterKeyId(null).build()));
    assertThat(byDefault.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    assertThat(byDefault.getMessage())
        .contains("default alias/aws/sns")
        .contains("cloudwatch.amazonaws.com");
    verifyNoInteractions(sns, kms);

    final DescribeKeyResponse awsManaged =
        key(KeyState.ENABLED).toBuilder()
            .keyMetadata(
                key(KeyState.ENABLED).keyMetadata().toBuilder()
                    .keyManager(KeyManagerType.AWS)
                    .build())
            .build();
    when(kms.describeKey(any(DescribeKeyRequest.class))).thenReturn(awsManaged);
    final ProgressEvent<ResourceModel, CallbackContext> byArn =
        run(new CreateHandler(), request(orders("Skip", CLOUDWATCH).build()));
    assertThat(byArn.getMessage()).contains("AWS managed key");
    verifyNoInteractions(sns);
    verify(kms).describeKey(any(DescribeKeyRequest.class));
  }

  @Test
  void aMalformedSourceIsAnInvalidRequest() {
    final EventSource both =
        EventSource.builder()
            .servicePrincipal("events.amazonaws.com")
            .roleArn("arn:aws:iam::123456789012:role/x")
            .build();
    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new CreateHandler(), request(orders("Verify", both).build()));
    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    assertThat(event.getMessage()).contains("both ServicePrincipal");
    verifyNoInteractions(sns, kms);
  }

  private void topicExistsWith(final String... attributes) {
    when(sns.getTopicAttributes(any(GetTopicAttributesRequest.class)))
        .thenReturn(
            GetTopicAttributesResponse.builder().attributes(attributes(attributes)).build());
    when(sns.setTopicAttributes(any(SetTopicAttributesRequest.class)))
        .thenReturn(SetTopicAttributesResponse.builder().build());
    when(sns.listTagsForResource(any(ListTagsForResourceRequest.class)))
        .thenReturn(ListTagsForResourceResponse.builder().build());
  }

  @Test
  void anUpdateVerifiesOnlyWhenWhatTheKeyMustGrantChanges() {
    topicExistsWith("KmsMasterKeyId", KEY_ARN, "Policy", recorded("Verify", CLOUDWATCH));
    when(kms.getKeyPolicy(any(GetKeyPolicyRequest.class)))
        .thenReturn(GetKeyPolicyResponse.builder().policy(EVENTS_GRANTED).build());
    final ResourceModel before = orders("Verify", CLOUDWATCH).topicArn(TOPIC_ARN).build();

    run(
        new UpdateHandler(),
        request(orders("Verify", CLOUDWATCH).topicArn(TOPIC_ARN).displayName("x").build(), before));
    verify(kms, never()).getKeyPolicy(any(GetKeyPolicyRequest.class));

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(
            new UpdateHandler(),
            request(orders("Verify", CLOUDWATCH, EVENTS).topicArn(TOPIC_ARN).build(), before));
    assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
    verify(kms).getKeyPolicy(any(GetKeyPolicyRequest.class));
    final ArgumentCaptor<SetTopicAttributesRequest> set =
        ArgumentCaptor.forClass(SetTopicAttributesRequest.class);
    verify(sns, org.mockito.Mockito.atLeastOnce()).setTopicAttributes(set.capture());
    assertThat(set.getAllValues().get(set.getAllValues().size() - 1).attributeValue())
        .contains("events.amazonaws.com");
    verify(sns, times(2)).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns, times(2)).listTagsForResource(any(ListTagsForResourceRequest.class));
  }

  private static final String NEW_KEY_ARN =
      "arn:aws:kms:us-east-1:123456789012:key/2234abcd-12ab-34cd-56ef-1234567890ab";

  /**
   * A Manage topic on KEY_ARN (with its CloudWatch statement there) moving to NEW_KEY_ARN: the key
   * policies of both keys, which GetKeyPolicy and PutKeyPolicy read and write. {@code beforeRead}
   * runs before every GetKeyPolicy answer, with the key and the policies.
   */
  private Map<String, String> movingToANewKey(
      final java.util.function.BiConsumer<String, Map<String, String>> beforeRead) {
    topicExistsWith("KmsMasterKeyId", KEY_ARN, "Policy", recorded("Manage", CLOUDWATCH));
    when(kms.describeKey(any(DescribeKeyRequest.class)))
        .thenReturn(
            key(
                KeyState.ENABLED,
                software.amazon.awssdk.services.kms.model.KeySpec.SYMMETRIC_DEFAULT,
                software.amazon.awssdk.services.kms.model.KeyUsageType.ENCRYPT_DECRYPT,
                NEW_KEY_ARN));
    final Map<String, String> policies = new java.util.concurrent.ConcurrentHashMap<>();
    policies.put(KEY_ARN, withCloudWatchStatement(ROOT_ONLY_POLICY));
    policies.put(NEW_KEY_ARN, ROOT_ONLY_POLICY);
    when(kms.getKeyPolicy(any(GetKeyPolicyRequest.class)))
        .thenAnswer(
            call -> {
              final String keyId = call.getArgument(0, GetKeyPolicyRequest.class).keyId();
              beforeRead.accept(keyId, policies);
              return GetKeyPolicyResponse.builder().policy(policies.get(keyId)).build();
            });
    when(kms.putKeyPolicy(any(PutKeyPolicyRequest.class)))
        .thenAnswer(
            call -> {
              final PutKeyPolicyRequest put = call.getArgument(0, PutKeyPolicyRequest.class);
              policies.put(put.keyId(), put.policy());
              return software.amazon.awssdk.services.kms.model.PutKeyPolicyResponse.builder()
                  .build();
            });
    return policies;
  }

  private static String withCloudWatchStatement(final String policy) {
    return PolicyEditor.withTopicStatements(
        policy,
        TopicArn.of(TOPIC_ARN),
        software.amazon.sns.ssetopic.policy.KeyPolicyStatements.standard()
            .forSources(
                TopicArn.of(TOPIC_ARN),
                List.of(
                    software.amazon.sns.ssetopic.policy.EventSource.service(
                        "cloudwatch.amazonaws.com"))));
  }

  private static GetKeyPolicyRequest onKey(final String keyArn) {
    return argThat(get -> get.keyId().equals(keyArn));
  }

  private ProgressEvent<ResourceModel, CallbackContext> updateToTheNewKey() {
    // What Cloud Control sends: a previous model without the read-only KmsKeyArn.
    final ResourceModel before = orders("Manage", CLOUDWATCH).topicArn(TOPIC_ARN).build();
    return run(
        new UpdateHandler(),
        request(
            orders("Manage", CLOUDWATCH).topicArn(TOPIC_ARN).kmsMasterKeyId(NEW_KEY_ARN).build(),
            before));
  }

  @Test
  void anUpdateToAnotherKeyMovesManagedStatements() {
    final Map<String, String> policies = movingToANewKey((key, all) -> {});

    final ProgressEvent<ResourceModel, CallbackContext> event = updateToTheNewKey();

    assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(PolicyEditor.topicStatementIds(policies.get(NEW_KEY_ARN), TopicArn.of(TOPIC_ARN)))
        .hasSize(1);
    assertThat(PolicyEditor.topicStatementIds(policies.get(KEY_ARN), TopicArn.of(TOPIC_ARN)))
        .isEmpty();
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(sns).setTopicAttributes(any(SetTopicAttributesRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
    // Each key: a read, a re-read before the put, a read-back, and a confirming read at the end.
    verify(kms, times(4)).getKeyPolicy(onKey(KEY_ARN));
    verify(kms, times(4)).getKeyPolicy(onKey(NEW_KEY_ARN));
    verify(kms, times(2)).putKeyPolicy(any(PutKeyPolicyRequest.class));
  }

  @Test
  void anUpdateToAnotherKeyRemovesAgainWhatAStaleWriterPutBackOnThePreviousKey() {
    // Another stack's write, based on a copy read before this topic's statements came out, lands
    // after the removal was read back: the statements are on the previous key again.
    final AtomicInteger previousKeyReads = new AtomicInteger();
    final Map<String, String> policies =
        movingToANewKey(
            (key, all) -> {
              if (key.equals(KEY_ARN) && previousKeyReads.incrementAndGet() == 4) {
                all.put(KEY_ARN, withCloudWatchStatement(ROOT_ONLY_POLICY));
              }
            });

    final ProgressEvent<ResourceModel, CallbackContext> event = updateToTheNewKey();

    assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(PolicyEditor.topicStatementIds(policies.get(KEY_ARN), TopicArn.of(TOPIC_ARN)))
        .isEmpty();
    assertThat(PolicyEditor.topicStatementIds(policies.get(NEW_KEY_ARN), TopicArn.of(TOPIC_ARN)))
        .hasSize(1);
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(sns).setTopicAttributes(any(SetTopicAttributesRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
    // The confirming read found them back: a re-read, a second put and its read-back follow.
    verify(kms, times(6)).getKeyPolicy(onKey(KEY_ARN));
    verify(kms, times(2))
        .putKeyPolicy(argThat((PutKeyPolicyRequest put) -> put.keyId().equals(KEY_ARN)));
    verify(kms, times(4)).getKeyPolicy(onKey(NEW_KEY_ARN));
    verify(kms).putKeyPolicy(argThat((PutKeyPolicyRequest put) -> put.keyId().equals(NEW_KEY_ARN)));
  }

  @Test
  void deleteWithdrawsManagedStatementsFirstResolvingAnAlias() {
    topicExistsWith("KmsMasterKeyId", ALIAS, "Policy", recorded("Manage", CLOUDWATCH));
    when(kms.describeKey(any(DescribeKeyRequest.class))).thenReturn(key(KeyState.ENABLED));
    when(sns.deleteTopic(any(DeleteTopicRequest.class)))
        .thenReturn(DeleteTopicResponse.builder().build());
    final AtomicReference<String> policy = keyPolicy(withCloudWatchStatement(ROOT_ONLY_POLICY));

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(
            new DeleteHandler(),
            // The identifier alone, as Cloud Control sends it: the mode comes from the topic.
            request(ResourceModel.builder().topicArn(TOPIC_ARN).build()));

    assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(PolicyEditor.equalInMeaning(policy.get(), ROOT_ONLY_POLICY)).isTrue();
    verify(sns).deleteTopic(any(DeleteTopicRequest.class));
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
    verify(kms, times(4)).getKeyPolicy(any(GetKeyPolicyRequest.class));
    verify(kms).putKeyPolicy(any(PutKeyPolicyRequest.class));
  }

  @Test
  void readReportsOnlyTheSourcesTheKeyPolicyStillGrants() {
    topicExistsWith("KmsMasterKeyId", KEY_ARN, "Policy", recorded("Verify", CLOUDWATCH, EVENTS));
    keyPolicy(
        KeyPolicies.rootOnlyWith(
            "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                + "\"events.amazonaws.com\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}"));

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new ReadHandler(), request(ResourceModel.builder().topicArn(TOPIC_ARN).build()));

    assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(event.getResourceModel().getEventSources()).containsExactly(EVENTS);
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(kms).getKeyPolicy(any(GetKeyPolicyRequest.class));
  }

  @Test
  void readReportsTheRecordedSourcesWhenTheKeyPolicyCannotBeRead() {
    topicExistsWith("KmsMasterKeyId", KEY_ARN, "Policy", recorded("Manage", CLOUDWATCH));
    when(kms.getKeyPolicy(any(GetKeyPolicyRequest.class)))
        .thenThrow(kmsError("AccessDeniedException", 400));

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new ReadHandler(), request(ResourceModel.builder().topicArn(TOPIC_ARN).build()));

    assertThat(event.getStatus()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(event.getResourceModel().getEventSources()).containsExactly(CLOUDWATCH);
    assertThat(event.getResourceModel().getKeyPolicyMode()).isEqualTo("Manage");
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(kms).getKeyPolicy(any(GetKeyPolicyRequest.class));
  }

  @Test
  void readFindsWhatSnsHasNoAttributeForInTheTopicPolicy() {
    final EventSource scoped =
        EventSource.builder()
            .servicePrincipal("s3.amazonaws.com")
            .sourceArn("arn:aws:s3:::uploads")
            .sourceAccount(ACCOUNT)
            .build();
    topicExistsWith("KmsMasterKeyId", KEY_ARN, "Policy", recorded("Skip", CLOUDWATCH, scoped));
    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new ReadHandler(), request(ResourceModel.builder().topicArn(TOPIC_ARN).build()));
    assertThat(event.getResourceModel().getEventSources())
        .containsExactlyInAnyOrder(CLOUDWATCH, scoped);
    assertThat(event.getResourceModel().getKeyPolicyMode()).isEqualTo("Skip");
    verify(kms, never()).getKeyPolicy(any(GetKeyPolicyRequest.class));
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
  }
}
