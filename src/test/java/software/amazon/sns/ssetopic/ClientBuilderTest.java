package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
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

  @AfterEach
  void noSharedConfigFile() {
    System.clearProperty("aws.configFile");
  }

  /** The SDK reads this shared config file from here on (the clients it builds, that is). */
  private static void sharedConfigFile(final Path dir, final String content) throws IOException {
    System.setProperty(
        "aws.configFile", Files.writeString(dir.resolve("config"), content).toString());
  }

  /** Credentials on the request itself, where the CloudFormation proxy puts the caller's. */
  private static void callerCredentials(final AwsRequestOverrideConfiguration.Builder override) {
    override.credentialsProvider(
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")));
  }

  /** The guard refused the request, naming the endpoint and where it came from. */
  private static void refusedTheConfigFileEndpoint(final Throwable failure) {
    assertThat(EndpointGuard.refusalIn(failure))
        .get()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("http://192.0.2.44:4566")
        .contains("AWS_CONFIG_FILE");
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
    sharedConfigFile(dir, config);
    final SnsClient sns =
        ClientBuilder.sns(config.contains("services") ? "sa-east-1" : "eu-north-1");
    assertThatThrownBy(
            () ->
                sns.listTopics(r -> r.overrideConfiguration(ClientBuilderTest::callerCredentials)))
        .satisfies(e -> assertThat(AwsFailures.isAmbiguous(e)).isFalse())
        .satisfies(ClientBuilderTest::refusedTheConfigFileEndpoint);
    assertThat(
            ErrorTranslator.instance()
                .translate(
                    catchException(
                        () ->
                            sns.listTopics(
                                r ->
                                    r.overrideConfiguration(
                                        ClientBuilderTest::callerCredentials)))))
        .extracting(ErrorTranslator.Translation::errorCode)
        .isEqualTo(HandlerErrorCode.InternalFailure);
  }

  /** The queue checks of SQS subscriptions go through the same guard as SNS and KMS calls. */
  @Test
  void theSqsClientRefusesAConfigFileEndpointOverPlainHttpOffTheMachine(@TempDir final Path dir)
      throws IOException {
    sharedConfigFile(dir, "[default]\nendpoint_url = http://192.0.2.44:4566\n");
    final SqsClient sqs = ClientBuilder.sqs("me-south-1");
    assertThatThrownBy(
            () ->
                sqs.getQueueUrl(
                    r ->
                        r.queueName("orders")
                            .overrideConfiguration(ClientBuilderTest::callerCredentials)))
        .satisfies(ClientBuilderTest::refusedTheConfigFileEndpoint);
  }

  @Test
  void aCallOutsideTheProxyHasNoCredentialsToSignWith() {
    assertThatThrownBy(() -> ClientBuilder.sns("ap-southeast-2").listTopics())
        .hasStackTraceContaining("outside the CloudFormation proxy");
  }
}
