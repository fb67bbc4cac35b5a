package software.amazon.sns.ssetopic.integration;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.Tag;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SDK clients on the local AWS (moto), to set the scene and to check what AWS holds. */
final class LocalAws {

  static final URI ENDPOINT =
      URI.create("http://127.0.0.1:" + System.getenv().getOrDefault("MOTO_PORT", "5000"));

  private LocalAws() {}

  static SnsClient sns() {
    return SnsClient.builder()
        .endpointOverride(ENDPOINT)
        .region(Region.of(LocalHandler.REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  static SqsClient sqs() {
    return SqsClient.builder()
        .endpointOverride(ENDPOINT)
        .region(Region.of(LocalHandler.REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  static KmsClient kms(final String region) {
    return KmsClient.builder()
        .endpointOverride(ENDPOINT)
        .region(Region.of(region))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** A new symmetric encryption key; moto needs the usage spelled out. */
  static String symmetricKey(final KmsClient kms) {
    return kms.createKey(
            r ->
                r.keyUsage(KeyUsageType.ENCRYPT_DECRYPT)
                    .keySpec(KeySpec.SYMMETRIC_DEFAULT)
                    .description("integration test"))
        .keyMetadata()
        .arn();
  }

  /** A new symmetric key that opted in to Manage mode with the type's tag. */
  static String manageableKey(final KmsClient kms) {
    final String key = symmetricKey(kms);
    kms.tagResource(
        r ->
            r.keyId(key)
                .tags(Tag.builder().tagKey("sns-ssetopic:manage").tagValue("true").build()));
    return key;
  }

  /** Whether SNS has the topic (moto answers NotFound for a missing one, as SNS does). */
  static boolean topicExists(final SnsClient sns, final String topicArn) {
    try {
      sns.getTopicAttributes(r -> r.topicArn(topicArn));
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }
}
