package software.amazon.sns.ssetopic.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.sns.ssetopic.policy.Fixtures.CLOUDWATCH;
import static software.amazon.sns.ssetopic.policy.Fixtures.OTHER_TOPIC;
import static software.amazon.sns.ssetopic.policy.Fixtures.TOPIC;

import org.junit.jupiter.api.Test;

class StatementIdsTest {
  private final EventSourceCatalog catalog = EventSourceCatalog.standard();

  @Test
  void sidsAreAlphanumericAndFollowTheScheme() {
    final String sid = StatementIds.forSource(TOPIC, CLOUDWATCH, catalog.profileOf(CLOUDWATCH));
    assertThat(sid)
        .matches("^SSETopic[0-9a-f]{12}ForCloudwatchAlarms[0-9a-f]{8}$")
        .startsWith(StatementIds.topicPrefix(TOPIC));
    assertThat(StatementIds.owner(TOPIC)).matches("^SSETopic[0-9a-f]{12}Owner$");
  }

  @Test
  void sidsAreStableAndDifferPerTopicAndSource() {
    final String sid = StatementIds.forSource(TOPIC, CLOUDWATCH, catalog.profileOf(CLOUDWATCH));
    assertThat(StatementIds.forSource(TOPIC, CLOUDWATCH, catalog.profileOf(CLOUDWATCH)))
        .isEqualTo(sid);
    assertThat(StatementIds.forSource(OTHER_TOPIC, CLOUDWATCH, catalog.profileOf(CLOUDWATCH)))
        .isNotEqualTo(sid);
    final EventSource scoped =
        CLOUDWATCH.withSourceArn("arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu");
    assertThat(StatementIds.forSource(TOPIC, scoped, catalog.profileOf(scoped))).isNotEqualTo(sid);
  }

  @Test
  void ownershipIsByTopicPrefix() {
    final String sid = StatementIds.forSource(TOPIC, CLOUDWATCH, catalog.profileOf(CLOUDWATCH));
    assertThat(StatementIds.isOwnedBy(sid, TOPIC)).isTrue();
    assertThat(StatementIds.isOwnedBy(sid, OTHER_TOPIC)).isFalse();
    assertThat(StatementIds.isOwnedBy(StatementIds.owner(TOPIC), TOPIC)).isTrue();
    assertThat(StatementIds.isOwnedBy(null, TOPIC)).isFalse();
    assertThat(StatementIds.isOwnedBy("Enable IAM User Permissions", TOPIC)).isFalse();
    assertThat(StatementIds.isOwnedBy("SSETopic", TOPIC)).isFalse();
  }

  @Test
  void labelsAreShortUpperCamelCase() {
    assertThat(catalog.defaultServiceProfile().sidLabel()).isEqualTo("Service");
    assertThat(catalog.defaultRoleProfile().sidLabel()).isEqualTo("Role");
    assertThat(catalog.byId("incident-manager-contacts").orElseThrow().sidLabel())
        .isEqualTo("IncidentManagerContacts")
        .hasSizeLessThanOrEqualTo(24);
    for (final EventSourceProfile profile : catalog.all()) {
      assertThat(profile.sidLabel()).matches("^[A-Za-z0-9]{1,24}$");
    }
  }
}
