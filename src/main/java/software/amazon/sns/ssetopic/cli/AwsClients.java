package software.amazon.sns.ssetopic.cli;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.sns.ssetopic.aws.EndpointGuard;
import software.amazon.sns.ssetopic.aws.SdkClientSettings;

/**
 * The SNS and KMS clients of {@code ssetopic diagnose}: the SDK's default credentials chain
 * (environment, profile, container, instance), the JDK-based HTTP client, and an endpoint override
 * only as the handler accepts one ({@link EndpointGuard}: https anywhere, plain http to loopback),
 * all set as for the handler by {@link SdkClientSettings}.
 *
 * @throws software.amazon.sns.ssetopic.aws.EndpointRefusedException when an override is refused
 */
record AwsClients(
    SnsClient sns, KmsClient kms, SdkHttpClient http, DefaultCredentialsProvider credentials)
    implements AutoCloseable {

  static AwsClients create(
      final String region, final Map<String, String> env, final Map<String, String> props) {
    final SdkHttpClient http = UrlConnectionHttpClient.create();
    final DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
    SnsClient sns = null;
    try {
      sns =
          SdkClientSettings.configure(
                  SdkClientSettings.snsBuilder(), "SNS", region, http, env, props)
              .credentialsProvider(credentials)
              .build();
      final KmsClient kms =
          SdkClientSettings.configure(
                  SdkClientSettings.kmsBuilder(), "KMS", region, http, env, props)
              .credentialsProvider(credentials)
              .build();
      return new AwsClients(sns, kms, http, credentials);
    } catch (RuntimeException e) {
      // A refused endpoint: close what was built before it.
      if (sns != null) {
        sns.close();
      }
      http.close();
      credentials.close();
      throw e;
    }
  }

  /**
   * When the default chain finds no credentials: one line naming every place it looked (the SDK's
   * own message lists each provider's exception and runs to well over a thousand characters).
   */
  Optional<String> missingCredentials(final Map<String, String> env) {
    try {
      credentials.resolveCredentials();
      return Optional.empty();
    } catch (SdkClientException e) {
      final String named = env.get("AWS_PROFILE");
      final String profile = named == null || named.isBlank() ? "default" : named.strip();
      return Optional.of(
          "no AWS credentials found: looked for AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in"
              + " the environment and the aws.accessKeyId system property, a web identity token"
              + " (AWS_WEB_IDENTITY_TOKEN_FILE), the profile '"
              + profile
              + "' in ~/.aws/credentials and ~/.aws/config, the container credentials endpoint"
              + " and the EC2 instance metadata; set one of them (for example aws configure, or"
              + " AWS_PROFILE)");
    }
  }

  @Override
  public void close() {
    sns.close();
    kms.close();
    http.close();
  }
}
