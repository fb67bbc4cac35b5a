package software.amazon.sns.ssetopic;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DescribeKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.Credentials;
import software.amazon.cloudformation.proxy.LoggerProxy;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ProxyClient;
import software.amazon.cloudformation.proxy.ResourceHandlerRequest;
import software.amazon.sns.ssetopic.fixtures.KeyPolicies;
import software.amazon.sns.ssetopic.fixtures.TestAccounts;

/** Handlers run against Mockito SDK clients through the real CloudFormation proxy. */
abstract class HandlerTestBase {

  static final String REGION = "us-east-1";
  static final String ACCOUNT = TestAccounts.ACCOUNT;
  static final String TOPIC_ARN = "arn:aws:sns:us-east-1:" + ACCOUNT + ":orders";
  static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
  static final String KEY_ARN = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/" + KEY_ID;
  static final String ALIAS = "alias/orders";
  static final String CLIENT_TOKEN = "4b90a7e4-b790-456b-a937-0cfdfa211dfe";

  AmazonWebServicesClientProxy proxy;
  SnsClient sns;
  KmsClient kms;
  software.amazon.awssdk.services.sqs.SqsClient sqs;
  BaseHandlerStd.Clients clients;
  LoggerProxy logger;

  @BeforeEach
  void setUpClients() {
    logger = new LoggerProxy();
    proxy =
        new AmazonWebServicesClientProxy(
            logger,
            new Credentials("accessKey", "secretKey", "token"),
            () -> Duration.ofMinutes(10).toMillis());
    sns = mock(SnsClient.class);
    kms = mock(KmsClient.class);
    sqs = mock(software.amazon.awssdk.services.sqs.SqsClient.class);
    clients = new BaseHandlerStd.Clients(proxyClient(sns), proxyClient(kms), proxyClient(sqs));
    // Keys opted in to Manage mode unless a test says otherwise.
    optedInTags(Map.of("sns-ssetopic:manage", "true"));
    topicSubscriptions();
    // Queues are unencrypted unless a test says otherwise: Verify finds nothing to ask KMS.
    org.mockito.Mockito.lenient()
        .when(
            sqs.getQueueUrl(
                org.mockito.ArgumentMatchers.any(
                    software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest.class)))
        .thenReturn(
            software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse.builder()
                .queueUrl("https://sqs.us-east-1.amazonaws.com/123456789012/orders-queue")
                .build());
    org.mockito.Mockito.lenient()
        .when(
            sqs.getQueueAttributes(
                org.mockito.ArgumentMatchers.any(
                    software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest.class)))
        .thenReturn(
            software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse.builder().build());
    org.mockito.Mockito.lenient()
        .when(
            sns.getDataProtectionPolicy(
                org.mockito.ArgumentMatchers.any(
                    software.amazon.awssdk.services.sns.model.GetDataProtectionPolicyRequest
                        .class)))
        .thenReturn(
            software.amazon.awssdk.services.sns.model.GetDataProtectionPolicyResponse.builder()
                .build());
  }

  /**
   * No AWS call the test did not expect: every call a test makes its handler send is verified by
   * the test, except the reads the set-up above answers for every test (subscriptions, data
   * protection policy, the key's opt-in tag, an unencrypted queue), which a handler may make or not
   * depending on the model.
   */
  @AfterEach
  void noUnexpectedAwsCalls() {
    verify(sns, atLeast(0))
        .listSubscriptionsByTopic(
            any(software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicRequest.class));
    verify(sns, atLeast(0))
        .getDataProtectionPolicy(
            any(software.amazon.awssdk.services.sns.model.GetDataProtectionPolicyRequest.class));
    verify(kms, atLeast(0))
        .listResourceTags(
            any(software.amazon.awssdk.services.kms.model.ListResourceTagsRequest.class));
    verify(sqs, atLeast(0))
        .getQueueUrl(any(software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest.class));
    verify(sqs, atLeast(0))
        .getQueueAttributes(
            any(software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest.class));
    // Not an AWS call: the CloudFormation proxy names each call with the client's service name.
    verify(sns, atLeast(0)).serviceName();
    verify(kms, atLeast(0)).serviceName();
    verify(sqs, atLeast(0)).serviceName();
    // Named first: through the proxy, Mockito's own report shows where a call came from, not which.
    final java.util.List<String> unverified =
        java.util.stream.Stream.of(sns, kms, sqs)
            .flatMap(client -> org.mockito.Mockito.mockingDetails(client).getInvocations().stream())
            .filter(call -> !call.isVerified())
            .map(
                call ->
                    call.getMethod().getDeclaringClass().getSimpleName()
                        + "."
                        + call.getMethod().getName())
            .toList();
    org.assertj.core.api.Assertions.assertThat(unverified)
        .as("AWS calls the test did not verify")
        .isEmpty();
    verifyNoMoreInteractions(sns, kms, sqs);
  }

