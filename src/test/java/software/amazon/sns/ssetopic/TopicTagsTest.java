package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicTagsTest {

  private static software.amazon.awssdk.services.sns.model.Tag sdk(
      final String key, final String value) {
    return software.amazon.awssdk.services.sns.model.Tag.builder().key(key).value(value).build();
  }

  @Test
  void diffAddsChangedAndNewTagsAndRemovesDroppedOnes() {
    final TopicTags.Diff diff =
        TopicTags.diff(
            List.of(sdk("team", "payments"), sdk("tier", "gold"), sdk("keep", "1")),
            Map.of("team", "billing", "keep", "1", "env", "prod"));
    assertThat(diff.toAdd())
        .containsExactly(Map.entry("env", "prod"), Map.entry("team", "billing"));
    assertThat(diff.toRemove()).containsExactly("tier");
    assertThat(diff.isEmpty()).isFalse();
  }

  @Test
  void awsOwnedTagsAreNeverTouched() {
    final TopicTags.Diff diff =
        TopicTags.diff(
            List.of(sdk("aws:cloudformation:stack-name", "shop")),
            Map.of("aws:cloudformation:logical-id", "Topic"));
    assertThat(diff.isEmpty()).isTrue();
    assertThat(TopicTags.toModel(List.of(sdk("aws:cloudformation:stack-name", "shop")))).isNull();
  }

  @Test
  void mergeLetsLaterMapsWinAndSkipsNulls() {
    assertThat(TopicTags.merge(Map.of("a", "1", "b", "1"), null, Map.of("b", "2")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
    assertThat(TopicTags.toMap(null)).isEmpty();
  }

  @Test
  void sdkTagsAreSortedByKey() {
    assertThat(TopicTags.toSdk(Map.of("b", "2", "a", "1")))
        .extracting(software.amazon.awssdk.services.sns.model.Tag::key)
        .containsExactly("a", "b");
  }
}
