package software.amazon.sns.ssetopic.policy;

import static software.amazon.sns.ssetopic.policy.EventSourceProfile.SOURCE_ACCOUNT_KEY;
import static software.amazon.sns.ssetopic.policy.EventSourceProfile.SOURCE_ARN_KEY;
import static software.amazon.sns.ssetopic.policy.EventSourceProfile.TOPIC_ENCRYPTION_CONTEXT_KEY;
import static software.amazon.sns.ssetopic.policy.EventSourceProfile.VIA_SERVICE_KEY;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the evaluator knows about a request a source's publishing makes: the KMS requests SNS makes
 * for it ({@link #of}), or the sns:Publish request itself ({@link #forPublish}). It holds the
 * resource the request acts on and the condition keys that are certainly present (with their
 * values), certainly absent, or unknown (any key not listed). A known value may be a pattern: a
 * declared SourceArn such as {@code arn:aws:cloudwatch:us-east-1:111122223333:alarm:*} stands for
 * whichever alarm publishes.
 */
final class RequestContext {
  static final String ENCRYPTION_CONTEXT_KEYS = "kms:EncryptionContextKeys";
  static final String CALLER_ACCOUNT = "kms:CallerAccount";
  static final String PRINCIPAL_ARN = "aws:PrincipalArn";
  static final String PRINCIPAL_ACCOUNT = "aws:PrincipalAccount";

  /** The legacy SNS key SNS's default topic policy conditions its owner statement on. */
  static final String SOURCE_OWNER = "AWS:SourceOwner";

  /** A value of a condition key; {@code pattern} when it may stand for many concrete values. */
  record Value(String text, boolean pattern) {}

  /** A key's state: present with values, or absent; {@code why} explains it in messages. */
  record Entry(boolean present, List<Value> values, String why) {}

  private static final String KEY_HINT = "this key (use \"Resource\": \"*\")";
  private static final String TOPIC_HINT = "this topic (name the topic ARN, or \"*\")";

  private final EventSource source;
  private final String resourceArn;
  private final String resourceHint;
  private final Map<String, Entry> entries = new HashMap<>();

  private RequestContext(
      final EventSource source, final String resourceArn, final String resourceHint) {
    this.source = source;
    this.resourceArn = resourceArn;
    this.resourceHint = resourceHint;
  }

  /**
   * The request context of a source's KMS calls through SNS for this topic.
   *
   * @param keyArn the key's ARN if known (for Resource matching), else null
   */
  static RequestContext of(
      final EventSource source,
      final EventSourceProfile profile,
      final TopicArn topic,
      final String keyArn) {
    final RequestContext context = new RequestContext(source, keyArn, KEY_HINT);
    // SNS binds every data key to the topic and calls KMS through itself.
    context.known(TOPIC_ENCRYPTION_CONTEXT_KEY, topic.value());
    context.known(ENCRYPTION_CONTEXT_KEYS, "aws:sns:topicArn");
    context.known(VIA_SERVICE_KEY, topic.snsViaService());
    if (source.isRole()) {
      final String account = source.roleAccount().orElseThrow();
      final String why = "a role calls KMS as itself, so the request carries no source keys";
      context.absent(SOURCE_ACCOUNT_KEY, why);
      context.absent(SOURCE_ARN_KEY, why);
      context.known(PRINCIPAL_ARN, source.roleArn());
      context.known(PRINCIPAL_ACCOUNT, account);
      context.known(CALLER_ACCOUNT, account);
    } else if (profile.keyPolicy().sourceConditions()) {
      context.known(SOURCE_ACCOUNT_KEY, source.effectiveSourceAccount(topic));
      if (source.sourceArn() != null) {
        context.entries.put(
            key(SOURCE_ARN_KEY),
            new Entry(
                true,
                List.of(new Value(source.sourceArn(), Glob.hasWildcard(source.sourceArn()))),
                null));
      }
      // Without a declared SourceArn the key stays unknown: which alarm or bucket publishes?
    } else {
      final String why =
          source.principal()
              + " sends no aws:SourceAccount / aws:SourceArn to KMS (unsupported in key policies"
              + " for this service)";
      context.absent(SOURCE_ACCOUNT_KEY, why);
      context.absent(SOURCE_ARN_KEY, why);
    }
    return context;
  }

  /**
   * The context of the sns:Publish request a source makes to the topic, as the topic policy sees
   * it. Service principals send aws:SourceAccount / aws:SourceArn where the catalog says the topic
   * policy may use them; a source whose catalog entry says SNS's default owner policy lets it
   * publish (CloudWatch alarms) is taken to send {@code AWS:SourceOwner} = its account, the key
   * that policy's condition reads [unverified: inferred from the documented fact that the default
   * policy lets alarms publish].
   */
  static RequestContext forPublish(
      final EventSource source, final EventSourceProfile profile, final TopicArn topic) {
    final RequestContext context = new RequestContext(source, topic.value(), TOPIC_HINT);
    if (source.isRole()) {
      final String why = "a role publishes as itself, so the request carries no source keys";
      context.absent(SOURCE_ACCOUNT_KEY, why);
      context.absent(SOURCE_ARN_KEY, why);
      context.known(PRINCIPAL_ARN, source.roleArn());
      context.known(PRINCIPAL_ACCOUNT, source.roleAccount().orElseThrow());
      return context;
    }
    final String account = source.effectiveSourceAccount(topic);
    if (profile.topicPolicy().sourceConditions()) {
      context.known(SOURCE_ACCOUNT_KEY, account);
      if (source.sourceArn() != null) {
        context.entries.put(
            key(SOURCE_ARN_KEY),
            new Entry(
                true,
                List.of(new Value(source.sourceArn(), Glob.hasWildcard(source.sourceArn()))),
                null));
      }
    }
    if (profile.topicPolicy().ownerPolicySuffices()) {
      context.known(SOURCE_OWNER, account);
    }
    return context;
  }

  private static String key(final String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private void known(final String name, final String value) {
    entries.put(key(name), new Entry(true, List.of(new Value(value, false)), null));
  }

  private void absent(final String name, final String why) {
    entries.put(key(name), new Entry(false, List.of(), why));
  }

  /** The key's entry, or null when the evaluator cannot know it. Keys are case-insensitive. */
  Entry get(final String name) {
    return entries.get(key(name));
  }

  EventSource source() {
    return source;
  }

  /** The ARN of the resource the request acts on, or null when unknown (a key by alias). */
  String resourceArn() {
    return resourceArn;
  }

  /** How messages name the resource, with the fix for a Resource that misses it. */
  String resourceHint() {
    return resourceHint;
  }
}
