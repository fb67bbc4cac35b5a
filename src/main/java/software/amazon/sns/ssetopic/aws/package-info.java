/**
 * What the handlers and the ssetopic CLI both know about AWS itself, written once: how an SDK
 * client is configured, which endpoints it may use, what a failed call means, the error codes,
 * attribute names and key facts both act on. Both the Lambda jar and the CLI jar take the whole
 * package, so the CLI needs no class of the handlers' package.
 *
 * <p>What belongs here: SDK and AWS facts free of CloudFormation classes (no RPDK types, no
 * ResourceModel). What does not: the handlers' orchestration and what only they use (root package),
 * the policy engine ({@code policy}), the key reference and checks ({@code kms}), the commands
 * ({@code cli}).
 *
 * <ul>
 *   <li>{@link software.amazon.sns.ssetopic.aws.SdkClientSettings}: region, endpoint override and
 *       guarded endpoint rules, HTTP client; credentials and timeouts stay with each caller.
 *   <li>{@link software.amazon.sns.ssetopic.aws.EndpointGuard}: HTTPS anywhere, plain HTTP only to
 *       loopback ({@link software.amazon.sns.ssetopic.aws.EndpointRefusedException} otherwise).
 *   <li>{@link software.amazon.sns.ssetopic.aws.AwsErrorCodes} and {@link
 *       software.amazon.sns.ssetopic.aws.AwsFailures}: what a failed call answered, and whether it
 *       may have taken effect.
 *   <li>{@link software.amazon.sns.ssetopic.aws.TopicAttributes}, {@link
 *       software.amazon.sns.ssetopic.aws.KmsKeys}, {@link
 *       software.amazon.sns.ssetopic.aws.ServicePrincipals}: names and facts of SNS and KMS.
 * </ul>
 */
package software.amazon.sns.ssetopic.aws;
