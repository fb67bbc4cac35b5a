package software.amazon.sns.ssetopic.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xml.sax.helpers.DefaultHandler;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.sns.ssetopic.aws.KmsKeys;
import software.amazon.sns.ssetopic.local.FaultProxy.Fault;
import software.amazon.sns.ssetopic.local.FaultProxy.Kind;

/** The proxy against a tiny local HTTP server standing in for the local AWS: one test per fault. */
class FaultProxyTest {

  private static final String KMS_TARGET = "TrentService.PutKeyPolicy";
  private static final String SNS_AUTH =
      "AWS4-HMAC-SHA256 Credential=testing/20261202/us-east-1/sns/aws4_request, SignedHeaders=host,"
          + " Signature=00";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AtomicInteger upstreamRequests = new AtomicInteger();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private HttpServer upstream;
  private FaultProxy proxy;

  @BeforeEach
  void start() throws IOException {
    upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    upstream.createContext(
        "/",
        exchange -> {
          final byte[] request = exchange.getRequestBody().readAllBytes();
          upstreamRequests.incrementAndGet();
          final byte[] body =
              JSON.writeValueAsBytes(
                  JSON.createObjectNode().put("echo", new String(request, StandardCharsets.UTF_8)));
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    upstream.start();
    proxy =
        new FaultProxy(
            URI.create("http://127.0.0.1:" + upstream.getAddress().getPort()),
            Duration.ofMillis(1500));
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    upstream.stop(0);
  }

  private HttpRequest kmsRequest() {
    return HttpRequest.newBuilder(proxy.endpoint().resolve("/"))
        .header("X-Amz-Target", KMS_TARGET)
        .header("Content-Type", "application/x-amz-json-1.1")
        .POST(HttpRequest.BodyPublishers.ofString("{\"KeyId\":\"k\"}"))
        .build();
  }

  private HttpRequest snsRequest(final String action) {
    return HttpRequest.newBuilder(proxy.endpoint().resolve("/"))
        .header("Authorization", SNS_AUTH)
        .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString("Action=" + action + "&Name=orders&Version=x"))
        .build();
  }

  private HttpResponse<String> send(final HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void forwardsAndNamesEachRequestsAction() throws Exception {
    final HttpResponse<String> kms = send(kmsRequest());
    final HttpResponse<String> sns = send(snsRequest("CreateTopic"));
    assertThat(kms.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(kms.body()).path("echo").asText()).isEqualTo("{\"KeyId\":\"k\"}");
    assertThat(JSON.readTree(sns.body()).path("echo").asText()).startsWith("Action=CreateTopic");
    assertThat(proxy.actions()).containsExactly("kms:PutKeyPolicy", "sns:CreateTopic");
    assertThat(upstreamRequests).hasValue(2);
  }

  @Test
  void servesSeveralRequestsOnOneKeepAliveConnection() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", proxy.endpoint().getPort())) {
      final OutputStream out = socket.getOutputStream();
      final BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      final List<String> statusLines = new ArrayList<>();
      for (String action : List.of("ListTopics", "GetTopicAttributes", "DeleteTopic")) {
        final byte[] body = ("Action=" + action).getBytes(StandardCharsets.UTF_8);
        out.write(
            ("POST / HTTP/1.1\r\nHost: x\r\nAuthorization: "
                    + SNS_AUTH
                    + "\r\nContent-Length: "
                    + body.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        statusLines.add(in.readLine());
        int length = 0;
        String line;
        while (!(line = in.readLine()).isEmpty()) {
          if (line.toLowerCase().startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        assertThat(in.skip(length)).isEqualTo(length);
      }
      assertThat(statusLines).containsOnly("HTTP/1.1 200 OK");
    }
    assertThat(proxy.actions())
        .containsExactly("sns:ListTopics", "sns:GetTopicAttributes", "sns:DeleteTopic");
  }

  @Test
  void delayForwardsLate() throws Exception {
    proxy.inject("kms:PutKeyPolicy", Fault.delay(300), 1);
    final long start = System.nanoTime();
    assertThat(send(kmsRequest()).statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(upstreamRequests).hasValue(1);
    assertThat(proxy.seen().get(0).fault()).isEqualTo(Fault.delay(300));
  }

  @Test
  void awsErrorIsReadByTheSdkInEachServicesProtocol() {
    proxy.inject("sns:CreateTopic", Fault.awsError("InternalError", 500), 1);
    proxy.inject("kms:PutKeyPolicy", Fault.awsError("KMSInvalidStateException", 400), 1);
    try (SnsClient sns =
            SnsClient.builder()
                .endpointOverride(proxy.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        KmsClient kms =
            KmsClient.builder()
                .endpointOverride(proxy.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
      assertThatThrownBy(() -> sns.createTopic(r -> r.name("orders")))
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalError");
                assertThat(e.statusCode()).isEqualTo(500);
                assertThat(e.requestId()).isNotBlank();
              });
      assertThatThrownBy(
              () ->
                  kms.putKeyPolicy(
                      r -> r.keyId("k").policyName(KmsKeys.DEFAULT_POLICY_NAME).policy("{}")))
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("KMSInvalidStateException");
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.requestId()).isNotBlank();
              });
    }
    assertThat(upstreamRequests).hasValue(0);
  }

  private static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  }

  @Test
  void html500AnswersAnHtmlPage() throws Exception {
    proxy.inject("sns:CreateTopic", Fault.of(Kind.HTML_500), 1);
    final HttpResponse<String> response = send(snsRequest("CreateTopic"));
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html");
    assertThat(response.body()).startsWith("<html>");
    assertThat(upstreamRequests).hasValue(0);
  }

  @Test
  void resetNeitherForwardsNorAnswers() {
    proxy.inject("kms:PutKeyPolicy", Fault.of(Kind.RESET), 1);
    assertThatThrownBy(() -> send(kmsRequest())).isInstanceOf(IOException.class);
    assertThat(upstreamRequests).hasValue(0);
  }

  @Test
  void answerLostForwardsThenResets() throws Exception {
    proxy.inject("kms:PutKeyPolicy", Fault.of(Kind.ANSWER_LOST), 1);
    assertThatThrownBy(() -> send(kmsRequest())).isInstanceOf(IOException.class);
    assertThat(upstreamRequests).hasValue(1);
    assertThat(send(kmsRequest()).statusCode()).as("only the next one").isEqualTo(200);
  }

  @Test
  void unparseableIsNeitherJsonNorXml() throws Exception {
    proxy.inject("kms:PutKeyPolicy", Fault.of(Kind.UNPARSEABLE), 1);
    final HttpResponse<String> response = send(kmsRequest());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> JSON.readTree(response.body())).isInstanceOf(IOException.class);
    final DocumentBuilder xml = DocumentBuilderFactory.newInstance().newDocumentBuilder();
    xml.setErrorHandler(new DefaultHandler()); // throws instead of printing to stderr
    assertThatThrownBy(() -> xml.parse(new ByteArrayInputStream(response.body().getBytes())))
        .isInstanceOf(org.xml.sax.SAXException.class);
    assertThat(upstreamRequests).hasValue(0);
  }

