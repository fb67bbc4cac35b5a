package software.amazon.sns.ssetopic;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.cloudformation.resource.IdentifierUtils;
import software.amazon.sns.ssetopic.aws.TopicAttributes;
import software.amazon.sns.ssetopic.kms.InvalidKeyReferenceException;
import software.amazon.sns.ssetopic.kms.KeyReference;
import software.amazon.sns.ssetopic.policy.InvalidPolicyDocumentException;
import software.amazon.sns.ssetopic.policy.TopicArn;
import software.amazon.sns.ssetopic.policy.TopicPolicyRecord;
import software.amazon.sns.ssetopic.policy.TopicPolicyStatements;

/**
 * The topic's settings as SNS attributes, the rules that tie them together (which the schema alone
 * cannot express), and the name a topic gets when the template gives none.
 */
public final class TopicSettings {

  static final String FIFO_SUFFIX = ".fifo";
  private static final int MAX_NAME_LENGTH = 256;

  /** The throughput scope SNS gives a FIFO topic that sets none (unverified: no AWS page read). */
  private static final String DEFAULT_FIFO_THROUGHPUT_SCOPE = "Topic";

  /**
   * What SNS reports for an attribute nobody set; removing a property from a template restores it.
   */
  private static final Map<String, String> DEFAULTS =
      Map.of(
          TopicAttributes.DISPLAY_NAME, "",
          TopicAttributes.KMS_MASTER_KEY_ID, KeyReference.AWS_MANAGED_SNS_ALIAS,
          TopicAttributes.CONTENT_BASED_DEDUPLICATION, "false",
          TopicAttributes.SIGNATURE_VERSION, "1",
          TopicAttributes.TRACING_CONFIG, "PassThrough");

  private static final TopicPolicyStatements TOPIC_POLICY = TopicPolicyStatements.standard();
  private static final TopicPolicyRecord TOPIC_RECORD = TopicPolicyRecord.standard();

  private TopicSettings() {}

  public static boolean isFifo(final ResourceModel model) {
    return Boolean.TRUE.equals(model.getFifoTopic());
  }

  public static String keyId(final ResourceModel model) {
    return model.getKmsMasterKeyId() == null
        ? KeyReference.AWS_MANAGED_SNS_ALIAS
        : model.getKmsMasterKeyId();
  }

  /** Everything wrong with the model that SNS would reject; empty when it is fine. */
  public static List<String> problems(final ResourceModel model) {
    final List<String> problems = new ArrayList<>();
    final String name = model.getTopicName();
    final boolean fifo = isFifo(model);
    if (name != null && name.endsWith(FIFO_SUFFIX) && !fifo) {
      problems.add(
          "TopicName '"
              + name
              + "' ends in .fifo, which SNS reserves for FIFO topics: set FifoTopic: true or drop"
              + " the suffix.");
    }
    if (name != null && fifo && !name.endsWith(FIFO_SUFFIX)) {
      problems.add(
          "TopicName '" + name + "' names a FIFO topic (FifoTopic: true) and must end in .fifo.");
    }
    if (Boolean.TRUE.equals(model.getContentBasedDeduplication()) && !fifo) {
      problems.add(
          "ContentBasedDeduplication applies to FIFO topics only: set FifoTopic: true or remove"
              + " ContentBasedDeduplication.");
    }
    if (model.getArchivePolicy() != null && !fifo) {
      problems.add(
          "ArchivePolicy applies to FIFO topics only: set FifoTopic: true or remove ArchivePolicy.");
    }
    if (model.getFifoThroughputScope() != null && !fifo) {
      problems.add(
          "FifoThroughputScope applies to FIFO topics only: set FifoTopic: true or remove"
              + " FifoThroughputScope.");
    }
    for (String problem :
        new String[] {
          JsonDocuments.problem(TopicAttributes.ARCHIVE_POLICY, model.getArchivePolicy()),
          JsonDocuments.problem("DataProtectionPolicy", model.getDataProtectionPolicy()),
          DeliveryStatusLogging.problem(model.getDeliveryStatusLogging()),
          Subscriptions.problem(model.getSubscription())
        }) {
      if (problem != null) {
        problems.add(problem);
      }
    }
    boolean awsManagedKey = false;
    try {
      awsManagedKey = KeyReference.parse(keyId(model)).isAwsManagedSnsKey();
    } catch (InvalidKeyReferenceException e) {
      problems.add(e.getMessage());
    }
    final String sourcesProblem = EventSourceSettings.problem(model, awsManagedKey);
    if (sourcesProblem != null) {
      problems.add(sourcesProblem);
    }
    TopicTags.problem(model.getTags()).ifPresent(problems::add);
    return problems;
  }

