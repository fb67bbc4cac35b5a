package software.amazon.sns.ssetopic.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManageScopeTest {

  private static final TopicArn TOPIC = TopicArn.of("arn:aws:sns:us-east-1:111122223333:orders");

  @Test
  void sourcesOfTheTopicsAccountAreInScope() {
    assertThat(
            ManageScope.problem(
                TOPIC,
                List.of(
                    new EventSource("cloudwatch.amazonaws.com", null, null, null),
                    new EventSource(
                        "s3.amazonaws.com", null, "arn:aws:s3:::uploads", "111122223333"),
                    new EventSource(
                        "events.amazonaws.com",
                        null,
                        "arn:aws:events:us-east-1:111122223333:rule/r",
                        null),
                    new EventSource(null, "arn:aws:iam::111122223333:role/p", null, null))))
        .isEmpty();
  }

  @Test
  void aRoleOrSourceAccountOfAnotherAccountIsRefusedNamingEach() {
    assertThat(
            ManageScope.problem(
                TOPIC,
                List.of(
                    new EventSource("cloudtrail.amazonaws.com", null, null, "210987654321"),
                    new EventSource(null, "arn:aws:iam::210987654321:role/attacker", null, null))))
        .get()
        .asString()
        .contains("own account 111122223333")
        .contains("SourceAccount '210987654321' of cloudtrail.amazonaws.com")
        .contains("RoleArn 'arn:aws:iam::210987654321:role/attacker' is a role of account")
        .contains("KeyPolicyMode: Verify");
  }

  @Test
  void aSourceArnOfAnotherOrAnOpenAccountIsRefused() {
    assertThat(
            ManageScope.problem(
                TOPIC,
                List.of(
                    new EventSource(
                        "events.amazonaws.com",
                        null,
                        "arn:aws:events:us-east-1:210987654321:rule/r",
                        null))))
        .get()
        .asString()
        .contains("names account 210987654321");
    assertThat(
            ManageScope.problem(
                TOPIC,
                List.of(
                    new EventSource(
                        "events.amazonaws.com", null, "arn:aws:events:us-east-1:*:rule/r", null))))
        .get()
        .asString()
        .contains("leaves its account open ('*')");
  }
}
