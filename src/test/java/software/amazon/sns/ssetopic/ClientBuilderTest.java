package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.sns.ssetopic.aws.AwsFailures;
import software.amazon.sns.ssetopic.aws.EndpointGuard;
import software.amazon.sns.ssetopic.aws.EndpointRefusedException;

class ClientBuilderTest {

  @Test
  void keepsOneClientPerServiceAndRegion() {
    final SnsClient east = ClientBuilder.sns("us-east-1");
    assertThat(ClientBuilder.sns("us-east-1")).isSameAs(east);
    assertThat(ClientBuilder.sns("eu-west-1")).isNotSameAs(east);
    final KmsClient kms = ClientBuilder.kms("us-east-1");
    assertThat(ClientBuilder.kms("us-east-1")).isSameAs(kms);
  }

  @Test
  void refusesPlainHttpToAHostThatIsNotLoopback() {
    System.setProperty("aws.endpointUrlSns", "http://sns.internal.example:8080");
    try {
      assertThatThrownBy(() -> ClientBuilder.sns("ca-central-1"))
          .isInstanceOf(EndpointRefusedException.class)
          .hasMessageContaining("http://sns.internal.example:8080");
    } finally {
      System.clearProperty("aws.endpointUrlSns");
    }
  }

  /**
   * The SDK reads endpoint_url from the shared config file by itself; the guard checks whatever
   * endpoint it resolves before a request leaves, so the request fails and nothing is sent.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "[default]\nendpoint_url = http://192.0.2.44:4566\n",
        "[default]\nservices = elsewhere\n[services elsewhere]\nsns =\n"
            + "  endpoint_url = http://192.0.2.44:4566\n"
      })
  void aConfigFileEndpointOverPlainHttpOffTheMachineIsRefused(
      final String config, @TempDir final Path dir) throws IOException {
    final Path file = Files.writeString(dir.resolve("config"), config);
    System.setProperty("aws.configFile", file.toString());
    try {
      final SnsClient sns =
          ClientBuilder.sns(config.contains("services") ? "sa-east-1" : "eu-north-1");
      assertThatThrownBy(
              () ->
                  sns.listTopics(
                      r ->
                          r.overrideConfiguration(
                              o ->
                                  o.credentialsProvider(
                                      StaticCredentialsProvider.create(
                                          AwsBasicCredentials.create("AKIDEXAMPLE", "secret"))))))
          .satisfies(e -> assertThat(AwsFailures.isAmbiguous(e)).isFalse())
          .satisfies(
              e ->
                  assertThat(EndpointGuard.refusalIn(e))
                      .get()
                      .extracting(Throwable::getMessage)
                      .asString()
                      .contains("http://192.0.2.44:4566")
                      .contains("AWS_CONFIG_FILE"));
      assertThat(
              ErrorTranslator.instance()
                  .translate(
                      catchException(
                          () ->
                              sns.listTopics(
                                  r ->
                                      r.overrideConfiguration(
                                          o ->
                                              o.credentialsProvider(
                                                  StaticCredentialsProvider.create(
                                                      AwsBasicCredentials.create("A", "s"))))))))
          .extracting(ErrorTranslator.Translation::errorCode)
          .isEqualTo(HandlerErrorCode.InternalFailure);
    } finally {
      System.clearProperty("aws.configFile");
    }
  }

  /** The queue checks of SQS subscriptions go through the same guard as SNS and KMS calls. */
  @Test
  void theSqsClientRefusesAConfigFileEndpointOverPlainHttpOffTheMachine(@TempDir final Path dir)
      throws IOException {
    final Path file =
        Files.writeString(
            dir.resolve("config"), "[default]\nendpoint_url = http://192.0.2.44:4566\n");
    System.setProperty("aws.configFile", file.toString());
    try {
      final SqsClient sqs = ClientBuilder.sqs("ap-southeast-2");
      assertThatThrownBy(
              () ->
                  sqs.getQueueUrl(
                      r ->
                          r.queueName("orders")
                              .overrideConfiguration(
                                  o ->
                                      o.credentialsProvider(
                                          StaticCredentialsProvider.create(
                                              AwsBasicCredentials.create(
                                                  "AKIDEXAMPLE", "secret"))))))
          .satisfies(
              e ->
                  assertThat(EndpointGuard.refusalIn(e))
                      .get()
                      .extracting(Throwable::getMessage)
                      .asString()
                      .contains("http://192.0.2.44:4566"));
    } finally {
      System.clearProperty("aws.configFile");
    }
  }

  @Test
  void aCallOutsideTheProxyHasNoCredentialsToSignWith() {
    assertThatThrownBy(() -> ClientBuilder.sns("ap-southeast-2").listTopics())
        .hasStackTraceContaining("outside the CloudFormation proxy");
  }
}
