package software.amazon.sns.ssetopic.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import software.amazon.sns.ssetopic.policy.SourceEvaluation.Grant;

/**
 * Whether a topic's access policy lets each event source call {@code sns:Publish} on the topic,
 * with the same conservative rules as {@link KeyPolicyEvaluator} (its class comment lists them): a
 * source counts as granted only when a statement provably allows it and no Deny can apply.
 *
 * <p>Sources that need no topic-policy grant ({@link TopicPolicyStatements#needsPublishGrant}: a
 * role of the topic's own account, which publishes through its IAM policy) are GRANTED with that
 * reason. A source whose catalog entry says SNS's default owner policy lets it publish (CloudWatch
 * alarms) is granted by that policy; any other service needs a statement naming it.
 */
public final class TopicPolicyEvaluator {
  private final TopicPolicyStatements generator;
  private final EventSourceCatalog catalog;

  public TopicPolicyEvaluator(final EventSourceCatalog catalog) {
    this.catalog = catalog;
    this.generator = new TopicPolicyStatements(catalog);
  }

  public static TopicPolicyEvaluator standard() {
    return new TopicPolicyEvaluator(EventSourceCatalog.standard());
  }

  /**
   * Evaluates the topic policy for each distinct source.
   *
   * @param topicPolicyJson the topic's Policy attribute; null or blank when SNS reports none
   * @throws InvalidPolicyDocumentException when the policy cannot be read
   */
  public List<SourceEvaluation> evaluate(
      final String topicPolicyJson, final TopicArn topic, final Collection<EventSource> sources) {
    final boolean hasPolicy = topicPolicyJson != null && !topicPolicyJson.isBlank();
    final List<PolicyStatement> statements =
        hasPolicy ? PolicyStatement.readAll(topicPolicyJson) : List.of();
    final List<SourceEvaluation> results = new ArrayList<>();
    for (final EventSource source : new LinkedHashSet<>(sources)) {
      if (!generator.needsPublishGrant(topic, source)) {
        results.add(
            new SourceEvaluation(
                source,
                Grant.GRANTED,
                "needs no topic-policy grant: a role of the topic's account publishes through its"
                    + " own IAM policy, which must allow sns:Publish on the topic",
                Optional.empty()));
        continue;
      }
      final String statementToAdd = PolicyJson.statementJson(generator.forSource(topic, source));
      if (!hasPolicy) {
        results.add(
            new SourceEvaluation(
                source,
                Grant.NOT_GRANTED,
                "the topic has no access policy, so nothing allows "
                    + source.principal()
                    + " sns:Publish",
                Optional.of(statementToAdd)));
        continue;
      }
      final EventSourceProfile profile = catalog.profileOf(source);
      final RequestContext context = RequestContext.forPublish(source, profile, topic);
      // sns:Publish, and whatever else the service documents (Managed Prometheus reads the topic).
      results.add(
          GrantEvaluator.evaluate(
              statements, context, profile.topicPolicy().actions(), () -> statementToAdd));
    }
    return List.copyOf(results);
  }
}
