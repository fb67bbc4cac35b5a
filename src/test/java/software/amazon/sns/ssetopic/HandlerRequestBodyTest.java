package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandlerRequestBodyTest {

  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final String REQUEST =
      "{\"requestData\":{\"callerCredentials\":{\"secretAccessKey\":\""
          + SECRET
          + "\"},\"resourceProperties\":{\"TopicName\":\"t\"}},\"action\":\"CREATE\"}";

  @Test
  void aWellFormedRequestPasses() {
    assertThat(HandlerRequestBody.rawProblem(REQUEST.getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(HandlerRequestBody.problem(REQUEST)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"requestData\":{\"callerCredentials\":{\"secretAccessKey\":\"" + SECRET,
        "{\"requestData\":{\"callerCredentials\":{\"secretAccessKey\":\"" + SECRET + "\"}},}",
        "secretAccessKey=" + SECRET,
        "{\"action\":\"CREATE\",\"action\":\"READ\",\"requestData\":{\"k\":\"" + SECRET + "\"}}"
      })
  void truncatedMalformedOrNonJsonTextGetsTheFixedMessage(final String text) {
    assertThat(HandlerRequestBody.problem(text)).contains(HandlerRequestBody.NOT_JSON);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[\"" + SECRET + "\"]",
        "\"" + SECRET + "\"",
        "{\"requestData\":{\"callerCredentials\":\"" + SECRET + "\"},\"action\":\"CREATE\"}",
        "{\"requestData\":{},\"action\":\"STEAL\"}",
        "{\"requestData\":[],\"action\":\"READ\"}",
        "{\"action\":\"READ\"}"
      })
  void jsonThatIsNoHandlerRequestGetsTheFixedMessage(final String text) {
    assertThat(HandlerRequestBody.problem(text)).contains(HandlerRequestBody.NOT_A_REQUEST);
  }

  @Test
  void emptyOversizedAndNonUtf8BodiesAreRefusedBeforeParsing() throws IOException {
    assertThat(HandlerRequestBody.rawProblem(new byte[0])).contains(HandlerRequestBody.EMPTY);
    assertThat(HandlerRequestBody.problem("  ")).contains(HandlerRequestBody.EMPTY);
    assertThat(HandlerRequestBody.rawProblem(new byte[] {'{', (byte) 0xC3, (byte) 0x28}))
        .contains(HandlerRequestBody.NOT_JSON);
    final byte[] huge = new byte[HandlerRequestBody.MAX_BYTES + 100];
    final byte[] read = HandlerRequestBody.read(new ByteArrayInputStream(huge));
    assertThat(read).hasSize(HandlerRequestBody.MAX_BYTES + 1);
    assertThat(HandlerRequestBody.rawProblem(read)).contains(HandlerRequestBody.TOO_LARGE);
  }

  @Test
  void noMessageContainsAnyOfTheBody() {
    for (String message :
        new String[] {
          HandlerRequestBody.EMPTY,
          HandlerRequestBody.TOO_LARGE,
          HandlerRequestBody.NOT_JSON,
          HandlerRequestBody.NOT_A_REQUEST
        }) {
      assertThat(message).doesNotContain(SECRET).doesNotContain("secretAccessKey");
    }
  }
}
