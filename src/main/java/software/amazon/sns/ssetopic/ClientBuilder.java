package software.amazon.sns.ssetopic;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.endpoints.SqsEndpointProvider;
import software.amazon.sns.ssetopic.aws.EndpointGuard;
import software.amazon.sns.ssetopic.aws.SdkClientSettings;

/**
 * SDK clients, one per service and region, created on first use and kept for the life of the JVM (a
 * warm Lambda reuses them). They carry no credentials of their own: every call goes through the
 * CloudFormation proxy, which supplies the caller's.
 */
final class ClientBuilder {

  /**
   * One attempt of an API call; SNS and KMS answer control-plane calls in well under a second, so
   * an attempt this long is a hung connection that the SDK's retry should replace.
   */
  static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);

  /** A whole API call, retries included: a hung AWS endpoint cannot hold an invocation longer. */
  static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(12);

  private static final AwsCredentialsProvider ONLY_INJECTED_CREDENTIALS =
      () -> {
        throw new IllegalStateException(
            "SDK call made outside the CloudFormation proxy: no caller credentials");
      };

  private static final Map<String, SnsClient> SNS = new ConcurrentHashMap<>();
  private static final Map<String, KmsClient> KMS = new ConcurrentHashMap<>();
  private static final Map<String, SqsClient> SQS = new ConcurrentHashMap<>();

  private ClientBuilder() {}

  static SnsClient sns(final String region) {
    return SNS.computeIfAbsent(
        region, r -> configure(SdkClientSettings.snsBuilder(), "SNS", r).build());
  }

  static KmsClient kms(final String region) {
    return KMS.computeIfAbsent(
        region, r -> configure(SdkClientSettings.kmsBuilder(), "KMS", r).build());
  }

  static SqsClient sqs(final String region) {
    return SQS.computeIfAbsent(
        region,
        r -> configure(SqsClient.builder().endpointProvider(sqsEndpoints()), "SQS", r).build());
  }

  /**
   * The SDK's endpoint rules for SQS, every resolved endpoint checked as SNS's and KMS's are (the
   * calls carry the caller's session token); here, not in the shared layer, because the CLI makes
   * no SQS call and its jar holds no SQS client.
   */
  private static SqsEndpointProvider sqsEndpoints() {
    final SqsEndpointProvider rules = SqsEndpointProvider.defaultProvider();
    return params -> EndpointGuard.checked(rules.resolveEndpoint(params));
  }

  private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      final B builder, final String serviceId, final String region) {
    return SdkClientSettings.configure(
            builder,
            serviceId,
            region,
            HttpClientHolder.HTTP_CLIENT,
            System.getenv(),
            SdkClientSettings.systemProperties())
        .credentialsProvider(ONLY_INJECTED_CREDENTIALS)
        .overrideConfiguration(
            config ->
                config
                    .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
                    .apiCallTimeout(API_CALL_TIMEOUT));
  }

  /** The lightweight JDK-based HTTP client, shared by every client; built on first use. */
  private static final class HttpClientHolder {
    static final SdkHttpClient HTTP_CLIENT =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(API_CALL_ATTEMPT_TIMEOUT)
            .build();
  }
}
