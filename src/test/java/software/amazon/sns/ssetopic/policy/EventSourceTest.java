package software.amazon.sns.ssetopic.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static software.amazon.sns.ssetopic.policy.Fixtures.ACCOUNT;
import static software.amazon.sns.ssetopic.policy.Fixtures.AUTOSCALING;
import static software.amazon.sns.ssetopic.policy.Fixtures.AUTOSCALING_ROLE_ARN;
import static software.amazon.sns.ssetopic.policy.Fixtures.TOPIC;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventSourceTest {

  static Stream<Arguments> invalidSources() {
    return Stream.of(
        Arguments.of(new String[] {null, null, null, null}, "names neither ServicePrincipal nor"),
        Arguments.of(
            new String[] {"cloudwatch.amazonaws.com", AUTOSCALING_ROLE_ARN, null, null},
            "names both ServicePrincipal 'cloudwatch.amazonaws.com'"),
        Arguments.of(
            new String[] {"cloudwatch", null, null, null}, "ServicePrincipal 'cloudwatch'"),
        Arguments.of(new String[] {"CloudWatch.amazonaws.com", null, null, null}, "in lower case"),
        Arguments.of(
            new String[] {null, "arn:aws:iam::123456789012:user/bob", null, null},
            "RoleArn 'arn:aws:iam::123456789012:user/bob' is not an IAM role ARN"),
        Arguments.of(
            new String[] {null, "arn:aws:iam::1111:role/x", null, null}, "is not an IAM role ARN"),
        Arguments.of(
            new String[] {null, AUTOSCALING_ROLE_ARN, "arn:aws:s3:::b", null},
            "scope service principals only"),
        Arguments.of(
            new String[] {null, AUTOSCALING_ROLE_ARN, null, ACCOUNT}, "scope service principals"),
        Arguments.of(
            new String[] {"s3.amazonaws.com", null, "my-bucket", null},
            "SourceArn 'my-bucket' of s3.amazonaws.com is not an ARN"),
        Arguments.of(
            new String[] {"s3.amazonaws.com", null, null, "12345"},
            "SourceAccount '12345' of s3.amazonaws.com is not a 12-digit"),
        Arguments.of(
            new String[] {
              "cloudwatch.amazonaws.com",
              null,
              "arn:aws:cloudwatch:us-east-1:444455556666:alarm:*",
              ACCOUNT
            },
            "is in account 444455556666 but SourceAccount is 123456789012"));
  }

  @ParameterizedTest
  @MethodSource("invalidSources")
  void refusesMalformedSourcesNamingTheValue(final String[] parts, final String message) {
    assertThatThrownBy(() -> new EventSource(parts[0], parts[1], parts[2], parts[3]))
        .isInstanceOf(InvalidEventSourceException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("EventSources: ")
        .hasMessageContaining(message);
  }

  @Test
  void acceptsTheDocumentedForms() {
    assertThat(EventSource.service("events.rds.amazonaws.com").principal())
        .isEqualTo("events.rds.amazonaws.com");
    assertThat(EventSource.service("cloudwatch.amazonaws.com.cn").isRole()).isFalse();
    assertThat(
            EventSource.service("cloudwatch.amazonaws.com")
                .withSourceArn("arn:aws:cloudwatch:us-east-1:123456789012:alarm:*")
                .withSourceAccount(ACCOUNT)
                .sourceAccount())
        .isEqualTo(ACCOUNT);
    assertThat(AUTOSCALING.isRole()).isTrue();
    assertThat(AUTOSCALING.principal()).isEqualTo(AUTOSCALING_ROLE_ARN);
    assertThat(AUTOSCALING.roleAccount()).contains(ACCOUNT);
    assertThat(AUTOSCALING.roleName()).contains("AWSServiceRoleForAutoScaling");
    assertThat(AUTOSCALING.rolePartition()).contains("aws");
    assertThat(Fixtures.CLOUDWATCH.roleAccount()).isEmpty();
  }

  @Test
  void effectiveSourceAccountPrefersDeclaredThenArnThenTopic() {
    final EventSource alarm = EventSource.service("cloudwatch.amazonaws.com");
    assertThat(alarm.effectiveSourceAccount(TOPIC)).isEqualTo(ACCOUNT);
    assertThat(alarm.withSourceAccount("444455556666").effectiveSourceAccount(TOPIC))
        .isEqualTo("444455556666");
    assertThat(
            alarm
                .withSourceArn("arn:aws:cloudwatch:us-east-1:444455556666:alarm:cpu")
                .effectiveSourceAccount(TOPIC))
        .isEqualTo("444455556666");
    // A bucket ARN names no account: the topic's account is the default.
    assertThat(Fixtures.S3_BUCKET.effectiveSourceAccount(TOPIC)).isEqualTo(ACCOUNT);
  }

  @Test
  void toStringNamesPrincipalAndScope() {
    assertThat(Fixtures.S3_BUCKET.withSourceAccount(ACCOUNT).toString())
        .isEqualTo(
            "s3.amazonaws.com (SourceArn arn:aws:s3:::incoming-orders) (SourceAccount "
                + ACCOUNT
                + ")");
  }

  @Test
  void identityDistinguishesScope() {
    assertThat(Fixtures.S3_BUCKET.identity())
        .isNotEqualTo(EventSource.service("s3.amazonaws.com").identity())
        .isNotEqualTo(Fixtures.S3_BUCKET.withSourceAccount(ACCOUNT).identity());
    assertThat(AUTOSCALING.identity()).startsWith("role:");
  }
}