  /**
   * ListSubscriptionsByTopic answers these pages, each a list of (protocol, endpoint, ARN) triples;
   * no argument: no subscriptions.
   */
  void topicSubscriptions(final String[]... pages) {
    final java.util.List<software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicResponse>
        responses = new java.util.ArrayList<>();
    for (int page = 0; page < Math.max(1, pages.length); page++) {
      final java.util.List<software.amazon.awssdk.services.sns.model.Subscription> subscriptions =
          new java.util.ArrayList<>();
      final String[] triples = pages.length == 0 ? new String[0] : pages[page];
      for (int i = 0; i < triples.length; i += 3) {
        subscriptions.add(
            software.amazon.awssdk.services.sns.model.Subscription.builder()
                .protocol(triples[i])
                .endpoint(triples[i + 1])
                .subscriptionArn(triples[i + 2])
                .topicArn(TOPIC_ARN)
                .build());
      }
      responses.add(
          software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicResponse.builder()
              .subscriptions(subscriptions)
              .nextToken(page + 1 < pages.length ? "page" + (page + 1) : null)
              .build());
    }
    org.mockito.Mockito.lenient()
        .when(
            sns.listSubscriptionsByTopic(
                org.mockito.ArgumentMatchers.any(
                    software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicRequest
                        .class)))
        .thenReturn(
            responses.get(0),
            responses
                .subList(1, responses.size())
                .toArray(
                    new software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicResponse
                        [0]));
  }

  <T> ProxyClient<T> proxyClient(final T client) {
    return new ProxyClient<>() {
      @Override
      public <RequestT extends AwsRequest, ResponseT extends AwsResponse>
          ResponseT injectCredentialsAndInvokeV2(
              final RequestT request, final Function<RequestT, ResponseT> call) {
        return proxy.injectCredentialsAndInvokeV2(request, call);
      }

      @Override
      public T client() {
        return client;
      }
    };
  }

  ProgressEvent<ResourceModel, CallbackContext> run(
      final BaseHandlerStd handler, final ResourceHandlerRequest<ResourceModel> request) {
    return run(handler, request, new CallbackContext());
  }

  ProgressEvent<ResourceModel, CallbackContext> run(
      final BaseHandlerStd handler,
      final ResourceHandlerRequest<ResourceModel> request,
      final CallbackContext context) {
    return handler.handleRequest(proxy, request, context, clients, logger);
  }

  static ResourceHandlerRequest<ResourceModel> request(final ResourceModel desired) {
    return request(desired, null);
  }

  static ResourceHandlerRequest<ResourceModel> request(
      final ResourceModel desired, final ResourceModel previous) {
    return ResourceHandlerRequest.<ResourceModel>builder()
        .desiredResourceState(desired)
        .previousResourceState(previous)
        .desiredResourceTags(desired == null ? null : TopicTags.toMap(desired.getTags()))
        .region(REGION)
        .awsAccountId(ACCOUNT)
        .awsPartition("aws")
        .logicalResourceIdentifier("OrdersTopic")
        .clientRequestToken(CLIENT_TOKEN)
        .build();
  }

  /** CreateTopic answers the topic's ARN, and the topic carries this request's creation token. */
  void topicIsCreatedByThisRequest() {
    org.mockito.Mockito.lenient()
        .when(
            sns.createTopic(
                org.mockito.ArgumentMatchers.any(
                    software.amazon.awssdk.services.sns.model.CreateTopicRequest.class)))
        .thenReturn(
            software.amazon.awssdk.services.sns.model.CreateTopicResponse.builder()
                .topicArn(TOPIC_ARN)
                .build());
    topicTags(TopicTags.CREATION_TOKEN, CLIENT_TOKEN);
  }

