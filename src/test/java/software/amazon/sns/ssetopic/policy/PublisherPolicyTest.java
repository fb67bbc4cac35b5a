package software.amazon.sns.ssetopic.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static software.amazon.sns.ssetopic.policy.Fixtures.KEY_ARN;
import static software.amazon.sns.ssetopic.policy.Fixtures.TOPIC;

import org.junit.jupiter.api.Test;

class PublisherPolicyTest {

  /** The publisher policy of the SNS developer guide, with this test's key and topic. */
  private static final String GUIDE_POLICY =
      """
      {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["kms:GenerateDataKey*", "kms:Decrypt"],
         "Resource": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
        {"Effect": "Allow", "Action": ["sns:Publish"],
         "Resource": "arn:aws:sns:us-east-1:123456789012:alerts"}]}
      """;

  @Test
  void matchesTheGuidesPolicyInMeaning() {
    final String policy = PublisherPolicy.of(KEY_ARN, TOPIC).toJson();
    assertThat(PolicyEditor.equalInMeaning(policy, GUIDE_POLICY)).as(policy).isTrue();
  }

  @Test
  void refusesAnAliasWithTheReason() {
    assertThatThrownBy(() -> PublisherPolicy.of("alias/orders", TOPIC))
        .hasMessageContaining("'alias/orders' is an alias")
        .hasMessageContaining("IAM policies for KMS must: an alias in Resource matches no key")
        .hasMessageContaining("aws kms describe-key --key-id alias/orders");
    assertThatThrownBy(
            () -> PublisherPolicy.of("arn:aws:kms:us-east-1:123456789012:alias/orders", TOPIC))
        .hasMessageContaining("is an alias");
  }

  @Test
  void refusesKeyIdsOtherRegionsAndNonsense() {
    assertThatThrownBy(() -> PublisherPolicy.of("1234abcd-12ab-34cd-56ef-1234567890ab", TOPIC))
        .hasMessageContaining("is a key ID")
        .hasMessageContaining("arn:<partition>:kms:<region>:<account>:key/1234abcd");
    assertThatThrownBy(() -> PublisherPolicy.of(KEY_ARN.replace("us-east-1", "eu-west-1"), TOPIC))
        .hasMessageContaining("KMS keys are regional");
    assertThatThrownBy(() -> PublisherPolicy.of("arn:aws:s3:::bucket", TOPIC))
        .hasMessageContaining("is not a KMS key ARN");
  }
}
