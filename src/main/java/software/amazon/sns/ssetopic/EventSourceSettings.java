package software.amazon.sns.ssetopic;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import software.amazon.sns.ssetopic.kms.KeyCheck;
import software.amazon.sns.ssetopic.policy.EventSource;
import software.amazon.sns.ssetopic.policy.EventSourceCatalog;

/** The model's EventSources and KeyPolicyMode, in the policy engine's terms. */
public final class EventSourceSettings {

  /** What the handler does with the key policy for the event sources. */
  public enum Mode {
    /** Check that the key policy grants every source; fail the deployment otherwise. */
    VERIFY,
    /** Write this topic's statements into the key policy; remove them on delete. */
    MANAGE,
    /** Leave the key policy alone. */
    SKIP;

    static Mode of(final String value) {
      return value == null ? VERIFY : valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The name the schema uses: Verify, Manage, Skip. */
    public String schemaName() {
      return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }

    /** What the topic policy's owner Sid records for this mode: nothing for the default. */
    public String recordSuffix() {
      return this == VERIFY ? "" : schemaName();
    }

    /** The mode an owner Sid recorded; an unknown suffix is read as the default. */
    static Mode fromRecordSuffix(final String suffix) {
      for (final Mode mode : values()) {
        if (mode.recordSuffix().equals(suffix)) {
          return mode;
        }
      }
      return VERIFY;
    }
  }

  private EventSourceSettings() {}

  public static Mode mode(final ResourceModel model) {
    return Mode.of(model.getKeyPolicyMode());
  }

  /**
   * The sources, sorted so that equal sets compare equal.
   *
   * @throws software.amazon.sns.ssetopic.policy.InvalidEventSourceException naming a bad source
   */
  public static List<EventSource> sources(final ResourceModel model) {
    return sources(model.getEventSources());
  }

  static List<EventSource> sources(
      final Collection<software.amazon.sns.ssetopic.EventSource> declared) {
    if (declared == null) {
      return List.of();
    }
    return declared.stream()
        .map(EventSourceSettings::toPolicy)
        .sorted(Comparator.comparing(EventSource::toString))
        .distinct()
        .collect(Collectors.toUnmodifiableList());
  }

  /** One declared source in the policy engine's terms. */
  static EventSource toPolicy(final software.amazon.sns.ssetopic.EventSource declared) {
    return new EventSource(
        declared.getServicePrincipal(),
        declared.getRoleArn(),
        declared.getSourceArn(),
        declared.getSourceAccount());
  }

  /** A source as the model declares it. */
  static software.amazon.sns.ssetopic.EventSource toModel(final EventSource source) {
    return new software.amazon.sns.ssetopic.EventSource(
        source.servicePrincipal(), source.roleArn(), source.sourceArn(), source.sourceAccount());
  }

  /** Whether an update changes what the key policy must grant or how it is handled. */
  public static boolean keyPolicyInputsChange(
      final ResourceModel previous, final ResourceModel desired, final boolean keyChanges) {
    return keyChanges
        || mode(previous) != mode(desired)
        || !Objects.equals(sources(previous.getEventSources()), sources(desired.getEventSources()));
  }

  /**
   * Why the event sources cannot work as declared, or null: a malformed source, a source the
   * catalog refuses (one that cannot work with an encrypted topic, outside KeyPolicyMode Skip, or a
   * SourceArn that would restrict nothing), or sources on the AWS managed key, whose key policy
   * nobody can edit.
   */
  static String problem(final ResourceModel model, final boolean awsManagedKey) {
    final List<EventSource> sources;
    try {
      sources = sources(model);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    final List<String> refused =
        sources.isEmpty()
            ? List.of()
            : EventSourceCatalog.standard().problems(sources, mode(model) != Mode.SKIP);
    if (!refused.isEmpty()) {
      return String.join(" ", refused);
    }
    if (awsManagedKey) {
      return KeyCheck.awsManagedKeyProblem(
              model.getKmsMasterKeyId(),
              sources.stream().map(EventSource::principal).collect(Collectors.toList()))
          .orElse(null);
    }
    return null;
  }
}
