package software.amazon.sns.ssetopic.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.sns.ssetopic.policy.Fixtures.TOPIC;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every catalogued service principal, as a template may declare it, survives the topic policy the
 * type writes: Read turns the policy back into the same EventSources, whatever conditions,
 * operators and actions the service's entry gives its statement.
 */
class CatalogRecordRoundTripTest {
  private static final EventSourceCatalog CATALOG = EventSourceCatalog.standard();

  private static List<EventSource> everyDeclarableServiceSource() {
    final List<EventSource> sources = new ArrayList<>();
    for (final EventSourceProfile profile : CATALOG.all()) {
      if (profile.isRoleBased()) {
        continue;
      }
      final EventSource plain = EventSource.service(profile.principal());
      sources.add(plain);
      if (!profile.takesNoSourceConditions()) {
        sources.add(plain.withSourceAccount("444455556666"));
      }
    }
    sources.add(EventSource.service("events.amazonaws.com.cn"));
    sources.add(EventSource.service("eu-west-1.devops-guru.amazonaws.com"));
    return sources;
  }

  @Test
  void readGivesBackEveryDeclaredServiceSource() {
    final List<EventSource> declared = everyDeclarableServiceSource();
    final String policy =
        TopicPolicyStatements.standard().updatedPolicy(null, TOPIC, declared, "").orElseThrow();
    assertThat(new TopicPolicyRecord(CATALOG).read(policy, TOPIC).sources())
        .containsExactlyInAnyOrderElementsOf(Set.copyOf(declared));
  }

  @Test
  void theWrittenGrantsCarryTheDocumentedOperatorsAndActions() {
    final String policy =
        TopicPolicyStatements.standard()
            .updatedPolicy(
                null,
                TOPIC,
                List.of(
                    EventSource.service("ssm-incidents.amazonaws.com"),
                    EventSource.service("aps.amazonaws.com"),
                    Fixtures.EVENTBRIDGE),
                "")
            .orElseThrow();
    assertThat(policy)
        .contains("\"StringEqualsIfExists\":{\"aws:SourceAccount\":\"123456789012\"}")
        .contains("\"Action\":[\"sns:Publish\",\"sns:GetTopicAttributes\"]");
  }
}
