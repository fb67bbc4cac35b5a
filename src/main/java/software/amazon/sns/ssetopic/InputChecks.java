package software.amazon.sns.ssetopic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.sns.ssetopic.EventSourceSettings.Mode;
import software.amazon.sns.ssetopic.kms.KeyCheck;
import software.amazon.sns.ssetopic.policy.InvalidPolicyDocumentException;
import software.amazon.sns.ssetopic.policy.ManageScope;
import software.amazon.sns.ssetopic.policy.TopicArn;

/**
 * Input rules that need the topic's ARN, checked after {@link TopicSettings#problems} and before
 * any call that writes: text SNS cannot store or hand back, reserved tag keys, a key of another
 * partition, Manage-mode grants outside the topic's account, a topic policy over SNS's size limit.
 */
public final class InputChecks {

  private InputChecks() {}

  /**
   * Everything wrong with the model for this topic; empty when it is fine. Call once {@link
   * TopicSettings#problems} found nothing (the key reference and the sources parse).
   */
  public static List<String> problems(final ResourceModel model, final TopicArn topic) {
    final List<String> problems = new ArrayList<>();
    controlCharacter("DisplayName", model.getDisplayName()).ifPresent(problems::add);
    if (model.getTags() != null) {
      for (final Tag tag : model.getTags()) {
        problems.addAll(tagProblems(tag));
      }
    }
    KeyCheck.partitionProblem(TopicSettings.keyReference(model), topic.partition())
        .ifPresent(problems::add);
    if (EventSourceSettings.mode(model) == Mode.MANAGE) {
      ManageScope.problem(topic, EventSourceSettings.sources(model)).ifPresent(problems::add);
    }
    return problems;
  }

  /**
   * As {@link #problems(ResourceModel, TopicArn)} for an identifier that may not be a topic ARN at
   * all; such an identifier is left to the lookup, which answers NotFound.
   */
  public static List<String> problems(final ResourceModel model, final String topicArn) {
    final TopicArn topic;
    try {
      topic = TopicArn.of(topicArn);
    } catch (IllegalArgumentException e) {
      return new ArrayList<>();
    }
    return problems(model, topic);
  }

  /**
   * The topic policy this request would set, if it is over SNS's size limit; checked before
   * CreateTopic and before any key-policy write, so that nothing is half done.
   *
   * @param currentAttributes the topic's attributes for an update, or null for a create
   */
  public static Optional<String> topicPolicyProblem(
      final ResourceModel model, final Map<String, String> currentAttributes) {
    try {
      if (currentAttributes == null) {
        TopicSettings.createAttributes(model);
      } else {
        TopicSettings.changedAttributes(model, currentAttributes);
      }
      return Optional.empty();
    } catch (InvalidPolicyDocumentException e) {
      return Optional.of("EventSources: " + e.getMessage() + ".");
    }
  }

  private static List<String> tagProblems(final Tag tag) {
    final List<String> problems = new ArrayList<>();
    final String key = tag.getKey() == null ? "" : tag.getKey();
    if (TopicTags.isReserved(key)) {
      problems.add(
          "Tags: key '"
              + escaped(key)
              + "' starts with aws:, which AWS reserves for its own tags in any letter case:"
              + " choose a key without that prefix.");
    }
    controlCharacter("Tags: key '" + escaped(key) + "'", key).ifPresent(problems::add);
    controlCharacter("Tags: the value of key '" + escaped(key) + "'", tag.getValue())
        .ifPresent(problems::add);
    return problems;
  }

  /**
   * A control character (NUL, BEL, newline ...) in a value SNS stores: SNS answers in XML, which
   * cannot carry most of them, so such a topic could not be read or deleted again.
   */
  static Optional<String> controlCharacter(final String property, final String value) {
    if (value == null) {
      return Optional.empty();
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.getType(value.charAt(i)) == Character.CONTROL) {
        return Optional.of(
            property
                + " contains the control character "
                + String.format("U+%04X", (int) value.charAt(i))
                + " at position "
                + (i + 1)
                + ": remove it (control characters cannot be stored or read back).");
      }
    }
    return Optional.empty();
  }

  /** The text with control characters written as \\uXXXX, for a message. */
  private static String escaped(final String text) {
    final StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      final char c = text.charAt(i);
      out.append(Character.getType(c) == Character.CONTROL ? String.format("\\u%04X", (int) c) : c);
    }
    return out.toString();
  }
}