  @Test
  void hangHoldsUntilTheClientGivesUpAndIsBounded() throws Exception {
    proxy.inject("sns:CreateTopic", Fault.of(Kind.HANG), 2);
    final HttpRequest impatient =
        HttpRequest.newBuilder(proxy.endpoint().resolve("/"))
            .header("Authorization", SNS_AUTH)
            .timeout(Duration.ofMillis(300))
            .POST(HttpRequest.BodyPublishers.ofString("Action=CreateTopic"))
            .build();
    assertThatThrownBy(() -> send(impatient)).isInstanceOf(HttpTimeoutException.class);
    // A client that waits forever is let go when the proxy's limit (1.5 s here) passes.
    assertThatThrownBy(() -> send(snsRequest("CreateTopic"))).isInstanceOf(IOException.class);
    assertThat(upstreamRequests).hasValue(0);
  }

  @Test
  void skipLetsTheFirstMatchingRequestsThrough() throws Exception {
    proxy.inject("sns:CreateTopic", Fault.of(Kind.HTML_500), 1, 1);
    assertThat(send(snsRequest("CreateTopic")).statusCode()).isEqualTo(200);
    assertThat(send(snsRequest("DeleteTopic")).statusCode()).isEqualTo(200);
    assertThat(send(snsRequest("CreateTopic")).statusCode()).isEqualTo(500);
    assertThat(send(snsRequest("CreateTopic")).statusCode()).isEqualTo(200);
    final JsonNode faults =
        JSON.valueToTree(proxy.seen().stream().map(s -> s.fault() != null).toList());
    assertThat(faults.toString()).isEqualTo("[false,false,true,false]");
  }
}
