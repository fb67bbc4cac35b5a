package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sns.SnsClient;

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

  @Test
  void aCallOutsideTheProxyHasNoCredentialsToSignWith() {
    assertThatThrownBy(() -> ClientBuilder.sns("ap-southeast-2").listTopics())
        .hasStackTraceContaining("outside the CloudFormation proxy");
  }
}
