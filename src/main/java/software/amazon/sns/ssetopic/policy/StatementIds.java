package software.amazon.sns.ssetopic.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The statement IDs (Sids) of the statements this engine writes, so a handler can later find and
 * remove exactly its own statements and no one else's. Sids allow only letters and digits.
 *
 * <pre>
 *   SSETopic &lt;topic hash&gt; For &lt;source label&gt; &lt;source hash&gt;   one per event source
 *   SSETopic &lt;topic hash&gt; Owner                               the topic policy's owner grant
 *
 *   topic hash  = first 12 hex digits (48 bits) of SHA-256(topic ARN), lower case
 *   source label = the catalog id in UpperCamelCase, at most 24 characters
 *                  (CloudwatchAlarms, S3EventNotifications; Service / Role when not catalogued)
 *   source hash = first 8 hex digits of SHA-256(kind | principal | SourceArn | SourceAccount)
 * </pre>
 *
 * <p>Example: {@code SSETopic3c1f0e2a9b7dForCloudwatchAlarms5e0a81c2}. A statement belongs to a
 * topic when its Sid starts with {@code SSETopic} plus that topic's hash; topics sharing a key
 * therefore never touch each other's statements. The label is for people reading the policy; the
 * hashes make the Sid unique per (topic, source) and stable across runs and versions.
 *
 * <p>Statements the toolkit prints for people to paste into a key policy ({@code ssetopic
 * key-policy}, the fix Verify and {@code ssetopic diagnose} suggest) carry a Sid of their own:
 *
 * <pre>
 *   SSETopicKit &lt;scope hash&gt; For &lt;source label&gt; &lt;source hash&gt;
 *
 *   scope hash = first 12 hex digits of SHA-256(topic ARN, or arn:...:sns:REGION:ACCOUNT:*)
 * </pre>
 *
 * <p>"Kit" never starts a topic hash (those are lower-case hex digits), so no topic owns a pasted
 * statement: a handler in Verify mode counts it (it discounts only statements Manage mode wrote),
 * and Manage mode never edits or removes it, because a person put it there.
 */
public final class StatementIds {
  public static final String PREFIX = "SSETopic";

  /** The prefix of statements printed for people to paste (see the class comment). */
  public static final String PASTED_PREFIX = PREFIX + "Kit";

  private static final String OWNER = "Owner";
  private static final String FOR = "For";

  static final int TOPIC_HASH_DIGITS = 12;
  static final int SOURCE_HASH_DIGITS = 8;

  private StatementIds() {}

  /** The Sid prefix every statement of this topic carries. */
  public static String topicPrefix(final TopicArn topic) {
    return PREFIX + hash(topic.value(), TOPIC_HASH_DIGITS);
  }

  /** The Sid of the statement for one event source of this topic. */
  public static String forSource(
      final TopicArn topic, final EventSource source, final EventSourceProfile profile) {
    return topicPrefix(topic)
        + FOR
        + profile.sidLabel()
        + hash(source.identity(), SOURCE_HASH_DIGITS);
  }

  /** The Sid of a statement printed for people to paste; owned by no topic. */
  public static String pasted(
      final TopicScope scope, final EventSource source, final EventSourceProfile profile) {
    return PASTED_PREFIX
        + hash(scope.topicArnPattern(), TOPIC_HASH_DIGITS)
        + "For"
        + profile.sidLabel()
        + hash(source.identity(), SOURCE_HASH_DIGITS);
  }

  /** The Sid of the topic policy's statement keeping the owner's access. */
  public static String owner(final TopicArn topic) {
    return owner(topic, "");
  }

  /**
   * The owner statement's Sid recording how the key policy is handled: {@code Owner} for the
   * default (Verify), {@code OwnerManage} or {@code OwnerSkip} otherwise. The topic policy is where
   * the type keeps what Read must report and SNS has no attribute for.
   */
  public static String owner(final TopicArn topic, final String modeSuffix) {
    return topicPrefix(topic) + OWNER + modeSuffix;
  }

  /** The mode suffix of a Sid written by {@link #owner(TopicArn, String)}, else empty. */
  public static Optional<String> ownerSuffix(final String sid, final TopicArn topic) {
    final String owner = topicPrefix(topic) + OWNER;
    return sid != null && sid.startsWith(owner)
        ? Optional.of(sid.substring(owner.length()))
        : Optional.empty();
  }

  /** Whether this Sid names one event source's statement of this topic. */
  public static boolean isSourceStatementOf(final String sid, final TopicArn topic) {
    return sid != null && sid.startsWith(topicPrefix(topic) + FOR);
  }

  /** Whether a statement with this Sid (null allowed) was written for this topic. */
  public static boolean isOwnedBy(final String sid, final TopicArn topic) {
    return sid != null && sid.startsWith(topicPrefix(topic));
  }

  private static String hash(final String text, final int digits) {
    try {
      final byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, digits);
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256.
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
