package software.amazon.sns.ssetopic;

import java.util.Map;

/** Points the wrapper at the schema and tells it which tags the template declared on the topic. */
class Configuration extends BaseConfiguration {

  public Configuration() {
    super("aws-sns-ssetopic.json");
  }

  @Override
  public Map<String, String> resourceDefinedTags(final ResourceModel resourceModel) {
    return TopicTags.toMap(resourceModel.getTags());
  }
}
