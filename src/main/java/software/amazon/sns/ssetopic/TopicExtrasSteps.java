package software.amazon.sns.ssetopic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.GetDataProtectionPolicyRequest;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicRequest;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicResponse;
import software.amazon.awssdk.services.sns.model.PutDataProtectionPolicyRequest;
import software.amazon.awssdk.services.sns.model.SubscribeRequest;
import software.amazon.awssdk.services.sns.model.UnsubscribeRequest;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ProxyClient;

/**
 * The call-chain steps for what lives beside the topic's attributes: its subscriptions
 * (ListSubscriptionsByTopic, Subscribe, Unsubscribe) and its data protection policy
 * (Get/PutDataProtectionPolicy). Subscriptions this action made are recorded in the callback
 * context, so an action called again does not subscribe twice.
 */
final class TopicExtrasSteps {

  private static final String CALL = BaseHandlerStd.CALL;

  private final AmazonWebServicesClientProxy proxy;
  private final ProxyClient<SnsClient> sns;
  private final KeyResolution.Failures failures;
  private final InvocationBudget budget;

  TopicExtrasSteps(
      final AmazonWebServicesClientProxy proxy,
      final ProxyClient<SnsClient> sns,
      final KeyResolution.Failures failures,
      final InvocationBudget budget) {
    this.proxy = proxy;
    this.sns = sns;
    this.failures = failures;
    this.budget = budget;
  }

  /**
   * Every subscription of the topic, all pages, pending confirmations included, as one response (an
   * SDK response, which the callback context can keep and restore).
   */
  static ListSubscriptionsByTopicResponse listAll(
      final ListSubscriptionsByTopicRequest first, final ProxyClient<SnsClient> sns) {
    final List<software.amazon.awssdk.services.sns.model.Subscription> all = new ArrayList<>();
    ListSubscriptionsByTopicRequest request = first;
    while (true) {
      final ListSubscriptionsByTopicResponse page =
          sns.injectCredentialsAndInvokeV2(request, sns.client()::listSubscriptionsByTopic);
      all.addAll(page.subscriptions());
      if (page.nextToken() == null || page.nextToken().isEmpty()) {
        return ListSubscriptionsByTopicResponse.builder().subscriptions(all).build();
      }
      request = request.toBuilder().nextToken(page.nextToken()).build();
    }
  }

  private static List<Subscriptions.Listed> listed(final ListSubscriptionsByTopicResponse all) {
    return all.subscriptions().stream()
        .map(s -> new Subscriptions.Listed(s.protocol(), s.endpoint(), s.subscriptionArn()))
        .toList();
  }

  /** Read: the model's Subscription from ListSubscriptionsByTopic. */
  ProgressEvent<ResourceModel, CallbackContext> readSubscriptions(
      final ProgressEvent<ResourceModel, CallbackContext> progress) {
    return proxy
        .initiate(
            CALL + "ListSubscriptionsByTopic",
            sns,
            progress.getResourceModel(),
            progress.getCallbackContext())
        .translateToServiceRequest(
            m -> ListSubscriptionsByTopicRequest.builder().topicArn(m.getTopicArn()).build())
        .makeServiceCall(TopicExtrasSteps::listAll)
        .handleError((req, e, client, m, c) -> failures.fail(e, "", m, c))
        .done(
            (req, listed, client, m, c) -> {
              m.setSubscription(Subscriptions.toModel(listed(listed)));
              return ProgressEvent.progress(m, c);
            });
  }

  /** Create: subscribes every declared pair this action has not subscribed yet. */
  ProgressEvent<ResourceModel, CallbackContext> subscribeDeclared(
      final ProgressEvent<ResourceModel, CallbackContext> progress, final ResourceModel desired) {
    return subscribeAll(progress, Subscriptions.declared(desired));
  }

  /**
   * Update: lists what the topic has now, then subscribes the new pairs and unsubscribes the pairs
   * the previous model had and the desired one has not; the rest is left alone, so that
   * subscriptions made outside this resource (AWS::SNS::Subscription) are never removed.
   */
  ProgressEvent<ResourceModel, CallbackContext> converge(
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final ResourceModel desired,
      final ResourceModel previous) {
    if (Subscriptions.declared(desired).isEmpty() && Subscriptions.declared(previous).isEmpty()) {
      return progress; // nothing declared before or now: no call
    }
    return proxy
        .initiate(
            CALL + "Update::ListSubscriptionsByTopic",
            sns,
            progress.getResourceModel(),
            progress.getCallbackContext())
        .translateToServiceRequest(
            m -> ListSubscriptionsByTopicRequest.builder().topicArn(m.getTopicArn()).build())
        .makeServiceCall(TopicExtrasSteps::listAll)
        .handleError((req, e, client, m, c) -> failures.fail(e, "", m, c))
        .done(
            (req, listed, client, m, c) -> {
              final Subscriptions.Plan plan = Subscriptions.plan(desired, previous, listed(listed));
              ProgressEvent<ResourceModel, CallbackContext> next = ProgressEvent.progress(m, c);
              for (Subscriptions.Listed gone : plan.toUnsubscribe()) {
                next = next.then(BaseHandlerStd.timed(budget, p -> unsubscribe(p, gone)));
              }
              return next.then(p -> subscribeAll(p, plan.toSubscribe()));
            });
  }

