package software.amazon.sns.ssetopic.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the catalog knows about one event source: how its key-policy and topic-policy statements
 * look and where CloudFormation hands it the topic ARN. Read from {@code event-sources.json}.
 *
 * @param id stable identifier, lower-case words joined by '-'; also names the source in Sids
 * @param name human-readable name
 * @param principal the service principal, or null for a role-based source
 * @param role which IAM role a role-based source publishes with, or null
 * @param roleArnPattern regex recognising the source's service-linked role ARN, or null
 * @param serviceLinkedRole path and name of the service-linked role the source always publishes
 *     with (aws-service-role/...), or null when it publishes with a role of the user's
 * @param keyPolicy how the key-policy statement is scoped
 * @param topicPolicy whether and how the topic policy grants sns:Publish
 * @param sourceArnExample the form of a SourceArn for this source, or null
 * @param topicArnHandoffs where CloudFormation hands this source the topic ARN
 * @param note a fact worth knowing when wiring it, or null
 * @param unverified facts not confirmed in AWS documentation, or null
 * @param regionalPrincipal the service also publishes as {@code <region>.<principal>}
 * @param documentation the AWS pages the entry's facts come from; never empty in a loaded catalog
 * @param refused why the source cannot work with an encrypted topic, or null
 */
public record EventSourceProfile(
    String id,
    String name,
    String principal,
    String role,
    String roleArnPattern,
    String serviceLinkedRole,
    KeyPolicyRules keyPolicy,
    TopicPolicyRules topicPolicy,
    String sourceArnExample,
    List<TopicArnHandoff> topicArnHandoffs,
    String note,
    String unverified,
    Boolean regionalPrincipal,
    List<String> documentation,
    Refusal refused) {

  /** The condition key naming the topic in the encryption context SNS binds data keys to. */
  public static final String TOPIC_ENCRYPTION_CONTEXT_KEY =
      "kms:EncryptionContext:aws:sns:topicArn";

  public static final String VIA_SERVICE_KEY = "kms:ViaService";
  public static final String SOURCE_ACCOUNT_KEY = "aws:SourceAccount";
  public static final String SOURCE_ARN_KEY = "aws:SourceArn";

  /**
   * @param sourceConditions the key statement carries aws:SourceAccount / aws:SourceArn
   * @param scopeKeys further keys scoping the key statement besides the topic's encryption context,
   *     which every statement carries: {@link #VIA_SERVICE_KEY} (= SNS in the topic's region)
   * @param ifExists the source conditions use the IfExists operators; absent in the file means
   *     false
   */
  public record KeyPolicyRules(boolean sourceConditions, List<String> scopeKeys, Boolean ifExists) {
    public KeyPolicyRules {
      scopeKeys = scopeKeys == null ? List.of() : List.copyOf(scopeKeys);
      ifExists = Boolean.TRUE.equals(ifExists);
    }

    public KeyPolicyRules(final boolean sourceConditions, final List<String> scopeKeys) {
      this(sourceConditions, scopeKeys, false);
    }
  }

  /**
   * @param publish the topic policy must grant this source sns:Publish
   * @param sourceConditions that grant may carry aws:SourceAccount / aws:SourceArn
   * @param ownerPolicySuffices SNS's default topic policy (the owner statement conditioned on
   *     AWS:SourceOwner) already lets this source publish; a policy that replaces it must grant the
   *     source explicitly, which is why {@code publish} may still be true
   * @param actions the actions the grant allows; absent in the file means sns:Publish alone
   * @param ifExists the source conditions use the IfExists operators
   */
  public record TopicPolicyRules(
      boolean publish,
      boolean sourceConditions,
      Boolean ownerPolicySuffices,
      List<String> actions,
      Boolean ifExists) {
    /** Absent flags in the file mean false. */
    public TopicPolicyRules {
      ownerPolicySuffices = Boolean.TRUE.equals(ownerPolicySuffices);
      actions =
          actions == null || actions.isEmpty()
              ? List.of(TopicPolicyStatements.PUBLISH)
              : List.copyOf(actions);
      ifExists = Boolean.TRUE.equals(ifExists);
    }

    public TopicPolicyRules(final boolean publish, final boolean sourceConditions) {
      this(publish, sourceConditions, false, null, false);
    }
  }

  /**
   * Why a source cannot publish to an encrypted topic (or no longer exists).
   *
   * @param reason what AWS says, with the date for a discontinued service
   * @param documentation the AWS pages that say so
   */
  public record Refusal(String reason, List<String> documentation) {
    public Refusal {
      documentation = documentation == null ? List.of() : List.copyOf(documentation);
    }
  }

  /** How far AWS documentation backs an entry. */
  public enum Status {
    /** Every fact comes from an AWS page. */
    DOCUMENTED,
    /** Some facts are not confirmed by any AWS page (see {@link #unverified()}). */
    PARTLY_UNVERIFIED,
    /** The source cannot work with an encrypted topic, or its service is discontinued. */
    REFUSED
  }

  /**
   * @param resourceType the CloudFormation resource type that takes the topic
   * @param property the property path that takes it: names joined by '.', a name ending in '[]' is
   *     a list ({@code AlarmActions[]}: a list of topic ARNs; {@code Targets[].Arn}: a list of
   *     objects whose Arn is the topic)
   * @param with properties beside the last one, in the same object (for example TargetType: SNS);
   *     {@value #ROLE_ARN_PLACEHOLDER} stands for the source's role
   * @param note what else the property needs, or null
   */
  public record TopicArnHandoff(
      String resourceType, String property, Map<String, String> with, String note) {
    /** In {@code with}: the ARN of the role the source publishes with. */
    public static final String ROLE_ARN_PLACEHOLDER = "<role ARN>";

    public TopicArnHandoff {
      with = with == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(with));
    }

    public TopicArnHandoff(final String resourceType, final String property) {
      this(resourceType, property, null, null);
    }

    /** The path, then the properties beside it and the note, as the catalog prints it. */
    public String describe() {
      final StringBuilder text = new StringBuilder(property);
      final List<String> extras = new ArrayList<>();
      with.forEach((name, value) -> extras.add(name + ": " + value));
      if (note != null) {
        extras.add(note);
      }
      if (!extras.isEmpty()) {
        text.append(" (").append(String.join(", ", extras)).append(')');
      }
      return text.toString();
    }
  }

  public EventSourceProfile {
    topicArnHandoffs = topicArnHandoffs == null ? List.of() : List.copyOf(topicArnHandoffs);
    regionalPrincipal = Boolean.TRUE.equals(regionalPrincipal);
    documentation = documentation == null ? List.of() : List.copyOf(documentation);
  }

  public Status status() {
    if (refused != null) {
      return Status.REFUSED;
    }
    return unverified == null ? Status.DOCUMENTED : Status.PARTLY_UNVERIFIED;
  }

  /**
   * Whether neither the key statement nor the topic grant of this service principal can carry a
   * source condition, so that a declared SourceArn or SourceAccount would change nothing.
   */
  public boolean takesNoSourceConditions() {
    return !isRoleBased() && !keyPolicy.sourceConditions() && !topicPolicy.sourceConditions();
  }

  public boolean isRoleBased() {
    return role != null;
  }

  /** The ARN of the service-linked role the source publishes with, if it always uses one. */
  public Optional<String> serviceLinkedRoleArn(final String partition, final String account) {
    return Optional.ofNullable(serviceLinkedRole)
        .map(role -> "arn:" + partition + ":iam::" + account + ":role/" + role);
  }

  /** Whether this entry describes a real service rather than the catalog's fallback defaults. */
  public boolean isCatalogued() {
    return !id.equals(EventSourceCatalog.DEFAULT_SERVICE_ID)
        && !id.equals(EventSourceCatalog.DEFAULT_ROLE_ID);
  }

  /**
   * Every condition key the key-policy statement for this source may carry: the source keys where
   * the service supports them, the topic's encryption context (always), the catalog's scope keys.
   */
  public List<String> keyPolicyConditionKeys() {
    final List<String> keys = new ArrayList<>();
    if (keyPolicy.sourceConditions()) {
      keys.add(SOURCE_ACCOUNT_KEY);
      keys.add(SOURCE_ARN_KEY);
    }
    keys.add(TOPIC_ENCRYPTION_CONTEXT_KEY);
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
