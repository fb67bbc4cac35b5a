package software.amazon.sns.ssetopic.integration;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Cloud Control API's resource operations over the local handler endpoint, as Cloud Control
 * drives a registry type
 * (https://docs.aws.amazon.com/cloudcontrolapi/latest/userguide/resource-operations.html):
 *
 * <ul>
 *   <li>CreateResource: CREATE with the desired state, re-invoked until it is done; the answer
 *       carries the primary identifier.
 *   <li>GetResource: READ with the primary identifier alone.
 *   <li>UpdateResource: READ the current state, apply the RFC 6902 patch document to it, then
 *       UPDATE with the patched model as desired state and the read model as previous state
 *       (https://docs.aws.amazon.com/cloudcontrolapi/latest/userguide/resource-operations-update.html).
 *   <li>DeleteResource: DELETE with the primary identifier alone.
 *   <li>ListResources: LIST, following every next token.
 * </ul>
 *
 * <p>Not emulated: asynchronous request tokens (each call returns when the handler is done), and
 * Cloud Control's own refusal of patches to create-only or read-only properties; the handler sees
 * such a patch as it is.
 */
final class LocalCloudControl {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final LocalHandler handler = new LocalHandler();

  /** The end of a resource operation: SUCCESS or FAILED with the handler's error code. */
  record Result(
      String status, String errorCode, String message, String identifier, JsonNode properties) {
    boolean succeeded() {
      return status.equals("SUCCESS");
    }

    static Result of(final LocalHandler.Event event) {
      return new Result(
          event.status(),
          event.errorCode(),
          event.message(),
          event.model("TopicArn"),
          event.model());
    }
  }

  Result createResource(final Map<String, Object> desiredState) {
    return Result.of(handler.create(desiredState));
  }

  Result getResource(final String identifier) {
    return Result.of(handler.read(identifier));
  }

  /** UpdateResource: the patch applies to what GetResource reads now, never to a stored model. */
  Result updateResource(final String identifier, final String patchDocument) {
    final Result current = getResource(identifier);
    if (!current.succeeded()) {
      return current;
    }
    final JsonNode patch;
    try {
      patch = JSON.readTree(patchDocument);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("patch document is not JSON: " + e.getMessage(), e);
    }
    final JsonNode patched;
    try {
      patched = JsonPatch.apply(patch, current.properties());
    } catch (JsonPatchApplicationException e) {
      // Cloud Control fails the whole request and changes nothing when a patch cannot apply.
      return new Result(
          "FAILED", "InvalidRequest", e.getMessage(), identifier, current.properties());
    }
    return Result.of(
        handler.update(
            JSON.convertValue(patched, MAP), JSON.convertValue(current.properties(), MAP)));
  }

  Result deleteResource(final String identifier) {
    return Result.of(handler.delete(identifier));
  }

  /** The identifiers of every resource LIST reports, over all pages. */
  List<String> listResources() {
    final List<String> identifiers = new ArrayList<>();
    String token = null;
    do {
      final LocalHandler.Event page = handler.list(token);
      if (!page.status().equals("SUCCESS")) {
        throw new AssertionError("LIST answered " + page.errorCode() + ": " + page.message());
      }
      page.body().path("resourceModels").forEach(m -> identifiers.add(m.path("TopicArn").asText()));
      token = page.body().path("nextToken").asText(null);
    } while (token != null);
    return identifiers;
  }
}
