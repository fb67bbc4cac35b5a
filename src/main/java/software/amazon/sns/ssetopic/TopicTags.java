package software.amazon.sns.ssetopic;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Tags between the model, CloudFormation's tag maps and SNS, and the diff an update applies. */
public final class TopicTags {

  /**
   * Tags that AWS owns (aws:cloudformation:stack-name, ...): never listed in the model or changed.
   */
  private static final String RESERVED_PREFIX = "aws:";

  /**
   * Tags this type keeps on the topic for itself ({@link #CREATION_TOKEN}): never listed in the
   * model, never changed by an update, refused in a template.
   */
  static final String TYPE_PREFIX = "sns-ssetopic:";

  /**
   * Set by CreateTopic to the creating request's token: SNS answers CreateTopic for an existing
   * name with that topic's ARN, so this tag is how a create tells its own topic from another's.
   */
  static final String CREATION_TOKEN = TYPE_PREFIX + "creation-token";

  private TopicTags() {}

  /**
   * Whether a tag key starts with the prefix AWS reserves, in any letter case (aws:, AWS:, Aws:
   * ...), as the tagging guide says.
   */
  public static boolean isReserved(final String key) {
    return key.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length());
  }

  /** What an update must do to turn the topic's current tags into the desired ones. */
  public record Diff(Map<String, String> toAdd, List<String> toRemove) {
    public boolean isEmpty() {
      return toAdd.isEmpty() && toRemove.isEmpty();
    }
  }

  public static Map<String, String> toMap(final Collection<Tag> tags) {
    final Map<String, String> map = new LinkedHashMap<>();
    if (tags != null) {
      tags.forEach(tag -> map.put(tag.getKey(), tag.getValue()));
    }
    return map;
  }

  /**
   * What is wrong with the model's tags, if anything: a key given twice (SNS keeps one value per
   * key, so the other would be lost and show as drift forever), or a key in the type's own prefix.
   */
  public static Optional<String> problem(final Collection<Tag> tags) {
    if (tags == null) {
      return Optional.empty();
    }
    final Map<String, Long> counts =
        tags.stream()
            .collect(Collectors.groupingBy(Tag::getKey, TreeMap::new, Collectors.counting()));
    final List<String> repeated =
        counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    if (!repeated.isEmpty()) {
      return Optional.of(
          "Tags: the key(s) "
              + String.join(", ", repeated)
              + " appear more than once; a topic keeps one value per tag key, so give each key"
              + " once.");
    }
    return tags.stream()
        .map(Tag::getKey)
        .filter(TopicTags::ownedByType)
        .findFirst()
        .map(
            key ->
                "Tags: the key '"
                    + key
                    + "' uses the prefix "
                    + TYPE_PREFIX
                    + ", which AWS::SNS::SSETopic keeps for its own tags; choose another key.");
  }

  private static boolean ownedByType(final String key) {
    return key.toLowerCase(Locale.ROOT).startsWith(TYPE_PREFIX);
  }

  /** Tags that neither the model lists nor an update changes: AWS's and the type's own. */
  private static boolean isManagedElsewhere(final String key) {
    return isReserved(key) || ownedByType(key);
  }

  /** The model's view of the topic's tags: user tags only, or null when there are none. */
  public static Set<Tag> toModel(
      final Collection<software.amazon.awssdk.services.sns.model.Tag> tags) {
    final Set<Tag> model =
        tags.stream()
            .filter(tag -> !isManagedElsewhere(tag.key()))
            .map(tag -> new Tag(tag.key(), tag.value()))
            .collect(Collectors.toSet());
    return model.isEmpty() ? null : model;
  }

  public static List<software.amazon.awssdk.services.sns.model.Tag> toSdk(
      final Map<String, String> tags) {
    return new TreeMap<>(tags)
        .entrySet().stream()
            .map(
                e ->
                    software.amazon.awssdk.services.sns.model.Tag.builder()
                        .key(e.getKey())
                        .value(e.getValue())
                        .build())
            .collect(Collectors.toList());
  }

  /** Merges maps left to right (later wins), ignoring nulls. */
  @SafeVarargs
  public static Map<String, String> merge(final Map<String, String>... maps) {
    final Map<String, String> merged = new LinkedHashMap<>();
    for (Map<String, String> map : maps) {
      if (map != null) {
        merged.putAll(map);
      }
    }
    return merged;
  }

  /**
   * The tag changes that make {@code current} equal {@code desired}; reserved aws: tags are left
   * alone on both sides.
   */
  public static Diff diff(
      final Collection<software.amazon.awssdk.services.sns.model.Tag> current,
      final Map<String, String> desired) {
    final Map<String, String> now =
        current.stream()
            .filter(tag -> !isManagedElsewhere(tag.key()))
            .collect(
                Collectors.toMap(
                    software.amazon.awssdk.services.sns.model.Tag::key,
                    software.amazon.awssdk.services.sns.model.Tag::value));
    final Map<String, String> wanted = new TreeMap<>();
    desired.forEach(
        (key, value) -> {
          if (!isManagedElsewhere(key)) {
            wanted.put(key, value);
          }
        });
    final Map<String, String> toAdd = new TreeMap<>();
    wanted.forEach(
        (key, value) -> {
          if (!value.equals(now.get(key))) {
            toAdd.put(key, value);
          }
        });
    final List<String> toRemove =
        now.keySet().stream().filter(key -> !wanted.containsKey(key)).sorted().toList();
    return new Diff(toAdd, toRemove);
  }
}
