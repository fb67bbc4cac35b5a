package software.amazon.sns.ssetopic.aws;

/**
 * The names of the SNS topic attributes the handlers set and read and the CLI reads
 * (https://docs.aws.amazon.com/sns/latest/api/API_SetTopicAttributes.html,
 * https://docs.aws.amazon.com/sns/latest/api/API_GetTopicAttributes.html). {@code AWS::SNS::Topic}
 * and this type name their properties the same way, so template checks use them too.
 */
public final class TopicAttributes {

  public static final String DISPLAY_NAME = "DisplayName";
  public static final String KMS_MASTER_KEY_ID = "KmsMasterKeyId";
  public static final String FIFO_TOPIC = "FifoTopic";
  public static final String CONTENT_BASED_DEDUPLICATION = "ContentBasedDeduplication";
  public static final String SIGNATURE_VERSION = "SignatureVersion";
  public static final String TRACING_CONFIG = "TracingConfig";
  public static final String POLICY = "Policy";
  public static final String FIFO_THROUGHPUT_SCOPE = "FifoThroughputScope";
  public static final String ARCHIVE_POLICY = "ArchivePolicy";

  private TopicAttributes() {}
}
