package software.amazon.sns.ssetopic.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesRequest;
import software.amazon.sns.ssetopic.aws.AwsErrorCodes;
import software.amazon.sns.ssetopic.aws.KmsKeys;
import software.amazon.sns.ssetopic.aws.TopicAttributes;
import software.amazon.sns.ssetopic.kms.InvalidKeyReferenceException;
import software.amazon.sns.ssetopic.kms.KeyCheck;
import software.amazon.sns.ssetopic.kms.KeyReference;
import software.amazon.sns.ssetopic.policy.EventSource;
import software.amazon.sns.ssetopic.policy.InvalidPolicyDocumentException;
import software.amazon.sns.ssetopic.policy.KeyPolicyEvaluation;
import software.amazon.sns.ssetopic.policy.KeyPolicyEvaluator;
import software.amazon.sns.ssetopic.policy.SourceEvaluation;
import software.amazon.sns.ssetopic.policy.TopicArn;
import software.amazon.sns.ssetopic.policy.TopicPolicyEvaluator;

/**
 * What {@code ssetopic diagnose} finds about a live topic: reads the topic (GetTopicAttributes),
 * its key (DescribeKey), the key policy (GetKeyPolicy) and the topic policy, and judges them with
 * the checks the handler runs at deploy time ({@link KeyCheck}, {@link KeyPolicyEvaluator}) plus
 * the topic-policy evaluation ({@link TopicPolicyEvaluator}).
 *
 * <p>Unlike the handler's Verify mode, diagnose counts every statement of the key policy, those an
 * SSETopic in Manage mode wrote included: it asks whether publishing works now, not whether the key
 * would still work without the handler's own statements.
 */
final class Diagnosis {

  /** How a check came out. */
  enum Status {
    /** Works. */
    PASS,
    /** Does not work, or provably will not. */
    FAIL,
    /** Could not be proven either way (a policy diagnose cannot read, delegation to IAM). */
    UNVERIFIED
  }

  /**
   * One check.
   *
   * @param subject what was checked: topic, key, or a source's principal
   * @param check which check: topic, encryption, key, key policy, topic policy
   * @param fix what to do, or null when it passed
   */
  record Finding(String subject, String check, Status status, String detail, String fix) {}

  /** Every finding, and whether everything passed. */
  record Report(String topicArn, boolean passed, List<Finding> findings) {}

