package software.amazon.sns.ssetopic.local;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Benchmark tooling, not shipped: the floor of a cold start. A fresh JVM makes the AWS calls a cold
 * READ or CREATE of the handler makes, with the same SDK and HTTP client and nothing else (no RPDK
 * wrapper, no schema, no policy engine), so {@code make bench-cold} can say how much of a cold
 * start is the handler's own.
 *
 * <p>Usage: {@code ColdStartFloor READ <topic ARN>} or {@code ColdStartFloor CREATE <name> <key
 * ARN>}, with AWS_ENDPOINT_URL and AWS_REGION set as for the handler.
 */
public final class ColdStartFloor {

  private ColdStartFloor() {}

  public static void main(final String[] args) {
    final Region region = Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1"));
    final URI endpoint = URI.create(System.getenv("AWS_ENDPOINT_URL"));
    final StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(
            AwsSessionCredentials.create("testing", "testing", "testing"));
    final UrlConnectionHttpClient.Builder http =
        UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(5));
    try (SnsClient sns =
        SnsClient.builder()
            .region(region)
            .endpointOverride(endpoint)
            .credentialsProvider(credentials)
            .httpClient(http.build())
            .build()) {
      if (args[0].equals("READ")) {
        sns.getTopicAttributes(r -> r.topicArn(args[1]));
        sns.listTagsForResource(r -> r.resourceArn(args[1]));
        sns.listSubscriptionsByTopic(r -> r.topicArn(args[1]));
        sns.getDataProtectionPolicy(r -> r.resourceArn(args[1]));
      } else {
        try (KmsClient kms =
            KmsClient.builder()
                .region(region)
                .endpointOverride(endpoint)
                .credentialsProvider(credentials)
                .httpClient(http.build())
                .build()) {
          kms.describeKey(r -> r.keyId(args[2]));
        }
        final String arn =
            sns.createTopic(
                    r -> r.name(args[1]).attributes(java.util.Map.of("KmsMasterKeyId", args[2])))
                .topicArn();
        sns.listTagsForResource(r -> r.resourceArn(arn));
      }
    }
    System.out.println("SUCCESS");
  }
}
