package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigurationTest {

  @Test
  void theTemplatesTagsAreTheResourceDefinedTags() {
    final ResourceModel model =
        ResourceModel.builder().tags(Set.of(new Tag("team", "payments"))).build();
    assertThat(new Configuration().resourceDefinedTags(model))
        .containsExactly(java.util.Map.entry("team", "payments"));
    assertThat(new Configuration().resourceDefinedTags(new ResourceModel())).isEmpty();
  }

  @Test
  void loadsTheSchemaFromTheClasspath() {
    assertThat(new Configuration().resourceSchemaJSONObject().getString("typeName"))
        .isEqualTo("AWS::SNS::SSETopic");
  }
}