  /** Whether the text is an SNS topic ARN (null is not). */
  public static boolean isTopicArn(final String value) {
    try {
      TopicArn.of(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The model's key reference; call after {@link #problems} found none. */
  public static KeyReference keyReference(final ResourceModel model) {
    return KeyReference.parse(keyId(model));
  }

  /** The topic name, the last part of its ARN. */
  public static String nameOf(final String topicArn) {
    return topicArn.substring(topicArn.lastIndexOf(':') + 1);
  }

  /** The ARN SNS gives a topic of this name. */
  public static String arnOf(
      final String partition, final String region, final String account, final String name) {
    return String.join(":", "arn", partition, "sns", region, account, name);
  }

  /** The name to create: the template's, or one derived from the stack and logical ID. */
  public static String nameFor(
      final ResourceModel model,
      final String stackId,
      final String logicalId,
      final String clientRequestToken) {
    if (model.getTopicName() != null) {
      return model.getTopicName();
    }
    final int room = isFifo(model) ? MAX_NAME_LENGTH - FIFO_SUFFIX.length() : MAX_NAME_LENGTH;
    final String logical = logicalId == null ? "SSETopic" : logicalId;
    final String base =
        stackId == null
            ? IdentifierUtils.generateResourceIdentifier(logical, clientRequestToken, room)
            : IdentifierUtils.generateResourceIdentifier(
                stackId, logical, clientRequestToken, room);
    return isFifo(model) ? base + FIFO_SUFFIX : base;
  }

  /**
   * The attributes CreateTopic takes for this model (its TopicArn set), the topic policy included
   * when an event source needs one.
   */
  public static Map<String, String> createAttributes(final ResourceModel model) {
    final Map<String, String> attributes = settableAttributes(model);
    if (isFifo(model)) {
      attributes.put(TopicAttributes.FIFO_TOPIC, "true");
    }
    attributes.putAll(DeliveryStatusLogging.createAttributes(model.getDeliveryStatusLogging()));
    TOPIC_POLICY
        .updatedPolicy(
            null,
            TopicArn.of(model.getTopicArn()),
            EventSourceSettings.sources(model),
            EventSourceSettings.mode(model).recordSuffix())
        .ifPresent(policy -> attributes.put(TopicAttributes.POLICY, policy));
    return attributes;
  }

  private static Map<String, String> settableAttributes(final ResourceModel model) {
    final Map<String, String> attributes = new TreeMap<>();
    attributes.put(TopicAttributes.KMS_MASTER_KEY_ID, keyId(model));
    putIfSet(attributes, TopicAttributes.DISPLAY_NAME, model.getDisplayName());
    putIfSet(
        attributes,
        TopicAttributes.CONTENT_BASED_DEDUPLICATION,
        model.getContentBasedDeduplication());
    putIfSet(attributes, TopicAttributes.SIGNATURE_VERSION, model.getSignatureVersion());
    putIfSet(attributes, TopicAttributes.TRACING_CONFIG, model.getTracingConfig());
    putIfSet(attributes, TopicAttributes.FIFO_THROUGHPUT_SCOPE, model.getFifoThroughputScope());
    JsonDocuments.canonical(model.getArchivePolicy())
        .ifPresent(policy -> attributes.put(TopicAttributes.ARCHIVE_POLICY, policy));
    return attributes;
  }

  /**
   * The SetTopicAttributes calls an update needs: each settable attribute whose desired value (a
   * property left out means the SNS default) differs from what the topic has now, and the topic
   * policy when the event sources' sns:Publish grants in it must change.
   */
  public static Map<String, String> changedAttributes(
      final ResourceModel desired, final Map<String, String> current) {
    final Map<String, String> wanted = new TreeMap<>(DEFAULTS);
    if (!isFifo(desired)) {
      wanted.remove(TopicAttributes.CONTENT_BASED_DEDUPLICATION);
    } else if (current.get(TopicAttributes.FIFO_THROUGHPUT_SCOPE) != null) {
      wanted.put(TopicAttributes.FIFO_THROUGHPUT_SCOPE, DEFAULT_FIFO_THROUGHPUT_SCOPE);
    }
    wanted.putAll(settableAttributes(desired));
    wanted.remove(TopicAttributes.ARCHIVE_POLICY); // compared as JSON below
    final Map<String, String> changed = new TreeMap<>();
    final Optional<String> archive = JsonDocuments.canonical(desired.getArchivePolicy());
    final Optional<String> archiveNow =
        JsonDocuments.canonical(JsonDocuments.toModel(current.get(TopicAttributes.ARCHIVE_POLICY)));
    if (!archive.equals(archiveNow)) {
      // An empty policy turns archiving off (unverified: no AWS page read says how).
      changed.put(TopicAttributes.ARCHIVE_POLICY, archive.orElse("{}"));
    }
    DeliveryStatusLogging.attributes(desired.getDeliveryStatusLogging())
        .forEach(
            (name, value) -> {
              if (!value.equals(current.getOrDefault(name, ""))) {
                changed.put(name, value);
              }
            });
    wanted.forEach(
        (name, value) -> {
          final String now = current.getOrDefault(name, DEFAULTS.get(name));
          if (!Objects.equals(value, now)) {
            changed.put(name, value);
          }
        });
    TOPIC_POLICY
        .updatedPolicy(
            current.get(TopicAttributes.POLICY),
            TopicArn.of(desired.getTopicArn()),
            EventSourceSettings.sources(desired),
            EventSourceSettings.mode(desired).recordSuffix())
        .ifPresent(policy -> changed.put(TopicAttributes.POLICY, policy));
    return changed;
  }

  /**
   * The model SNS describes: attributes as stored (KmsMasterKeyId exactly as written), and the
   * EventSources and KeyPolicyMode the topic policy records ({@link TopicPolicyRecord}). A topic
   * policy that cannot be read records nothing: Read then reports no sources and the default mode.
   */
  public static ResourceModel fromAttributes(
      final String topicArn, final Map<String, String> attributes) {
    final boolean fifo = Boolean.parseBoolean(attributes.get(TopicAttributes.FIFO_TOPIC));
    TopicPolicyRecord.Contents record;
    try {
      record = TOPIC_RECORD.read(attributes.get(TopicAttributes.POLICY), TopicArn.of(topicArn));
    } catch (InvalidPolicyDocumentException e) {
      record = new TopicPolicyRecord.Contents(Optional.empty(), Set.of());
    }
    final Set<EventSource> sources =
        record.sources().stream()
            .map(EventSourceSettings::toModel)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    return ResourceModel.builder()
        .eventSources(sources.isEmpty() ? null : sources)
        .keyPolicyMode(
            EventSourceSettings.Mode.fromRecordSuffix(record.modeSuffix().orElse("")).schemaName())
        .topicArn(topicArn)
        .topicName(nameOf(topicArn))
        .displayName(emptyToNull(attributes.get(TopicAttributes.DISPLAY_NAME)))
        .kmsMasterKeyId(emptyToNull(attributes.get(TopicAttributes.KMS_MASTER_KEY_ID)))
        .fifoTopic(fifo)
        .contentBasedDeduplication(
            fifo
                ? Boolean.parseBoolean(attributes.get(TopicAttributes.CONTENT_BASED_DEDUPLICATION))
                : null)
        .signatureVersion(emptyToNull(attributes.get(TopicAttributes.SIGNATURE_VERSION)))
        .tracingConfig(emptyToNull(attributes.get(TopicAttributes.TRACING_CONFIG)))
        .fifoThroughputScope(
            fifo ? emptyToNull(attributes.get(TopicAttributes.FIFO_THROUGHPUT_SCOPE)) : null)
        .archivePolicy(JsonDocuments.toModel(attributes.get(TopicAttributes.ARCHIVE_POLICY)))
        .deliveryStatusLogging(DeliveryStatusLogging.fromAttributes(attributes))
        .build();
  }

  private static void putIfSet(
      final Map<String, String> map, final String key, final Object value) {
    if (value != null) {
      map.put(key, String.valueOf(value));
    }
  }

  private static String emptyToNull(final String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
