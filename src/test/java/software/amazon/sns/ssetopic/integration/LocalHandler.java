package software.amazon.sns.ssetopic.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import software.amazon.sns.ssetopic.fixtures.TestAccounts;

/**
 * Calls the handler as CloudFormation does: a Lambda Invoke of the local endpoint (make local-up)
 * with a HandlerRequest, answered by the production HandlerWrapper.
 */
final class LocalHandler {

  static final String REGION = "us-east-1";
  static final String ACCOUNT = TestAccounts.ACCOUNT;

  /** Caller credentials distinctive enough to search the handler's log for (moto accepts any). */
  static final String ACCESS_KEY_ID = "AKIAINTEGRATIONTEST1";

  static final String SECRET_ACCESS_KEY = "integration+secret/Do-Not-Log-0123456789abcdef";
  static final String SESSION_TOKEN = "IntegrationSessionTokenDoNotLog0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final URI invoke =
      URI.create(
          "http://127.0.0.1:"
              + System.getenv().getOrDefault("HANDLER_PORT", "3001")
              + "/2015-03-31/functions/TypeFunction/invocations");

  /** The handler's answer: a ProgressEvent. */
  record Event(JsonNode body) {
    String status() {
      return body.path("status").asText();
    }

    String errorCode() {
      return body.path("errorCode").asText(null);
    }

    String message() {
      return body.path("message").asText("");
    }

    JsonNode model() {
      return body.path("resourceModel");
    }

    String model(final String property) {
      return model().path(property).asText(null);
    }
  }

  Event create(final Map<String, Object> properties) {
    return invoke("CREATE", properties, null, null);
  }

  Event read(final String topicArn) {
    return invoke("READ", Map.of("TopicArn", topicArn), null, null);
  }

  Event update(final Map<String, Object> desired, final Map<String, Object> previous) {
    return invoke("UPDATE", desired, previous, null);
  }

  Event delete(final String topicArn) {
    return invoke("DELETE", Map.of("TopicArn", topicArn), null, null);
  }

  Event list(final String nextToken) {
    return invoke("LIST", Map.of(), null, nextToken);
  }

  /** Invokes until the handler stops asking to be called again, as CloudFormation would. */
  Event invoke(
      final String action,
      final Map<String, Object> properties,
      final Map<String, Object> previous,
      final String nextToken) {
    final String token = UUID.randomUUID().toString();
    JsonNode model = JSON.valueToTree(properties);
    JsonNode callbackContext = null;
    for (int attempt = 0; attempt < 12; attempt++) {
      final ObjectNode request =
          request(action, model, previous, callbackContext, token, nextToken);
      final Event event = new Event(post(request));
      if (!event.status().equals("IN_PROGRESS")) {
        return event;
      }
      model = event.model();
      callbackContext = event.body().get("callbackContext");
      waitSeconds(event.body().path("callbackDelaySeconds").asInt());
    }
    throw new AssertionError(action + " was still IN_PROGRESS after 12 invocations");
  }

  /** A HandlerRequest as CloudFormation sends it to the type's Lambda function. */
  static ObjectNode request(
      final String action,
      final JsonNode model,
      final Map<String, Object> previous,
      final JsonNode callbackContext,
      final String bearerToken,
      final String nextToken) {
    final ObjectNode request = JSON.createObjectNode();
    final ObjectNode data = request.putObject("requestData");
    final ObjectNode credentials = data.putObject("callerCredentials");
    credentials.put("accessKeyId", ACCESS_KEY_ID);
    credentials.put("secretAccessKey", SECRET_ACCESS_KEY);
    credentials.put("sessionToken", SESSION_TOKEN);
    data.set("resourceProperties", model);
    data.set("previousResourceProperties", previous == null ? null : JSON.valueToTree(previous));
    data.put("logicalResourceId", "IntegrationTopic");
    request.put("region", REGION);
    request.put("awsAccountId", ACCOUNT);
    request.put("action", action);
    request.set("callbackContext", callbackContext);
    request.put("bearerToken", bearerToken);
    request.put("resourceType", "AWS::SNS::SSETopic");
    request.put("nextToken", nextToken);
    return request;
  }

  /** CloudFormation waits the delay an IN_PROGRESS event asks for before it calls again. */
  private static void waitSeconds(final int seconds) {
    try {
      Thread.sleep(seconds * 1000L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The endpoint's answer to a body sent as is: HTTP status and body. */
  record RawAnswer(int status, String body) {}

  /** Sends any body, well-formed or not, as one Lambda invocation. */
  RawAnswer postRaw(final byte[] body) {
    try {
      final HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(invoke)
                  .timeout(Duration.ofMinutes(2))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new RawAnswer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new AssertionError("is the local endpoint up (make local-up)? " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * A well-formed HandlerRequest as text, the caller's credentials first, as CloudFormation's own
   * requests start with them.
   */
  static String requestText(final String action, final Map<String, Object> properties) {
    final ObjectNode request = JSON.createObjectNode();
    final ObjectNode data = request.putObject("requestData");
    final ObjectNode credentials = data.putObject("callerCredentials");
    credentials.put("accessKeyId", ACCESS_KEY_ID);
    credentials.put("secretAccessKey", SECRET_ACCESS_KEY);
    credentials.put("sessionToken", SESSION_TOKEN);
    data.set("resourceProperties", JSON.valueToTree(properties));
    data.put("logicalResourceId", "IntegrationTopic");
    request.put("region", REGION);
    request.put("awsAccountId", ACCOUNT);
    request.put("action", action);
    request.put("bearerToken", UUID.randomUUID().toString());
    request.put("resourceType", "AWS::SNS::SSETopic");
    return request.toString();
  }

  private JsonNode post(final ObjectNode request) {
    try {
      final HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(invoke)
                  .timeout(Duration.ofMinutes(2))
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200
          || response.headers().firstValue("X-Amz-Function-Error").isPresent()) {
        throw new AssertionError(
            "endpoint answered " + response.statusCode() + ": " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("is the local endpoint up (make local-up)? " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
