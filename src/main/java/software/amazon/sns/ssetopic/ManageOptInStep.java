package software.amazon.sns.ssetopic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ListResourceTagsRequest;
import software.amazon.awssdk.services.kms.model.ListResourceTagsResponse;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.ProxyClient;
import software.amazon.sns.ssetopic.aws.KmsKeys;
import software.amazon.sns.ssetopic.kms.ManageOptIn;
import software.amazon.sns.ssetopic.policy.EventSource;
import software.amazon.sns.ssetopic.policy.TopicArn;

/**
 * The call-chain step before Manage mode grants anything in a key policy: the key's tags must say
 * it opted in ({@link ManageOptIn}). One ListResourceTags call; nothing is written before it.
 */
final class ManageOptInStep {

  private final AmazonWebServicesClientProxy proxy;
  private final ProxyClient<KmsClient> kms;
  private final KeyResolution.Failures failures;

  ManageOptInStep(
      final AmazonWebServicesClientProxy proxy,
      final ProxyClient<KmsClient> kms,
      final KeyResolution.Failures failures) {
    this.proxy = proxy;
    this.kms = kms;
    this.failures = failures;
  }

  /**
   * Fails the request unless the key opted in. Withdrawing statements needs no opt-in (no source
   * left to grant), and a key of another account is refused by the write step itself.
   */
  ProgressEvent<ResourceModel, CallbackContext> require(
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final String keyArn,
      final List<EventSource> sources) {
    final ResourceModel model = progress.getResourceModel();
    if (keyArn == null
        || sources.isEmpty()
        || !KmsKeys.inTopicAccount(keyArn, TopicArn.of(model.getTopicArn()))) {
      return progress;
    }
    return proxy
        .initiate(
            BaseHandlerStd.CALL + "Manage::ListResourceTags",
            kms,
            model,
            progress.getCallbackContext())
        .translateToServiceRequest(m -> ListResourceTagsRequest.builder().keyId(keyArn).build())
        .makeServiceCall(ManageOptInStep::tags)
        .handleError((req, e, client, m, c) -> failures.fail(e, "", m, c))
        .done(
            (req, tags, client, m, c) ->
                ManageOptIn.problem(keyArn, tags)
                    .map(
                        problem ->
                            ProgressEvent.<ResourceModel, CallbackContext>failed(
                                m, c, HandlerErrorCode.InvalidRequest, problem))
                    .orElseGet(() -> ProgressEvent.progress(m, c)));
  }

  /** Every tag of the key, following KMS's pages. */
  private static Map<String, String> tags(
      final ListResourceTagsRequest first, final ProxyClient<KmsClient> client) {
    final Map<String, String> tags = new LinkedHashMap<>();
    ListResourceTagsRequest request = first;
    while (true) {
      final ListResourceTagsResponse page =
          client.injectCredentialsAndInvokeV2(request, client.client()::listResourceTags);
      page.tags().forEach(tag -> tags.put(tag.tagKey(), tag.tagValue()));
      if (!Boolean.TRUE.equals(page.truncated()) || page.nextMarker() == null) {
        return tags;
      }
      request = request.toBuilder().marker(page.nextMarker()).build();
    }
  }
}