  /** diagnose could not ask AWS what it needs: the message says which call and why. */
  static final class AwsUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AwsUnavailableException(final String message, final Throwable cause) {
      super(message, cause);
    }
  }

  private final SnsClient sns;
  private final KmsClient kms;
  private final KeyPolicyEvaluator keyPolicies = KeyPolicyEvaluator.standard();
  private final TopicPolicyEvaluator topicPolicies = TopicPolicyEvaluator.standard();
  private final List<Finding> findings = new ArrayList<>();

  Diagnosis(final SnsClient sns, final KmsClient kms) {
    this.sns = sns;
    this.kms = kms;
  }

  /**
   * Diagnoses the topic for these sources.
   *
   * @throws AwsUnavailableException when AWS cannot be asked
   */
  Report run(final TopicArn topic, final List<EventSource> sources) {
    findings.clear();
    final Map<String, String> attributes = topicAttributes(topic);
    if (attributes != null) {
      final String keyId = attributes.get(TopicAttributes.KMS_MASTER_KEY_ID);
      final Key key = checkKey(topic, keyId);
      for (final EventSource source : sources) {
        checkKeyGrant(topic, keyId, key, source);
        checkTopicGrant(topic, attributes.get(TopicAttributes.POLICY), source);
      }
    }
    final List<Finding> all = List.copyOf(findings);
    return new Report(topic.value(), all.stream().allMatch(f -> f.status() == Status.PASS), all);
  }

  /**
   * The key checks alone, for a key a template names before its topic exists ({@code check
   * --live}): DescribeKey and GetKeyPolicy, judged as for a live topic.
   *
   * @param topic the topic the key will serve (its account and region decide, as for diagnose)
   * @throws AwsUnavailableException when AWS cannot be asked
   */
  Report key(final TopicArn topic, final String keyId, final List<EventSource> sources) {
    findings.clear();
    final Key key = checkKey(topic, keyId);
    for (final EventSource source : sources) {
      checkKeyGrant(topic, keyId, key, source);
    }
    final List<Finding> all = List.copyOf(findings);
    return new Report(topic.value(), all.stream().allMatch(f -> f.status() == Status.PASS), all);
  }

  /** The key as far as diagnose could learn it; the policy is read on first need. */
  private static final class Key {
    private final String arn;
    private final boolean awsManaged;
    private String policy;
    private String policyUnreadable;

    Key(final String arn, final boolean awsManaged) {
      this.arn = arn;
      this.awsManaged = awsManaged;
    }
  }

  private Map<String, String> topicAttributes(final TopicArn topic) {
    try {
      final Map<String, String> attributes =
          sns.getTopicAttributes(
                  GetTopicAttributesRequest.builder().topicArn(topic.value()).build())
              .attributes();
      add("topic", "topic", Status.PASS, "exists", null);
      return attributes;
    } catch (AwsServiceException e) {
      if (!AwsErrorCodes.is(e, AwsErrorCodes.SNS_NOT_FOUND)) {
        throw unavailable("SNS GetTopicAttributes", e);
      }
      add(
          "topic",
          "topic",
          Status.FAIL,
          "not found in account " + topic.account() + ", region " + topic.region(),
          "check the topic ARN, and that the credentials are of account " + topic.account());
      return null;
    } catch (SdkClientException e) {
      throw unavailable("SNS GetTopicAttributes", e);
    }
  }

  private Key checkKey(final TopicArn topic, final String keyId) {
    if (keyId == null || keyId.isBlank()) {
      add(
          "topic",
          "encryption",
          Status.FAIL,
          "the topic is not encrypted: it has no KmsMasterKeyId",
          "set KmsMasterKeyId to a customer managed key (AWS::SNS::SSETopic always sets one)");
      return null;
    }
    final KeyReference reference;
    try {
      reference = KeyReference.parse(keyId);
    } catch (InvalidKeyReferenceException e) {
      add("key", "key", Status.FAIL, e.getMessage(), "set KmsMasterKeyId to a key ID or ARN");
      return null;
    }
    final Optional<String> early = KeyCheck.beforeLookup(reference, topic.region());
    if (early.isPresent()) {
      add("key", "key", Status.FAIL, early.get(), null);
      return null;
    }
    final KeyMetadata metadata;
    try {
      metadata = kms.describeKey(DescribeKeyRequest.builder().keyId(keyId).build()).keyMetadata();
    } catch (AwsServiceException e) {
      if (AwsErrorCodes.is(e, AwsErrorCodes.KMS_NOT_FOUND) && reference.isAwsManagedSnsKey()) {
        add(
            "key",
            "key",
            Status.PASS,
            keyId + " does not exist yet: KMS creates it when a topic first uses it",
            null);
        return new Key(null, true);
      }
      if (AwsErrorCodes.is(e, AwsErrorCodes.KMS_NOT_FOUND)) {
        add(
            "key",
            "key",
            Status.FAIL,
            "KmsMasterKeyId '" + keyId + "' was not found in region " + topic.region(),
            "point KmsMasterKeyId at an existing key, or create the key (every publish fails"
                + " until then)");
        return null;
      }
      if (e.statusCode() == 400 || e.statusCode() == 403) {
        add(
            "key",
            "key",
            Status.UNVERIFIED,
            "DescribeKey on '" + keyId + "' was refused: " + message(e),
            "run diagnose with credentials that may describe the key (kms:DescribeKey)");
        return null;
      }
      throw unavailable("KMS DescribeKey", e);
    } catch (SdkClientException e) {
      throw unavailable("KMS DescribeKey", e);
    }
    final Optional<String> problem = KeyCheck.problem(reference, metadata, topic.region());
    final boolean awsManaged = KmsKeys.isAwsManaged(metadata) || reference.isAwsManagedSnsKey();
    if (problem.isPresent()) {
      add("key", "key", Status.FAIL, problem.get(), null);
    } else {
      add(
          "key",
          "key",
          Status.PASS,
          metadata.arn()
              + (keyId.equals(metadata.arn()) ? "" : " (KmsMasterKeyId " + keyId + ")")
              + ": "
              + metadata.keyStateAsString()
              + ", "
              + metadata.keySpecAsString()
              + " "
              + metadata.keyUsageAsString()
              + ", "
              + (awsManaged ? "AWS managed" : "customer managed"),
          null);
    }
    return new Key(metadata.arn(), awsManaged);
  }

  private void checkKeyGrant(
      final TopicArn topic, final String keyId, final Key key, final EventSource source) {
    if (key == null) {
      return;
    }
    final String subject = source.principal();
    if (key.awsManaged) {
      add(
          subject,
          "key policy",
          Status.FAIL,
          KeyCheck.awsManagedKeyProblem(keyId, List.of(subject)).orElseThrow(),
          null);
      return;
    }
    final SourceEvaluation evaluation;
    if (!KmsKeys.inTopicAccount(key.arn, topic)) {
      evaluation =
          keyPolicies
              .unverifiable(topic, List.of(source), "the key belongs to another account")
              .sources()
              .get(0);
    } else {
      final String policy = keyPolicy(key);
      if (policy == null) {
        evaluation =
            keyPolicies.unverifiable(topic, List.of(source), key.policyUnreadable).sources().get(0);
      } else {
        try {
          final KeyPolicyEvaluation result =
              keyPolicies.evaluate(policy, topic, key.arn, List.of(source));
          evaluation = result.sources().get(0);
        } catch (InvalidPolicyDocumentException e) {
          add(
              subject,
              "key policy",
              Status.FAIL,
              "the key policy of " + key.arn + " cannot be evaluated: " + e.getMessage(),
              "repair the key policy");
          return;
        }
      }
    }
    add(subject, "key policy", status(evaluation), evaluation.reason(), fix(evaluation, "key"));
  }

  private String keyPolicy(final Key key) {
    if (key.policy == null && key.policyUnreadable == null) {
      try {
        key.policy =
            kms.getKeyPolicy(
                    GetKeyPolicyRequest.builder()
                        .keyId(key.arn)
                        .policyName(KmsKeys.DEFAULT_POLICY_NAME)
                        .build())
                .policy();
      } catch (AwsServiceException e) {
        if (e.statusCode() != 400 && e.statusCode() != 403) {
          throw unavailable("KMS GetKeyPolicy", e);
        }
        key.policyUnreadable = "GetKeyPolicy was refused: " + message(e);
      } catch (SdkClientException e) {
        throw unavailable("KMS GetKeyPolicy", e);
      }
    }
    return key.policy;
  }

  private void checkTopicGrant(
      final TopicArn topic, final String policy, final EventSource source) {
    final SourceEvaluation evaluation;
    try {
      evaluation = topicPolicies.evaluate(policy, topic, List.of(source)).get(0);
    } catch (InvalidPolicyDocumentException e) {
      add(
          source.principal(),
          "topic policy",
          Status.FAIL,
          "the topic policy cannot be evaluated: " + e.getMessage(),
          "repair the topic policy");
      return;
    }
    add(
        source.principal(),
        "topic policy",
        status(evaluation),
        evaluation.reason(),
        fix(evaluation, "topic"));
  }

  private static Status status(final SourceEvaluation evaluation) {
    return switch (evaluation.grant()) {
      case GRANTED -> Status.PASS;
      case NOT_GRANTED -> Status.FAIL;
      default -> Status.UNVERIFIED;
    };
  }

  private static String fix(final SourceEvaluation evaluation, final String document) {
    return evaluation
        .statementToAdd()
        .map(statement -> "add to the " + document + " policy: " + statement)
        .orElse(null);
  }

  private void add(
      final String subject,
      final String check,
      final Status status,
      final String detail,
      final String fix) {
    findings.add(new Finding(subject, check, status, detail, fix));
  }

  private static String message(final AwsServiceException e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
        ? e.getMessage()
        : AwsErrorCodes.of(e) + ": " + e.awsErrorDetails().errorMessage();
  }

  private static AwsUnavailableException unavailable(final String call, final SdkException e) {
    final String why = e instanceof AwsServiceException service ? message(service) : e.getMessage();
    return new AwsUnavailableException(call + " failed: " + why, e);
  }
}
