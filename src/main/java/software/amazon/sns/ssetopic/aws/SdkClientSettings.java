package software.amazon.sns.ssetopic.aws;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;

/**
 * What every SDK client of the handlers and of the CLI is configured with: the region, an endpoint
 * override only as {@link EndpointGuard} accepts it, the guarded endpoint rules for SNS and KMS,
 * and the caller's HTTP client. Credentials and timeouts stay with each caller: the handler's
 * clients have none of their own (the CloudFormation proxy injects the caller's), the CLI's use the
 * SDK's default chain.
 */
public final class SdkClientSettings {

  private SdkClientSettings() {}

  /** An SNS client builder whose every resolved endpoint is checked by the guard. */
  public static SnsClientBuilder snsBuilder() {
    return SnsClient.builder().endpointProvider(EndpointGuard.snsEndpoints());
  }

  /** A KMS client builder whose every resolved endpoint is checked by the guard. */
  public static KmsClientBuilder kmsBuilder() {
    return KmsClient.builder().endpointProvider(EndpointGuard.kmsEndpoints());
  }

  /**
   * Sets the region, the endpoint override the environment names (checked first, so a refused one
   * fails before anything is built) and the HTTP client.
   *
   * @param serviceId the SDK's service ID in upper case, for example {@code SNS}
   * @throws EndpointRefusedException when the override is malformed or plain HTTP to a remote host
   */
  public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      final B builder,
      final String serviceId,
      final String region,
      final SdkHttpClient http,
      final Map<String, String> env,
      final Map<String, String> props) {
    EndpointGuard.overrideFor(serviceId, env, props).ifPresent(builder::endpointOverride);
    return builder.region(Region.of(region)).httpClient(http);
  }

  /** The JVM's system properties as the map {@link EndpointGuard#overrideFor} reads. */
  public static Map<String, String> systemProperties() {
    final Map<String, String> props = new HashMap<>();
    System.getProperties().forEach((k, v) -> props.put(String.valueOf(k), String.valueOf(v)));
    return props;
  }
}
