package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.sns.ssetopic.policy.TopicArn;

class InputChecksTest {

  private static final TopicArn TOPIC = TopicArn.of("arn:aws:sns:us-east-1:123456789012:orders");
  private static final String KEY =
      "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  private static ResourceModel.ResourceModelBuilder model() {
    return ResourceModel.builder().topicArn(TOPIC.value()).kmsMasterKeyId(KEY);
  }

  @Test
  void aPlainModelHasNoProblem() {
    assertThat(
            InputChecks.problems(
                model().displayName("Orders").tags(Set.of(new Tag("team", "payments"))).build(),
                TOPIC))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws:team", "AWS:team", "Aws:team", "aWs:x"})
  void theReservedTagPrefixIsRefusedInAnyLetterCase(final String key) {
    assertThat(InputChecks.problems(model().tags(Set.of(new Tag(key, "v"))).build(), TOPIC))
        .singleElement()
        .asString()
        .contains("Tags: key '" + key + "'")
        .contains("any letter case");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Or\u0000ders", "\u0007", "tab\there", "del\u007f"})
  void controlCharactersAreRefusedNamingTheProperty(final String text) {
    assertThat(InputChecks.problems(model().displayName(text).build(), TOPIC))
        .singleElement()
        .asString()
        .startsWith("DisplayName contains the control character U+00");
    assertThat(InputChecks.problems(model().tags(Set.of(new Tag("team", text))).build(), TOPIC))
        .singleElement()
        .asString()
        .startsWith("Tags: the value of key 'team' contains the control character");
    assertThat(InputChecks.problems(model().tags(Set.of(new Tag("k" + text, "v"))).build(), TOPIC))
        .singleElement()
        .asString()
        .startsWith("Tags: key 'k")
        .contains("\\u00")
        .doesNotContain(text);
  }

  @Test
  void aKeyOfAnotherPartitionIsRefused() {
    assertThat(
            InputChecks.problems(
                model().kmsMasterKeyId(KEY.replace("arn:aws:", "arn:aws-cn:")).build(), TOPIC))
        .singleElement()
        .asString()
        .contains("partition aws-cn but the topic is in partition aws");
  }

  @Test
  void manageGrantsForAnotherAccountAreRefusedVerifyLeavesThemToTheCheck() {
    final ResourceModel.ResourceModelBuilder foreign =
        model()
            .eventSources(
                Set.of(
                    EventSource.builder()
                        .servicePrincipal("cloudtrail.amazonaws.com")
                        .sourceAccount("444455556666")
                        .build(),
                    EventSource.builder()
                        .roleArn("arn:aws:iam::444455556666:role/attacker")
                        .build()));
    assertThat(InputChecks.problems(foreign.keyPolicyMode("Manage").build(), TOPIC))
        .singleElement()
        .asString()
        .contains("444455556666");
    assertThat(InputChecks.problems(foreign.keyPolicyMode("Verify").build(), TOPIC)).isEmpty();
  }

  @Test
  void anIdentifierThatIsNoTopicArnIsLeftToTheLookup() {
    assertThat(InputChecks.problems(model().build(), "not-an-arn")).isEmpty();
  }

  @Test
  void aTopicPolicyOverSnsLimitIsRefusedOnCreateAndOnUpdate() {
    final Set<EventSource> sources =
        IntStream.range(0, 20)
            .mapToObj(
                i ->
                    EventSource.builder()
                        .servicePrincipal("cloudwatch.amazonaws.com")
                        .sourceArn(
                            "arn:aws:cloudwatch:us-east-1:123456789012:alarm:"
                                + "r".repeat(1500)
                                + i)
                        .build())
            .collect(Collectors.toSet());
    final ResourceModel big = model().eventSources(sources).keyPolicyMode("Skip").build();
    assertThat(InputChecks.topicPolicyProblem(big, null))
        .get()
        .asString()
        .startsWith("EventSources: the topic policy would be")
        .contains("over the limit of 30720");
    assertThat(InputChecks.topicPolicyProblem(big, new java.util.HashMap<>())).isPresent();
    assertThat(
            InputChecks.topicPolicyProblem(
                model().eventSources(Set.copyOf(List.copyOf(sources).subList(0, 2))).build(), null))
        .isEmpty();
  }
}
