package software.amazon.sns.ssetopic.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.sns.ssetopic.aws.KmsKeys;
import software.amazon.sns.ssetopic.fixtures.KeyPolicies;

/**
 * The schema's handler permissions (and so the execution role) are exactly what the handlers use:
 * every call each action makes, in every KeyPolicyMode and with every form of key, is recorded by
 * the local AWS's request recorder and compared with that action's permissions. Nothing the handler
 * calls may be missing from them, and nothing in them may go unused.
 */
class LeastPrivilegeIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String MOTO = LocalAws.ENDPOINT.toString();

  /**
   * Permissions a call needs besides its own action: tagging a topic while creating it needs
   * sns:TagResource too (the CreateTopic API reference's Tags parameter,
   * https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html; unverified against a real
   * account here, since the local AWS does not enforce IAM).
   */
  private static final Map<String, String> ALSO_NEEDED_WITH_TAGS =
      Map.of("sns:CreateTopic", "sns:TagResource");

  /**
   * A data protection policy given to CreateTopic needs sns:PutDataProtectionPolicy, and a
   * delivery-status logging role given to SNS needs iam:PassRole: the stock AWS::SNS::Topic's
   * registry schema lists both among its create permissions (unverified against a real account
   * here, since the local AWS does not enforce IAM).
   */
  private static final String DATA_PROTECTION_ON_CREATE = "sns:PutDataProtectionPolicy";

  private static final String PASS_ROLE = "iam:PassRole";

  private final LocalHandler handler = new LocalHandler();
  private final Map<String, Set<String>> used = new TreeMap<>();

  private static final List<Map<String, String>> SOURCES =
      List.of(
          Map.of("ServicePrincipal", "cloudwatch.amazonaws.com"),
          Map.of("ServicePrincipal", "events.amazonaws.com"));

  @Test
  void everyActionUsesExactlyItsPermissionsInEveryMode() throws IOException {
    final Map<String, Set<String>> permissions = schemaPermissions();
    final KmsClient kms = LocalAws.kms(LocalHandler.REGION);

    // No event sources: a key named by ARN, then by alias.
    final String keyArn = LocalAws.symmetricKey(kms);
    final String alias = "alias/least-privilege-" + UUID.randomUUID().toString().substring(0, 8);
    kms.createAlias(r -> r.aliasName(alias).targetKeyId(keyArn));
    for (final String key : List.of(keyArn, alias)) {
      lifecycle(
          permissions, "no sources, key " + (key.equals(alias) ? "alias" : "ARN"), key, null, null);
    }

    // Verify: the key policy grants both sources.
    final String verifyKey = LocalAws.symmetricKey(kms);
    kms.putKeyPolicy(
        r -> r.keyId(verifyKey).policyName(KmsKeys.DEFAULT_POLICY_NAME).policy(granting()));
    lifecycle(permissions, "Verify", verifyKey, "Verify", SOURCES);

    // Manage: a key that opted in, named by alias, so that every lookup happens.
    final String manageKey =
        kms.createKey(
                r ->
                    r.keyUsage(KeyUsageType.ENCRYPT_DECRYPT)
                        .keySpec(KeySpec.SYMMETRIC_DEFAULT)
                        .tags(
                            software.amazon.awssdk.services.kms.model.Tag.builder()
                                .tagKey("sns-ssetopic:manage")
                                .tagValue("true")
                                .build()))
            .keyMetadata()
            .arn();
    final String manageAlias =
        "alias/least-privilege-manage-" + UUID.randomUUID().toString().substring(0, 8);
    kms.createAlias(r -> r.aliasName(manageAlias).targetKeyId(manageKey));
    lifecycle(permissions, "Manage", manageAlias, "Manage", SOURCES);

    // Manage on a key whose policy has no room left: the write after CreateTopic fails, and the
    // create takes its topic back.
    final String fullKey = LocalAws.manageableKey(kms);
    kms.putKeyPolicy(
        r -> r.keyId(fullKey).policyName(KmsKeys.DEFAULT_POLICY_NAME).policy(nearlyFull()));
    final Map<String, Object> rolledBack = new LinkedHashMap<>();
    rolledBack.put("TopicName", "least-privilege-" + UUID.randomUUID().toString().substring(0, 8));
    rolledBack.put("KmsMasterKeyId", fullKey);
    rolledBack.put("KeyPolicyMode", "Manage");
    rolledBack.put("EventSources", SOURCES);
    recorded(
        permissions, "CREATE", "Manage, rolled back", "FAILED", () -> handler.create(rolledBack));

    subscriptionsAndDataProtection(permissions, kms);

    recorded(permissions, "LIST", "list", () -> handler.list(null));

    for (final Map.Entry<String, Set<String>> action : permissions.entrySet()) {
      assertThat(used.getOrDefault(action.getKey(), Set.of()))
          .as("permissions of %s that no scenario used", action.getKey())
          .isEqualTo(action.getValue());
    }
  }

  /**
   * Verify mode with an SQS subscription to a queue encrypted with a key that lets SNS use it, a
   * data protection policy and delivery-status logging: created, read, changed and deleted.
   */
  private void subscriptionsAndDataProtection(
      final Map<String, Set<String>> permissions, final KmsClient kms) {
    final String topicKey = LocalAws.symmetricKey(kms);
    final String queueKey = LocalAws.symmetricKey(kms);
    kms.putKeyPolicy(
        r ->
            r.keyId(queueKey)
                .policyName(KmsKeys.DEFAULT_POLICY_NAME)
                .policy(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"Service\":\"sns.amazonaws.com\"},"
                        + "\"Action\":[\"kms:GenerateDataKey*\",\"kms:Decrypt\"],"
                        + "\"Resource\":\"*\"}]}"));
    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final String queue;
    try (software.amazon.awssdk.services.sqs.SqsClient sqs = LocalAws.sqs()) {
      final String url =
          sqs.createQueue(
                  r ->
                      r.queueName("least-privilege-" + suffix)
                          .attributes(
                              Map.of(
                                  software.amazon.awssdk.services.sqs.model.QueueAttributeName
                                      .KMS_MASTER_KEY_ID,
                                  queueKey)))
              .queueUrl();
      queue =
          sqs.getQueueAttributes(
                  r ->
                      r.queueUrl(url)
                          .attributeNames(
                              software.amazon.awssdk.services.sqs.model.QueueAttributeName
                                  .QUEUE_ARN))
              .attributes()
              .get(software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN);
    }
    final String role = "arn:aws:iam::" + LocalHandler.ACCOUNT + ":role/sns-delivery-logs";
    final Map<String, Object> create = new LinkedHashMap<>();
    create.put("TopicName", "least-privilege-" + suffix);
    create.put("KmsMasterKeyId", topicKey);
    create.put("Subscription", List.of(Map.of("Protocol", "sqs", "Endpoint", queue)));
    create.put("DataProtectionPolicy", Map.of("Name", "p", "Version", "2021-06-01"));
    create.put(
        "DeliveryStatusLogging",
        List.of(Map.of("Protocol", "sqs", "FailureFeedbackRoleArn", role)));
    final String scenario = "subscriptions and data protection";
    final LocalHandler.Event created =
        recorded(permissions, "CREATE", scenario, () -> handler.create(create));
    final Map<String, Object> current = new LinkedHashMap<>(create);
    current.put("TopicArn", created.model("TopicArn"));
    recorded(
        permissions,
        "READ",
        scenario,
        () -> handler.invoke("READ", Map.of("TopicArn", current.get("TopicArn")), null, null));
    final Map<String, Object> desired = new LinkedHashMap<>(current);
    desired.put("Subscription", List.of(Map.of("Protocol", "email", "Endpoint", "a@example.com")));
    desired.put("DataProtectionPolicy", Map.of("Name", "q", "Version", "2021-06-01"));
    desired.put(
        "DeliveryStatusLogging",
        List.of(Map.of("Protocol", "sqs", "FailureFeedbackRoleArn", role + "-2")));
    recorded(permissions, "UPDATE", scenario, () -> handler.update(desired, current));
    // The queue comes back: Verify checks the queue the update subscribes.
    final Map<String, Object> back = new LinkedHashMap<>(desired);
    back.put("Subscription", create.get("Subscription"));
    recorded(permissions, "UPDATE", scenario, () -> handler.update(back, desired));
    recorded(
        permissions,
        "DELETE",
        scenario,
        () -> handler.invoke("DELETE", Map.of("TopicArn", current.get("TopicArn")), null, null));
  }

  /** Create, read, update (properties, tags, sources, key) and delete of one topic. */
  private void lifecycle(
      final Map<String, Set<String>> permissions,
      final String scenario,
      final String key,
      final String mode,
      final List<Map<String, String>> sources) {
    final Map<String, Object> create = new LinkedHashMap<>();
    create.put("TopicName", "least-privilege-" + UUID.randomUUID().toString().substring(0, 8));
    create.put("KmsMasterKeyId", key);
    create.put("Tags", List.of(Map.of("Key", "team", "Value", "security")));
    if (mode != null) {
      create.put("KeyPolicyMode", mode);
      create.put("EventSources", sources);
    }
    final LocalHandler.Event created =
        recorded(permissions, "CREATE", scenario, () -> handler.create(create));
    final Map<String, Object> current = new LinkedHashMap<>(create);
    current.put("TopicArn", created.model("TopicArn"));
    recorded(
        permissions,
        "READ",
        scenario,
        () ->
            handler.invoke(
                "READ",
                Map.of(
                    "TopicArn",
                    current.get("TopicArn"),
                    "KmsMasterKeyId",
                    key,
                    "KeyPolicyMode",
                    mode == null ? "Skip" : mode,
                    "EventSources",
                    sources == null ? List.of() : sources),
                null,
                null));
    final Map<String, Object> desired = new LinkedHashMap<>(current);
    desired.put("DisplayName", "Least privilege");
    desired.put("Tags", List.of(Map.of("Key", "owner", "Value", "security")));
    if (sources != null) {
      desired.put("EventSources", sources.subList(0, 1));
    }
    recorded(permissions, "UPDATE", scenario, () -> handler.update(desired, current));
    recorded(
        permissions,
        "DELETE",
        scenario,
        () ->
            handler.invoke(
                "DELETE",
                mode == null
                    ? Map.of("TopicArn", current.get("TopicArn"))
                    : Map.of("TopicArn", current.get("TopicArn"), "KeyPolicyMode", mode),
                null,
                null));
  }

  private LocalHandler.Event recorded(
      final Map<String, Set<String>> permissions,
      final String action,
      final String scenario,
      final Supplier<LocalHandler.Event> call) {
    return recorded(permissions, action, scenario, "SUCCESS", call);
  }

  /** Runs one action with the recorder on; its calls must all be among the action's permissions. */
  private LocalHandler.Event recorded(
      final Map<String, Set<String>> permissions,
      final String action,
      final String scenario,
      final String status,
      final Supplier<LocalHandler.Event> call) {
    post("/moto-api/recorder/reset-recording");
    post("/moto-api/recorder/start-recording");
    final LocalHandler.Event event;
    try {
      event = call.get();
    } finally {
      post("/moto-api/recorder/stop-recording");
    }
    assertThat(event.status())
        .as(action + " (" + scenario + "): " + event.message())
        .isEqualTo(status);
    final String recording = get("/moto-api/recorder/download-recording");
    final Set<String> calls = calls(recording);
    assertThat(permissions.get(action))
        .as(
            "permissions of %s (%s) must cover its calls %s (%s)",
            action, scenario, calls, recording)
        .containsAll(calls);
    used.computeIfAbsent(action, a -> new TreeSet<>()).addAll(calls);
    return event;
  }

  /** The IAM actions behind the recorded requests (JSON lines), with what they imply. */
  private static Set<String> calls(final String recording) {
    final Set<String> calls = new TreeSet<>();
    for (final String line : recording.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      final JsonNode entry;
      try {
        entry = JSON.readTree(line);
      } catch (IOException e) {
        throw new AssertionError("unreadable recording line: " + line, e);
      }
      final String target = header(entry.path("headers"), "X-Amz-Target");
      if (target != null) {
        final String service = target.startsWith("AmazonSQS") ? "sqs:" : "kms:";
        calls.add(service + target.substring(target.lastIndexOf('.') + 1));
        continue;
      }
      final String body =
          entry.path("body_encoded").asBoolean(false)
              ? new String(
                  Base64.getDecoder().decode(entry.path("body").asText()), StandardCharsets.UTF_8)
              : entry.path("body").asText();
      final Map<String, String> form = form(body);
      final String call = "sns:" + form.get("Action");
      calls.add(call);
      if (form.keySet().stream().anyMatch(k -> k.startsWith("Tags.member."))
          && ALSO_NEEDED_WITH_TAGS.containsKey(call)) {
        calls.add(ALSO_NEEDED_WITH_TAGS.get(call));
      }
      if (call.equals("sns:CreateTopic") && form.containsKey("DataProtectionPolicy")) {
        calls.add(DATA_PROTECTION_ON_CREATE);
      }
      if (form.values().stream().anyMatch(v -> v.endsWith("FeedbackRoleArn"))
          && form.values().stream().anyMatch(v -> v.startsWith("arn:aws:iam::"))) {
        calls.add(PASS_ROLE); // a logging role handed to SNS (CreateTopic or SetTopicAttributes)
      }
    }
    return calls;
  }

  private static String header(final JsonNode headers, final String name) {
    for (final Iterator<String> names = headers.fieldNames(); names.hasNext(); ) {
      final String candidate = names.next();
      if (candidate.equalsIgnoreCase(name)) {
        return headers.get(candidate).asText();
      }
    }
    return null;
  }

  private static Map<String, String> form(final String body) {
    final Map<String, String> form = new TreeMap<>();
    for (final String pair : body.split("&")) {
      final int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private static Map<String, Set<String>> schemaPermissions() throws IOException {
    final JsonNode schema = JSON.readTree(Path.of("aws-sns-ssetopic.json").toFile());
    final Map<String, Set<String>> permissions = new TreeMap<>();
    schema
        .path("handlers")
        .fields()
        .forEachRemaining(
            handler -> {
              final Set<String> actions = new TreeSet<>();
              handler.getValue().path("permissions").forEach(p -> actions.add(p.asText()));
              permissions.put(handler.getKey().toUpperCase(java.util.Locale.ROOT), actions);
            });
    return permissions;
  }

  /** The account root's statement and a padding statement: about 32,500 of KMS's 32,768 bytes. */
  private static String nearlyFull() {
    return KeyPolicies.rootOnlyWith(
        "{\"Sid\":\"Padding\",\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"*\"},"
            + "\"Action\":\"kms:ImportKeyMaterial\",\"Resource\":\"*\",\"Condition\":"
            + "{\"StringEquals\":{\"aws:PrincipalTag/padding\":\""
            + "x".repeat(32_300)
            + "\"}}}");
  }

  private static String granting() {
    return KeyPolicies.rootOnlyGranting(
        List.of("cloudwatch.amazonaws.com", "events.amazonaws.com"));
  }

  private static void post(final String path) {
    send(HttpRequest.newBuilder(URI.create(MOTO + path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  private static String get(final String path) {
    return send(HttpRequest.newBuilder(URI.create(MOTO + path)).GET());
  }

  private static String send(final HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new AssertionError("is the local AWS up (make local-up)? " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
