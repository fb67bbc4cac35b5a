package software.amazon.sns.ssetopic.kms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ManageOptInTest {

  private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/k";

  @Test
  void aKeyTaggedManageTrueOptedIn() {
    assertThat(ManageOptIn.problem(KEY, Map.of("sns-ssetopic:manage", "true", "team", "x")))
        .isEmpty();
  }

  @Test
  void anUntaggedKeyIsRefusedNamingTheTagAndHowToAddIt() {
    assertThat(ManageOptIn.problem(KEY, Map.of("team", "x")))
        .get()
        .asString()
        .contains(KEY)
        .contains("does not carry the tag sns-ssetopic:manage")
        .contains("aws kms tag-resource --key-id " + KEY)
        .contains("TagKey=sns-ssetopic:manage,TagValue=true")
        .contains("AWS::KMS::Key")
        .contains("KeyPolicyMode: Verify");
  }

  @Test
  void onlyTheExactKeyAndValueCount() {
    assertThat(ManageOptIn.problem(KEY, Map.of("sns-ssetopic:manage", "TRUE")))
        .get()
        .asString()
        .contains("is 'TRUE', not 'true'");
    assertThat(ManageOptIn.optedIn(Map.of("sns-ssetopic:manage", "yes"))).isFalse();
    assertThat(ManageOptIn.optedIn(Map.of("SNS-SSETOPIC:MANAGE", "true"))).isFalse();
  }
}