  private ProgressEvent<ResourceModel, CallbackContext> subscribeAll(
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final List<Subscription> subscriptions) {
    ProgressEvent<ResourceModel, CallbackContext> next = progress;
    for (Subscription subscription : subscriptions) {
      next = next.then(BaseHandlerStd.timed(budget, p -> subscribe(p, subscription)));
    }
    return next;
  }

  private ProgressEvent<ResourceModel, CallbackContext> subscribe(
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final Subscription subscription) {
    final String key = Subscriptions.key(subscription);
    if (progress.getCallbackContext().getSubscribed().contains(key)) {
      return progress;
    }
    return proxy
        .initiate(
            CALL + "Subscribe", sns, progress.getResourceModel(), progress.getCallbackContext())
        .translateToServiceRequest(
            m ->
                SubscribeRequest.builder()
                    .topicArn(m.getTopicArn())
                    .protocol(subscription.getProtocol())
                    .endpoint(subscription.getEndpoint())
                    .build())
        .makeServiceCall(
            (req, client) -> client.injectCredentialsAndInvokeV2(req, client.client()::subscribe))
        .handleError((req, e, client, m, c) -> failures.fail(e, "Subscribe " + key + ": ", m, c))
        .done(
            (req, res, client, m, c) -> {
              c.getSubscribed().add(key);
              c.applied("subscribed " + key);
              return ProgressEvent.progress(m, c);
            });
  }

  private ProgressEvent<ResourceModel, CallbackContext> unsubscribe(
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final Subscriptions.Listed gone) {
    return proxy
        .initiate(
            CALL + "Unsubscribe", sns, progress.getResourceModel(), progress.getCallbackContext())
        .translateToServiceRequest(
            m -> UnsubscribeRequest.builder().subscriptionArn(gone.subscriptionArn()).build())
        .makeServiceCall(
            (req, client) -> client.injectCredentialsAndInvokeV2(req, client.client()::unsubscribe))
        .handleError(
            (req, e, client, m, c) ->
                failures.fail(
                    e,
                    "Unsubscribe " + Subscriptions.key(gone.protocol(), gone.endpoint()) + ": ",
                    m,
                    c))
        .done(
            (req, res, client, m, c) -> {
              c.applied("unsubscribed " + Subscriptions.key(gone.protocol(), gone.endpoint()));
              return ProgressEvent.progress(m, c);
            });
  }

  /** Read: the model's DataProtectionPolicy from GetDataProtectionPolicy. */
  ProgressEvent<ResourceModel, CallbackContext> readDataProtectionPolicy(
      final ProgressEvent<ResourceModel, CallbackContext> progress) {
    return withDataProtectionPolicy(
        progress,
        "GetDataProtectionPolicy",
        (policy, read) -> {
          read.getResourceModel().setDataProtectionPolicy(policy);
          return read;
        });
  }

  /**
   * Update: reads the topic's data protection policy and puts the template's when they differ (an
   * empty policy when the template has none; unverified that SNS removes it then).
   */
  ProgressEvent<ResourceModel, CallbackContext> convergeDataProtectionPolicy(
      final ProgressEvent<ResourceModel, CallbackContext> progress, final ResourceModel desired) {
    final Optional<String> wanted = JsonDocuments.canonical(desired.getDataProtectionPolicy());
    return withDataProtectionPolicy(
        progress,
        "Update::GetDataProtectionPolicy",
        (policy, read) ->
            JsonDocuments.canonical(policy).equals(wanted)
                ? read
                : putDataProtectionPolicy(read, wanted.orElse("")));
  }

  /** GetDataProtectionPolicy, then {@code next} with the policy as the model holds it. */
  private ProgressEvent<ResourceModel, CallbackContext> withDataProtectionPolicy(
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final String step,
      final BiFunction<
              Map<String, Object>,
              ProgressEvent<ResourceModel, CallbackContext>,
              ProgressEvent<ResourceModel, CallbackContext>>
          next) {
    return proxy
        .initiate(CALL + step, sns, progress.getResourceModel(), progress.getCallbackContext())
        .translateToServiceRequest(
            m -> GetDataProtectionPolicyRequest.builder().resourceArn(m.getTopicArn()).build())
        .makeServiceCall(
            (req, client) ->
                client.injectCredentialsAndInvokeV2(req, client.client()::getDataProtectionPolicy))
        .handleError((req, e, client, m, c) -> failures.fail(e, "", m, c))
        .done(
            (req, res, client, m, c) ->
                next.apply(
                    JsonDocuments.toModel(res.dataProtectionPolicy()),
                    ProgressEvent.progress(m, c)));
  }

  private ProgressEvent<ResourceModel, CallbackContext> putDataProtectionPolicy(
      final ProgressEvent<ResourceModel, CallbackContext> progress, final String policy) {
    return proxy
        .initiate(
            CALL + "PutDataProtectionPolicy",
            sns,
            progress.getResourceModel(),
            progress.getCallbackContext())
        .translateToServiceRequest(
            m ->
                PutDataProtectionPolicyRequest.builder()
                    .resourceArn(m.getTopicArn())
                    .dataProtectionPolicy(policy)
                    .build())
        .makeServiceCall(
            (req, client) ->
                client.injectCredentialsAndInvokeV2(req, client.client()::putDataProtectionPolicy))
        .handleError((req, e, client, m, c) -> failures.fail(e, "", m, c))
        .done(
            (req, res, client, m, c) -> {
              c.applied("set DataProtectionPolicy");
              return ProgressEvent.progress(m, c);
            });
  }
}
