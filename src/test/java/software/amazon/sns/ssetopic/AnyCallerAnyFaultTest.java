package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyResponse;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.PutKeyPolicyRequest;
import software.amazon.awssdk.services.sns.model.CreateTopicRequest;
import software.amazon.awssdk.services.sns.model.DeleteTopicRequest;
import software.amazon.awssdk.services.sns.model.DeleteTopicResponse;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesResponse;
import software.amazon.awssdk.services.sns.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.sns.model.ListTopicsRequest;
import software.amazon.awssdk.services.sns.model.SetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.SetTopicAttributesResponse;
import software.amazon.awssdk.services.sns.model.TagResourceRequest;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.sns.ssetopic.policy.KeyPolicyStatements;
import software.amazon.sns.ssetopic.policy.PolicyEditor;
import software.amazon.sns.ssetopic.policy.TopicArn;

/**
 * Callers that send the identifier alone or a model Read produced (Cloud Control, import, drift),
 * and AWS calls that fail, hang or lose their answer.
 */
class AnyCallerAnyFaultTest extends HandlerTestBase {

  private static final EventSource CLOUDWATCH =
      EventSource.builder().servicePrincipal("cloudwatch.amazonaws.com").build();
  private static final EventSource EVENTS =
      EventSource.builder().servicePrincipal("events.amazonaws.com").build();

  private static ResourceModel.ResourceModelBuilder managed(final EventSource... sources) {
    return ResourceModel.builder()
        .topicArn(TOPIC_ARN)
        .kmsMasterKeyId(KEY_ARN)
        .keyPolicyMode("Manage")
        .eventSources(Set.of(sources));
  }

  private static String recordOf(final ResourceModel model) {
    return TopicSettings.createAttributes(model).get("Policy");
  }

  /** The topic exists with this key and this topic policy; SetTopicAttributes works. */
  private void topicExists(final String key, final String policy) {
    when(sns.getTopicAttributes(any(GetTopicAttributesRequest.class)))
        .thenReturn(
            GetTopicAttributesResponse.builder()
                .attributes(
                    policy == null
                        ? attributes("KmsMasterKeyId", key)
                        : attributes("KmsMasterKeyId", key, "Policy", policy))
                .build());
    org.mockito.Mockito.lenient()
        .when(sns.setTopicAttributes(any(SetTopicAttributesRequest.class)))
        .thenReturn(SetTopicAttributesResponse.builder().build());
    topicTags();
  }

  private static String keyPolicyWith(final EventSource... sources) {
    return PolicyEditor.withTopicStatements(
        ROOT_ONLY_POLICY,
        TopicArn.of(TOPIC_ARN),
        KeyPolicyStatements.standard()
            .forSources(
                TopicArn.of(TOPIC_ARN), EventSourceSettings.sources(managed(sources).build())));
  }

  @Test
  void anUpdateBuiltFromReadKeepsEveryGrant() {
    final ResourceModel created = managed(CLOUDWATCH, EVENTS).build();
    topicExists(KEY_ARN, recordOf(created));
    final AtomicReference<String> keyPolicy = keyPolicy(keyPolicyWith(CLOUDWATCH, EVENTS));
    final ResourceModel read =
        TopicSettings.fromAttributes(
            TOPIC_ARN, attributes("KmsMasterKeyId", KEY_ARN, "Policy", recordOf(created)));
    final ResourceModel desired =
        TopicSettings.fromAttributes(
            TOPIC_ARN, attributes("KmsMasterKeyId", KEY_ARN, "Policy", recordOf(created)));
    desired.setDisplayName("Orders");

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new UpdateHandler(), request(desired, read));

    assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
    final ArgumentCaptor<SetTopicAttributesRequest> set =
        ArgumentCaptor.forClass(SetTopicAttributesRequest.class);
    verify(sns).setTopicAttributes(set.capture());
    assertThat(set.getValue().attributeName()).isEqualTo("DisplayName");
    assertThat(PolicyEditor.topicStatementIds(keyPolicy.get(), TopicArn.of(TOPIC_ARN))).hasSize(2);
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(kms).getKeyPolicy(any(GetKeyPolicyRequest.class));
  }

  @Test
  void manageToSkipWithoutKmsKeyArnInThePreviousModelWithdrawsTheStatements() {
    topicExists(KEY_ARN, recordOf(managed(CLOUDWATCH).build()));
    final AtomicReference<String> keyPolicy = keyPolicy(keyPolicyWith(CLOUDWATCH));

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(
            new UpdateHandler(),
            request(
                managed(CLOUDWATCH).keyPolicyMode("Skip").build(), managed(CLOUDWATCH).build()));

    assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(PolicyEditor.equalInMeaning(keyPolicy.get(), ROOT_ONLY_POLICY)).isTrue();
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(sns).setTopicAttributes(any(SetTopicAttributesRequest.class));
    // Read, re-read before the put, read-back; and at the end, the read confirming the removal.
    verify(kms, times(4)).getKeyPolicy(any(GetKeyPolicyRequest.class));
    verify(kms).putKeyPolicy(any(PutKeyPolicyRequest.class));
  }

  @Test
  void aConfirmingReadOfTheKeyLeftThatHangsIsMadeAgainByTheNextInvocation() {
    topicExists(KEY_ARN, recordOf(managed(CLOUDWATCH).build()));
    final AtomicReference<String> keyPolicy = keyPolicy(keyPolicyWith(CLOUDWATCH));
    final AtomicInteger reads = new AtomicInteger();
    when(kms.getKeyPolicy(any(GetKeyPolicyRequest.class)))
        .thenAnswer(
            call -> {
              if (reads.incrementAndGet() == 4) { // the read confirming the removal
                throw SdkClientException.builder()
                    .message("Read timed out")
                    .cause(new SocketTimeoutException("Read timed out"))
                    .build();
              }
              return GetKeyPolicyResponse.builder().policy(keyPolicy.get()).build();
            });
    final ResourceModel skip = managed(CLOUDWATCH).keyPolicyMode("Skip").build();

    final ProgressEvent<ResourceModel, CallbackContext> first =
        run(new UpdateHandler(), request(skip, managed(CLOUDWATCH).build()));

    assertThat(first.getStatus()).as(first.getMessage()).isEqualTo(OperationStatus.IN_PROGRESS);
    assertThat(first.getCallbackContext().isKeyPolicyWithdrawn()).isTrue();
    // Called again, the Update takes the calls already answered from its context (the proxy
    // records them there) and makes the confirming read again.
    final ProgressEvent<ResourceModel, CallbackContext> second =
        run(
            new UpdateHandler(),
            request(skip, managed(CLOUDWATCH).build()),
            first.getCallbackContext());

    assertThat(second.getStatus()).as(second.getMessage()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(PolicyEditor.equalInMeaning(keyPolicy.get(), ROOT_ONLY_POLICY)).isTrue();
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(sns).setTopicAttributes(any(SetTopicAttributesRequest.class));
    verify(kms, times(5)).getKeyPolicy(any(GetKeyPolicyRequest.class));
    verify(kms).putKeyPolicy(any(PutKeyPolicyRequest.class));
  }

  @Test
  void aTopicDeletedOutOfBandHasItsStatementsWithdrawnThenIsNotFound() {
    when(sns.getTopicAttributes(any(GetTopicAttributesRequest.class)))
        .thenThrow(snsError("NotFound", 404));
    final AtomicReference<String> keyPolicy = keyPolicy(keyPolicyWith(CLOUDWATCH));

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new DeleteHandler(), request(managed(CLOUDWATCH).build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.NotFound);
    assertThat(PolicyEditor.equalInMeaning(keyPolicy.get(), ROOT_ONLY_POLICY)).isTrue();
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(kms, times(3)).getKeyPolicy(any(GetKeyPolicyRequest.class));
    verify(kms).putKeyPolicy(any(PutKeyPolicyRequest.class));
  }

  @Test
  void aKeyPendingDeletionDoesNotHoldUpTheDelete() {
    topicExists(KEY_ARN, recordOf(managed(CLOUDWATCH).build()));
    when(kms.getKeyPolicy(any(GetKeyPolicyRequest.class)))
        .thenThrow(kmsError("KMSInvalidStateException", 400));
    when(sns.deleteTopic(any(DeleteTopicRequest.class)))
        .thenReturn(DeleteTopicResponse.builder().build());

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(new DeleteHandler(), request(ResourceModel.builder().topicArn(TOPIC_ARN).build()));

    assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
    verify(sns).deleteTopic(any(DeleteTopicRequest.class));
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(kms).getKeyPolicy(any(GetKeyPolicyRequest.class));
  }

  @Test
  void aPutKeyPolicyWhoseAnswerWasLostIsSettledByReadingThePolicy() {
    when(kms.describeKey(any(DescribeKeyRequest.class))).thenReturn(key(KeyState.ENABLED));
    topicIsCreatedByThisRequest();
    final AtomicReference<String> keyPolicy = keyPolicy(ROOT_ONLY_POLICY);
    final AtomicInteger puts = new AtomicInteger();
    when(kms.putKeyPolicy(any(PutKeyPolicyRequest.class)))
        .thenAnswer(
            call -> {
              puts.incrementAndGet();
              keyPolicy.set(call.getArgument(0, PutKeyPolicyRequest.class).policy());
              throw SdkClientException.builder()
                  .message("Connection reset")
                  .cause(new SocketException("Connection reset"))
                  .build();
            });

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(
            new CreateHandler(),
            request(managed(CLOUDWATCH).topicArn(null).topicName("orders").build()));

    assertThat(event.getStatus()).as(event.getMessage()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(puts).hasValue(1);
    assertThat(PolicyEditor.topicStatementIds(keyPolicy.get(), TopicArn.of(TOPIC_ARN))).hasSize(1);
    verify(sns).createTopic(any(CreateTopicRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(kms).describeKey(any(DescribeKeyRequest.class));
    verify(kms, times(4)).getKeyPolicy(any(GetKeyPolicyRequest.class));
    verify(kms).putKeyPolicy(any(PutKeyPolicyRequest.class));
  }

  @Test
  void aFailedUpdateSaysWhatItAlreadyChanged() {
    topicExists(KEY_ARN, null);
    when(sns.tagResource(any(TagResourceRequest.class)))
        .thenThrow(snsError("AuthorizationError", 403));

    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(
            new UpdateHandler(),
            request(
                ResourceModel.builder()
                    .topicArn(TOPIC_ARN)
                    .kmsMasterKeyId(KEY_ARN)
                    .displayName("Orders")
                    .tags(Set.of(new Tag("team", "payments")))
                    .build()));

    assertThat(event.getStatus()).isEqualTo(OperationStatus.FAILED);
    assertThat(event.getMessage()).contains("Already done by this action").contains("DisplayName");
    verify(sns).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns).listTagsForResource(any(ListTagsForResourceRequest.class));
    verify(sns).setTopicAttributes(any(SetTopicAttributesRequest.class));
    verify(sns).tagResource(any(TagResourceRequest.class));
  }

  @Test
  void anInvocationOutOfTimeYieldsBeforeTheNextCall() {
    final BaseHandlerStd.Clients late =
        new BaseHandlerStd.Clients(
            clients.sns(), clients.kms(), clients.sqs(), new InvocationBudget(() -> 0L, 1L));

    final ProgressEvent<ResourceModel, CallbackContext> event =
        new CreateHandler()
            .handleRequest(
                proxy,
                request(managed(CLOUDWATCH).topicArn(null).topicName("orders").build()),
                new CallbackContext(),
                late,
                logger);

    assertThat(event.getStatus()).isEqualTo(OperationStatus.IN_PROGRESS);
    assertThat(event.getCallbackContext().getTimeYields()).isEqualTo(1);
    verifyNoInteractions(sns, kms);
  }

  @Test
  void duplicateTagKeysAreRefusedNamingThem() {
    final ProgressEvent<ResourceModel, CallbackContext> event =
        run(
            new CreateHandler(),
            request(
                ResourceModel.builder()
                    .topicName("orders")
                    .tags(Set.of(new Tag("team", "a"), new Tag("team", "b")))
                    .build()));

    assertThat(event.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    assertThat(event.getMessage()).contains("team").contains("more than once");
    verifyNoInteractions(sns, kms);
  }

  @Test
  void nullModelsAndMalformedArnsGetReadableAnswers() {
    assertThat(run(new ReadHandler(), request(null)).getErrorCode())
        .isEqualTo(HandlerErrorCode.NotFound);
    assertThat(run(new ListHandler(), request(null)).getStatus())
        .isIn(OperationStatus.SUCCESS, OperationStatus.FAILED);
    final ResourceModel malformed = ResourceModel.builder().topicArn("not-an-arn").build();
    final ProgressEvent<ResourceModel, CallbackContext> read =
        run(new ReadHandler(), request(malformed));
    assertThat(read.getErrorCode()).isEqualTo(HandlerErrorCode.NotFound);
    assertThat(read.getMessage()).contains("'not-an-arn'").doesNotContain("null");
    assertThat(run(new DeleteHandler(), request(malformed)).getErrorCode())
        .isEqualTo(HandlerErrorCode.NotFound);
    final ProgressEvent<ResourceModel, CallbackContext> update =
        run(new UpdateHandler(), request(malformed));
    assertThat(update.getErrorCode()).isEqualTo(HandlerErrorCode.InvalidRequest);
    assertThat(update.getMessage()).contains("'not-an-arn'");
    verify(sns, never()).getTopicAttributes(any(GetTopicAttributesRequest.class));
    verify(sns).listTopics(any(ListTopicsRequest.class));
  }

  @Test
  void readOfAForeignStatementReportsNothingForIt() {
    // A statement with this topic's Sid prefix but edited by hand no longer matches its hash.
    final String edited =
        recordOf(managed(CLOUDWATCH).build())
            .replace("cloudwatch.amazonaws.com", "x.amazonaws.com");
    assertThat(
            TopicSettings.fromAttributes(TOPIC_ARN, attributes("Policy", edited)).getEventSources())
        .isNull();
  }
}
