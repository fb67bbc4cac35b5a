package software.amazon.sns.ssetopic.template;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * What {@code ssetopic check} knows about resource types beyond the event-source catalog, read from
 * the data file {@value #RESOURCE} (its description says where each fact comes from).
 */
record TemplateFacts(
    String description,
    Map<String, ResourceFacts> resources,
    Map<String, RoleProperty> publisherRoles,
    List<LambdaPublisher> lambdaPublishers,
    List<Subscriptions> subscriptions,
    List<TopicPolicies> topicPolicies,
    JsonNode snsDefaultTopicPolicy) {

  static final String RESOURCE = "/software/amazon/sns/ssetopic/template/template-facts.json";

  /**
   * @param nameProperty the property that names the resource, or null
   * @param ref what Ref returns, as a pattern
   * @param attributes what Fn::GetAtt returns per attribute, as patterns
   * @param keyProperty the property that names its KMS key, or null
   */
  record ResourceFacts(
      String nameProperty, String ref, Map<String, String> attributes, String keyProperty) {
    ResourceFacts {
      attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
  }

  /**
   * The property that names the role a publishing resource publishes with.
   *
   * @param via null when the property is the publishing resource's own; else the property of the
   *     publishing resource that names (Ref) the resource holding the role property
   */
  record RoleProperty(String via, String property) {}

  /**
   * @param function the property naming the function whose role publishes, or "." for the resource
   *     itself
   * @param with properties beside the topic that must have these values
   */
  record LambdaPublisher(
      String resourceType, String property, String function, Map<String, String> with) {
    LambdaPublisher {
      with = with == null ? Map.of() : Map.copyOf(with);
    }
  }

  /**
   * @param topic the property holding the topic (a subscription resource), or null
   * @param list the property holding a list of subscriptions (a topic resource), or null
   */
  record Subscriptions(
      String resourceType, String topic, String list, String protocol, String endpoint) {}

  record TopicPolicies(String resourceType, String topics, String document) {}

  private static final class Holder {
    private static final TemplateFacts STANDARD = load();

    private static TemplateFacts load() {
      try (InputStream in = TemplateFacts.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the template facts " + RESOURCE + " are missing");
        }
        return new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .readValue(in, TemplateFacts.class);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
    }
  }

  /** The policy SNS gives a topic that has none set, for this topic ARN and account. */
  String defaultTopicPolicy(final String topicArn, final String account) {
    return snsDefaultTopicPolicy
        .toString()
        .replace("${TopicArn}", topicArn)
        .replace("${AccountId}", account);
  }

  static TemplateFacts standard() {
    return Holder.STANDARD;
  }
}
