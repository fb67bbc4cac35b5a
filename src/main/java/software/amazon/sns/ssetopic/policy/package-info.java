/**
 * The policy engine for encrypted topics: which AWS services publish to a topic, the key-policy and
 * topic-policy statements they need, whether a key policy already grants them (Verify mode), and
 * the edits that add or remove this topic's statements (Manage mode).
 *
 * <p>Pure code: no SDK clients and no I/O beyond reading the catalog from the classpath, so the
 * handlers and the CLI share it and tests need no mocks.
 *
 * <ul>
 *   <li>{@link software.amazon.sns.ssetopic.policy.EventSourceCatalog}: the facts per source, read
 *       from {@code event-sources.json}; unknown well-formed service principals get conservative
 *       defaults.
 *   <li>{@link software.amazon.sns.ssetopic.policy.EventSource}: one declared source, validated.
 *   <li>{@link software.amazon.sns.ssetopic.policy.KeyPolicyStatements} and {@link
 *       software.amazon.sns.ssetopic.policy.TopicPolicyStatements}: generated statements, built
 *       with iam-policy-builder; Sids follow {@link
 *       software.amazon.sns.ssetopic.policy.StatementIds}.
 *   <li>{@link software.amazon.sns.ssetopic.policy.KeyPolicyEvaluator}: Verify mode; its class
 *       comment lists every evaluation decision.
 *   <li>{@link software.amazon.sns.ssetopic.policy.PolicyEditor}: Manage mode's edits.
 * </ul>
 */
package software.amazon.sns.ssetopic.policy;
