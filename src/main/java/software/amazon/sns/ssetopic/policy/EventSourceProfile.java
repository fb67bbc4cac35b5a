package software.amazon.sns.ssetopic.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * What the catalog knows about one event source: how its key-policy and topic-policy statements
 * look and where CloudFormation hands it the topic ARN. Read from {@code event-sources.json}.
 *
 * @param id stable identifier, lower-case words joined by '-'; also names the source in Sids
 * @param name human-readable name
 * @param principal the service principal, or null for a role-based source
 * @param role which IAM role a role-based source publishes with, or null
 * @param roleArnPattern regex recognising the source's service-linked role ARN, or null
 * @param keyPolicy how the key-policy statement is scoped
 * @param topicPolicy whether and how the topic policy grants sns:Publish
 * @param sourceArnExample the form of a SourceArn for this source, or null
 * @param topicArnHandoffs where CloudFormation hands this source the topic ARN
 * @param note a fact worth knowing when wiring it, or null
 * @param unverified facts not confirmed in AWS documentation, or null
 */
public record EventSourceProfile(
    String id,
    String name,
    String principal,
    String role,
    String roleArnPattern,
    KeyPolicyRules keyPolicy,
    TopicPolicyRules topicPolicy,
    String sourceArnExample,
    List<TopicArnHandoff> topicArnHandoffs,
    String note,
    String unverified) {

  /** The condition key naming the topic in the encryption context SNS binds data keys to. */
  public static final String TOPIC_ENCRYPTION_CONTEXT_KEY =
      "kms:EncryptionContext:aws:sns:topicArn";

  public static final String VIA_SERVICE_KEY = "kms:ViaService";
  public static final String SOURCE_ACCOUNT_KEY = "aws:SourceAccount";
  public static final String SOURCE_ARN_KEY = "aws:SourceArn";

  /**
   * @param sourceConditions the key statement may carry aws:SourceAccount / aws:SourceArn
   * @param scopeKeys further keys scoping the key statement: {@link #TOPIC_ENCRYPTION_CONTEXT_KEY}
   *     (= the topic ARN) and/or {@link #VIA_SERVICE_KEY} (= SNS in the topic's region)
   */
  public record KeyPolicyRules(boolean sourceConditions, List<String> scopeKeys) {
    public KeyPolicyRules {
      scopeKeys = scopeKeys == null ? List.of() : List.copyOf(scopeKeys);
    }
  }

  /**
   * @param publish the topic policy must grant this source sns:Publish
   * @param sourceConditions that grant may carry aws:SourceAccount / aws:SourceArn
   */
  public record TopicPolicyRules(boolean publish, boolean sourceConditions) {}

  /**
   * @param resourceType the CloudFormation resource type that takes the topic
   * @param property the property (path) that takes it
   */
  public record TopicArnHandoff(String resourceType, String property) {}

  public EventSourceProfile {
    topicArnHandoffs = topicArnHandoffs == null ? List.of() : List.copyOf(topicArnHandoffs);
  }

  public boolean isRoleBased() {
    return role != null;
  }

  /** Whether this entry describes a real service rather than the catalog's fallback defaults. */
  public boolean isCatalogued() {
    return !id.equals(EventSourceCatalog.DEFAULT_SERVICE_ID)
        && !id.equals(EventSourceCatalog.DEFAULT_ROLE_ID);
  }

  /** Every condition key the key-policy statement for this source may carry. */
  public List<String> keyPolicyConditionKeys() {
    final List<String> keys = new ArrayList<>();
    if (keyPolicy.sourceConditions()) {
      keys.add(SOURCE_ACCOUNT_KEY);
      keys.add(SOURCE_ARN_KEY);
    }
    keys.addAll(keyPolicy.scopeKeys());
    return List.copyOf(keys);
  }

  /** Every condition key the topic-policy statement for this source may carry. */
  public List<String> topicPolicyConditionKeys() {
    return topicPolicy.sourceConditions() ? List.of(SOURCE_ACCOUNT_KEY, SOURCE_ARN_KEY) : List.of();
  }

  /** The profile's id in UpperCamelCase letters and digits, at most 24 characters: Sid-safe. */
  String sidLabel() {
    final StringBuilder label = new StringBuilder();
    for (final String word : id.split("-")) {
      if (!word.isEmpty()) {
        label.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    return label.length() > 24 ? label.substring(0, 24) : label.toString();
  }
}
