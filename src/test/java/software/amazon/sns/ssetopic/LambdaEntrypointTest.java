package software.amazon.sns.ssetopic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import software.amazon.cloudformation.resource.ResourceTypeSchema;
import software.amazon.cloudformation.resource.Serializer;

class LambdaEntrypointTest {

  private static final ResourceModel FULL_MODEL =
      ResourceModel.builder()
          .topicArn("arn:aws:sns:us-east-1:123456789012:orders")
          .topicName("orders")
          .displayName("Orders")
          .kmsMasterKeyId("alias/orders")
          .kmsKeyArn("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")
          .keyPolicyMode("Manage")
          .eventSources(
              Set.of(EventSource.builder().servicePrincipal("events.amazonaws.com").build()))
          .tags(Set.of(Tag.builder().key("team").value("payments").build()))
          .build();

  @Test
  void theSchemaDeclaresNoWriteOnlyPropertySoTheModelGoesBackAsItIs() throws Exception {
    final LambdaEntrypoint entrypoint = new LambdaEntrypoint();
    assertThat(entrypoint.declaresWriteOnlyProperties()).isFalse();
    assertThat(entrypoint.sanitizeModel(FULL_MODEL)).isSameAs(FULL_MODEL);
  }

  @Test
  void theWrappersOwnStepWouldNotChangeTheModelEither() throws Exception {
    final LambdaEntrypoint entrypoint = new LambdaEntrypoint();
    final String serialized = new Serializer().serialize(FULL_MODEL);
    final JSONObject sanitized = new JSONObject(serialized);
    ResourceTypeSchema.load(entrypoint.provideResourceSchemaJSONObject())
        .removeWriteOnlyProperties(sanitized);
    assertThat(sanitized.similar(new JSONObject(serialized))).isTrue();
  }

  @Test
  void aSchemaWithWriteOnlyPropertiesGetsTheWrappersStep() throws Exception {
    final LambdaEntrypoint entrypoint =
        new LambdaEntrypoint() {
          @Override
          public JSONObject provideResourceSchemaJSONObject() {
            return super.provideResourceSchemaJSONObject()
                .put("writeOnlyProperties", new JSONArray().put("/properties/DisplayName"));
          }
        };
    final ResourceModel sanitized = entrypoint.sanitizeModel(FULL_MODEL);
    assertThat(sanitized.getDisplayName()).isNull();
    assertThat(sanitized.toBuilder().displayName("Orders").build()).isEqualTo(FULL_MODEL);
  }
}
