package software.amazon.sns.ssetopic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The topic's subscriptions as (Protocol, Endpoint) pairs: what an update subscribes and
 * unsubscribes, and the model Read reports from ListSubscriptionsByTopic.
 *
 * <p>A subscription that waits for confirmation has no ARN yet: SNS lists it with the
 * SubscriptionArn {@code PendingConfirmation}
 * (https://docs.aws.amazon.com/sns/latest/api/API_ListSubscriptionsByTopic.html), and Unsubscribe
 * needs an ARN, so such a subscription cannot be removed; SNS drops it when its confirmation token
 * expires after three days (https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html).
 */
final class Subscriptions {

  static final String PENDING = "PendingConfirmation";

  /** A subscription as SNS lists it. */
  record Listed(String protocol, String endpoint, String subscriptionArn) {
    boolean pending() {
      return subscriptionArn == null
          || subscriptionArn.equals(PENDING)
          || !subscriptionArn.startsWith("arn:");
    }
  }

  /** What an update does: subscribe the new pairs, unsubscribe the gone ones (by ARN). */
  record Plan(List<Subscription> toSubscribe, List<Listed> toUnsubscribe, List<Listed> stuck) {}

  private Subscriptions() {}

  /** The identity of a subscription: protocol and endpoint, as SNS compares them. */
  static String key(final String protocol, final String endpoint) {
    return protocol + " " + endpoint;
  }

  static String key(final Subscription subscription) {
    return key(subscription.getProtocol(), subscription.getEndpoint());
  }

  /** The declared subscriptions, one per pair, in template order. */
  static List<Subscription> declared(final ResourceModel model) {
    final Map<String, Subscription> byKey = new LinkedHashMap<>();
    if (model != null && model.getSubscription() != null) {
      model.getSubscription().forEach(s -> byKey.putIfAbsent(key(s), s));
    }
    return new ArrayList<>(byKey.values());
  }

  /**
   * Compares the template with what SNS lists: pairs the template has and SNS does not are
   * subscribed; pairs SNS has that the previous model declared and the desired one does not are
   * unsubscribed, except pending ones (no ARN to unsubscribe), which are reported as stuck. Pairs
   * neither model declares belong to someone else (an AWS::SNS::Subscription) and stay.
   */
  static Plan plan(
      final ResourceModel desired, final ResourceModel previous, final List<Listed> current) {
    final Set<String> declaredBefore = new LinkedHashSet<>();
    declared(previous).forEach(s -> declaredBefore.add(key(s)));
    final Set<String> listed = new LinkedHashSet<>();
    current.forEach(l -> listed.add(key(l.protocol(), l.endpoint())));
    final Set<String> wanted = new LinkedHashSet<>();
    final List<Subscription> toSubscribe = new ArrayList<>();
    for (Subscription subscription : declared(desired)) {
      wanted.add(key(subscription));
      if (!listed.contains(key(subscription))) {
        toSubscribe.add(subscription);
      }
    }
    final List<Listed> toUnsubscribe = new ArrayList<>();
    final List<Listed> stuck = new ArrayList<>();
    for (Listed subscription : current) {
      final String key = key(subscription.protocol(), subscription.endpoint());
      if (declaredBefore.contains(key) && !wanted.contains(key)) {
        (subscription.pending() ? stuck : toUnsubscribe).add(subscription);
      }
    }
    return new Plan(toSubscribe, toUnsubscribe, stuck);
  }

  /** The model of what SNS lists, pending confirmations included; null for none. */
  static Set<Subscription> toModel(final List<Listed> listed) {
    final Map<String, Subscription> byKey = new LinkedHashMap<>();
    listed.forEach(
        l ->
            byKey.putIfAbsent(
                key(l.protocol(), l.endpoint()),
                Subscription.builder().protocol(l.protocol()).endpoint(l.endpoint()).build()));
    return byKey.isEmpty() ? null : new LinkedHashSet<>(byKey.values());
  }

  /**
   * What SNS would refuse that the schema cannot say: a Firehose subscription needs a
   * SubscriptionRoleArn, which inline subscriptions cannot carry (see problem text).
   */
  static String problem(final Set<Subscription> subscriptions) {
    if (subscriptions == null) {
      return null;
    }
    for (Subscription subscription : subscriptions) {
      if ("firehose".equals(subscription.getProtocol())) {
        return "Subscription to Firehose delivery stream '"
            + subscription.getEndpoint()
            + "' needs a SubscriptionRoleArn (the IAM role SNS writes to the stream with), which"
            + " an inline Subscription cannot carry: declare it as an AWS::SNS::Subscription with"
            + " Protocol: firehose and SubscriptionRoleArn"
            + " (https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html: SubscriptionRoleArn is required for Firehose subscriptions).";
      }
    }
    return null;
  }
}