  /** ListTagsForResource answers these key-value pairs. */
  void topicTags(final String... pairs) {
    final java.util.List<software.amazon.awssdk.services.sns.model.Tag> tags =
        new java.util.ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      tags.add(
          software.amazon.awssdk.services.sns.model.Tag.builder()
              .key(pairs[i])
              .value(pairs[i + 1])
              .build());
    }
    org.mockito.Mockito.lenient()
        .when(
            sns.listTagsForResource(
                org.mockito.ArgumentMatchers.any(
                    software.amazon.awssdk.services.sns.model.ListTagsForResourceRequest.class)))
        .thenReturn(
            software.amazon.awssdk.services.sns.model.ListTagsForResourceResponse.builder()
                .tags(tags)
                .build());
  }

  static DescribeKeyResponse key(final KeyState state) {
    return key(state, KeySpec.SYMMETRIC_DEFAULT, KeyUsageType.ENCRYPT_DECRYPT, KEY_ARN);
  }

  static DescribeKeyResponse key(
      final KeyState state, final KeySpec spec, final KeyUsageType usage, final String arn) {
    return DescribeKeyResponse.builder()
        .keyMetadata(
            KeyMetadata.builder()
                .arn(arn)
                .keyId(arn.substring(arn.lastIndexOf('/') + 1))
                .keyState(state)
                .keySpec(spec)
                .keyUsage(usage)
                .build())
        .build();
  }

  static AwsServiceException snsError(final String code, final int status) {
    return SnsException.builder()
        .awsErrorDetails(
            AwsErrorDetails.builder().errorCode(code).errorMessage(code + " happened").build())
        .statusCode(status)
        .build();
  }

  static AwsServiceException kmsError(final String code, final int status) {
    return KmsException.builder()
        .awsErrorDetails(
            AwsErrorDetails.builder().errorCode(code).errorMessage(code + " happened").build())
        .statusCode(status)
        .build();
  }

  static final String ROOT_ONLY_POLICY = KeyPolicies.rootOnly();

  /** A key policy that KMS keeps: GetKeyPolicy answers what PutKeyPolicy last stored. */
  java.util.concurrent.atomic.AtomicReference<String> keyPolicy(final String initial) {
    final java.util.concurrent.atomic.AtomicReference<String> stored =
        new java.util.concurrent.atomic.AtomicReference<>(initial);
    org.mockito.Mockito.lenient()
        .when(
            kms.getKeyPolicy(
                org.mockito.ArgumentMatchers.any(
                    software.amazon.awssdk.services.kms.model.GetKeyPolicyRequest.class)))
        .thenAnswer(
            call ->
                software.amazon.awssdk.services.kms.model.GetKeyPolicyResponse.builder()
                    .policy(stored.get())
                    .build());
    org.mockito.Mockito.lenient()
        .when(
            kms.putKeyPolicy(
                org.mockito.ArgumentMatchers.any(
                    software.amazon.awssdk.services.kms.model.PutKeyPolicyRequest.class)))
        .thenAnswer(
            call -> {
              stored.set(
                  call.getArgument(
                          0, software.amazon.awssdk.services.kms.model.PutKeyPolicyRequest.class)
                      .policy());
              return software.amazon.awssdk.services.kms.model.PutKeyPolicyResponse.builder()
                  .build();
            });
    return stored;
  }

  /** The key's tags as ListResourceTags answers them (Manage mode's opt-in check). */
  void optedInTags(final Map<String, String> tags) {
    org.mockito.Mockito.lenient()
        .when(
            kms.listResourceTags(
                org.mockito.ArgumentMatchers.any(
                    software.amazon.awssdk.services.kms.model.ListResourceTagsRequest.class)))
        .thenReturn(
            software.amazon.awssdk.services.kms.model.ListResourceTagsResponse.builder()
                .tags(
                    tags.entrySet().stream()
                        .map(
                            e ->
                                software.amazon.awssdk.services.kms.model.Tag.builder()
                                    .tagKey(e.getKey())
                                    .tagValue(e.getValue())
                                    .build())
                        .toList())
                .truncated(false)
                .build());
  }

  static Map<String, String> attributes(final String... pairs) {
    final java.util.Map<String, String> map = new java.util.HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
