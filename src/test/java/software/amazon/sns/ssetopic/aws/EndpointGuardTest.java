package software.amazon.sns.ssetopic.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointGuardTest {

  @Test
  void noOverrideMeansTheSdkDefault() {
    assertThat(EndpointGuard.overrideFor("SNS", Map.of(), Map.of())).isEmpty();
    assertThat(EndpointGuard.overrideFor("SNS", Map.of("AWS_ENDPOINT_URL", " "), Map.of()))
        .isEmpty();
  }

  @Test
  void theServiceSpecificSettingWins() {
    final Map<String, String> env =
        Map.of(
            "AWS_ENDPOINT_URL",
            "http://127.0.0.1:5000",
            "AWS_ENDPOINT_URL_KMS",
            "https://kms.example.com");
    assertThat(EndpointGuard.overrideFor("KMS", env, Map.of()))
        .contains(URI.create("https://kms.example.com"));
    assertThat(EndpointGuard.overrideFor("SNS", env, Map.of()))
        .contains(URI.create("http://127.0.0.1:5000"));
    assertThat(
            EndpointGuard.overrideFor(
                "SNS", env, Map.of("aws.endpointUrlSns", "https://sns.internal")))
        .contains(URI.create("https://sns.internal"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:5000",
        "http://127.8.9.10",
        "http://localhost:4566",
        "http://[::1]:5000",
        "https://sns.us-east-1.amazonaws.com"
      })
  void httpsAnywhereAndPlainHttpOnlyToLoopback(final String endpoint) {
    assertThat(EndpointGuard.overrideFor("SNS", Map.of("AWS_ENDPOINT_URL", endpoint), Map.of()))
        .contains(URI.create(endpoint));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://10.0.0.5:5000",
        "http://sns.example.com",
        "http://127.0.0.1.example.com",
        "http://localhost.evil.com"
      })
  void refusesPlainHttpToAnyOtherHost(final String endpoint) {
    assertThatThrownBy(
            () -> EndpointGuard.overrideFor("SNS", Map.of("AWS_ENDPOINT_URL", endpoint), Map.of()))
        .isInstanceOf(EndpointRefusedException.class)
        .hasMessageContaining(endpoint)
        .hasMessageContaining("https://");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://127.0.0.1", "127.0.0.1:5000", "http://bad host", "https://"})
  void refusesWhatIsNotAnHttpUrlWithAHost(final String endpoint) {
    assertThatThrownBy(
            () -> EndpointGuard.overrideFor("SNS", Map.of("AWS_ENDPOINT_URL", endpoint), Map.of()))
        .isInstanceOf(EndpointRefusedException.class)
        .hasMessageContaining(endpoint);
  }
}
