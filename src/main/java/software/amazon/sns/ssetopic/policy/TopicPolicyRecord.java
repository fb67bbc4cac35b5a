package software.amazon.sns.ssetopic.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads back what the type wrote into a topic policy: the event sources it granted and the key
 * policy mode recorded in the owner statement's Sid. SNS has no attribute for either, and callers
 * such as Cloud Control, import and drift detection send the identifier alone, so the topic policy
 * is the record.
 *
 * <p>A source statement is recognised only when regenerating its Sid from what the statement shows
 * gives that Sid back: the hash in the Sid covers the principal, SourceArn and SourceAccount as
 * declared, which tells a declared SourceAccount from the topic's own account that the statement
 * names by default. A statement someone edited by hand no longer matches and is not reported.
 */
public final class TopicPolicyRecord {

  /**
   * @param modeSuffix the owner statement's suffix ("" for Verify, "Manage", "Skip"), empty when
   *     the policy has no owner statement of this topic
   * @param sources the declared sources whose statements are present and unedited
   */
  public record Contents(Optional<String> modeSuffix, Set<EventSource> sources) {}

  /** Read at first use: topics without event sources never load the catalog. */
  private final Supplier<EventSourceCatalog> catalog;

  public TopicPolicyRecord(final EventSourceCatalog catalog) {
    this(() -> catalog);
  }

  private TopicPolicyRecord(final Supplier<EventSourceCatalog> catalog) {
    this.catalog = catalog;
  }

  public static TopicPolicyRecord standard() {
    return new TopicPolicyRecord(EventSourceCatalog::standard);
  }

  /**
   * The record in a topic policy; a null or empty policy (SNS's default) records nothing.
   *
   * @throws InvalidPolicyDocumentException when the policy cannot be read
   */
  public Contents read(final String policyJson, final TopicArn topic) {
    if (policyJson == null || policyJson.isBlank()) {
      return new Contents(Optional.empty(), Set.of());
    }
    Optional<String> mode = Optional.empty();
    final Set<EventSource> sources = new LinkedHashSet<>();
    for (final ObjectNode statement : PolicyJson.statements(PolicyJson.readPolicy(policyJson))) {
      final JsonNode sidNode = statement.get("Sid");
      final String sid = sidNode != null && sidNode.isTextual() ? sidNode.asText() : null;
      final Optional<String> suffix = StatementIds.ownerSuffix(sid, topic);
      if (suffix.isPresent()) {
        mode = suffix;
      } else if (StatementIds.isSourceStatementOf(sid, topic)) {
        sourceOf(statement, sid, topic).ifPresent(sources::add);
      }
    }
    return new Contents(mode, sources);
  }

  private Optional<EventSource> sourceOf(
      final ObjectNode statement, final String sid, final TopicArn topic) {
    final JsonNode principal = statement.get("Principal");
    if (principal == null || !principal.isObject()) {
      return Optional.empty();
    }
    final List<String> services = PolicyJson.strings(principal, "Service", sid);
    final List<String> roles = PolicyJson.strings(principal, "AWS", sid);
    final List<EventSource> candidates = new ArrayList<>();
    if (roles != null && roles.size() == 1 && services == null) {
      candidates.add(candidate(null, roles.get(0), null, null));
    } else if (services != null && services.size() == 1 && roles == null) {
      final String arn = conditionValue(statement, EventSourceProfile.SOURCE_ARN_KEY, sid);
      final String account = conditionValue(statement, EventSourceProfile.SOURCE_ACCOUNT_KEY, sid);
      for (final String sourceArn : new String[] {null, arn}) {
        for (final String sourceAccount : new String[] {null, account}) {
          candidates.add(candidate(services.get(0), null, sourceArn, sourceAccount));
        }
      }
    }
    return candidates.stream()
        .filter(source -> source != null)
        .filter(
            source ->
                StatementIds.forSource(topic, source, catalog.get().profileOf(source)).equals(sid))
        .findFirst();
  }

  private static EventSource candidate(
      final String service, final String role, final String sourceArn, final String account) {
    try {
      return new EventSource(service, role, sourceArn, account);
    } catch (InvalidEventSourceException e) {
      return null; // not something the type writes; the statement is not reported
    }
  }

  /** The single value of a condition key under any operator, or null. */
  private static String conditionValue(
      final ObjectNode statement, final String key, final String sid) {
    final JsonNode condition = statement.get("Condition");
    if (condition == null || !condition.isObject()) {
      return null;
    }
    for (final Map.Entry<String, JsonNode> operator : condition.properties()) {
      if (!operator.getValue().isObject()) {
        continue;
      }
      for (final Map.Entry<String, JsonNode> entry : operator.getValue().properties()) {
        if (entry.getKey().equalsIgnoreCase(key)) {
          final List<String> values = PolicyJson.conditionValues(entry.getValue(), sid);
          return values.size() == 1 ? values.get(0) : null;
        }
      }
    }
    return null;
  }
}
