package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.sns.ssetopic.aws.AwsErrorCodes;

class ErrorTranslatorTest {

  private static final ErrorTranslator TRANSLATOR = ErrorTranslator.instance();

  private static AwsServiceException error(final String code, final int status) {
    return SnsException.builder()
        .awsErrorDetails(
            AwsErrorDetails.builder().errorCode(code).errorMessage("details from AWS").build())
        .statusCode(status)
        .build();
  }

  @ParameterizedTest
  @CsvSource({
    "NotFound, 404, NotFound",
    "AuthorizationError, 403, AccessDenied",
    "Throttled, 400, Throttling",
    "KMSDisabled, 400, InvalidRequest",
    "KMSAccessDenied, 400, AccessDenied",
    "KMSThrottling, 400, Throttling",
    "NotFoundException, 400, InvalidRequest",
    "AccessDeniedException, 400, AccessDenied",
    "DependencyTimeoutException, 503, ServiceInternalError",
    "ThrottlingException, 400, Throttling",
  })
  void mapsListedCodes(final String code, final int status, final HandlerErrorCode expected) {
    final ErrorTranslator.Translation translation = TRANSLATOR.translate(error(code, status));
    assertThat(translation.errorCode()).isEqualTo(expected);
    assertThat(translation.message()).contains(code).contains("details from AWS");
  }

  @ParameterizedTest
  @CsvSource({
    "SomethingNew, 500, ServiceInternalError",
    "SomethingNew, 403, AccessDenied",
    "SomethingNew, 401, AccessDenied",
    "TooManyRequestsException, 429, Throttling",
    "SomethingNew, 400, GeneralServiceException",
  })
  void fallsBackOnTheResponseForUnlistedCodes(
      final String code, final int status, final HandlerErrorCode expected) {
    assertThat(TRANSLATOR.translate(error(code, status)).errorCode()).isEqualTo(expected);
  }

  @Test
  void clientSideFailuresAreNetworkFailuresAndTheRestInternal() {
    assertThat(
            TRANSLATOR
                .translate(
                    SdkClientException.builder()
                        .message("connect timed out")
                        .cause(new java.net.SocketTimeoutException("connect timed out"))
                        .build())
                .errorCode())
        .isEqualTo(HandlerErrorCode.NetworkFailure);
    // An answer the SDK could not read is AWS's fault, not the network's.
    final ErrorTranslator.Translation unreadable =
        TRANSLATOR.translate(SdkClientException.create("Unable to unmarshall response"));
    assertThat(unreadable.errorCode()).isEqualTo(HandlerErrorCode.ServiceInternalError);
    assertThat(unreadable.message()).contains("could not be read");
    assertThat(TRANSLATOR.translate(new IllegalStateException("bug")).errorCode())
        .isEqualTo(HandlerErrorCode.InternalFailure);
    assertThat(AwsErrorCodes.of(new IllegalStateException("bug"))).isNull();
    assertThat(AwsErrorCodes.of(SnsException.builder().statusCode(500).build())).isNull();
    assertThat(
            TRANSLATOR
                .translate(SnsException.builder().message("no details").statusCode(500).build())
                .message())
        .contains("no details");
  }

  @Test
  void theDocumentedTableIsTheMapping() throws IOException {
    final Pattern row = Pattern.compile("^\\| (\\w+) \\| `(\\w+)` \\| `(\\w+)` \\| (.+) \\|$");
    final List<String> documented =
        Files.readAllLines(Path.of("docs/error-codes.md")).stream()
            .map(row::matcher)
            .filter(Matcher::matches)
            .map(m -> String.join("|", m.group(1), m.group(2), m.group(3), m.group(4)))
            .toList();
    final List<String> mapped =
        TRANSLATOR.entries().stream()
            .map(
                e ->
                    String.join(
                        "|", e.service(), e.code(), e.handlerErrorCode().name(), e.advice()))
            .toList();
    assertThat(documented).isEqualTo(mapped);
  }
}
