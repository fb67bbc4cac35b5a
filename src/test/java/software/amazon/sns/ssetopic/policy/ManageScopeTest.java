package software.amazon.sns.ssetopic.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManageScopeTest {

  private static final TopicArn TOPIC = TopicArn.of("arn:aws:sns:us-east-1:123456789012:orders");

  @Test
  void sourcesOfTheTopicsAccountAreInScope() {
    assertThat(
            ManageScope.problem(
                TOPIC,
                List.of(
                    new EventSource("cloudwatch.amazonaws.com", null, null, null),
                    new EventSource(
                        "s3.amazonaws.com", null, "arn:aws:s3:::uploads", "123456789012"),
                    new EventSource(
                        "events.amazonaws.com",
                        null,
                        "arn:aws:events:us-east-1:123456789012:rule/r",
                        null),
                    new EventSource(null, "arn:aws:iam::123456789012:role/p", null, null))))
        .isEmpty();
  }

  @Test
  void aRoleOrSourceAccountOfAnotherAccountIsRefusedNamingEach() {
    assertThat(
            ManageScope.problem(
                TOPIC,
                List.of(
                    new EventSource("cloudtrail.amazonaws.com", null, null, "444455556666"),
                    new EventSource(null, "arn:aws:iam::444455556666:role/attacker", null, null))))
        .get()
        .asString()
        .contains("own account 123456789012")
        .contains("SourceAccount '444455556666' of cloudtrail.amazonaws.com")
        .contains("RoleArn 'arn:aws:iam::444455556666:role/attacker' is a role of account")
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
                        "arn:aws:events:us-east-1:444455556666:rule/r",
                        null))))
        .get()
        .asString()
        .contains("names account 444455556666");
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
