package software.amazon.sns.ssetopic;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * DeliveryStatusLogging as SNS topic attributes: each protocol of the template has three
 * attributes, {@code <Prefix>SuccessFeedbackRoleArn}, {@code <Prefix>SuccessFeedbackSampleRate} and
 * {@code <Prefix>FailureFeedbackRoleArn}, with the prefixes SNS uses
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-topic-attributes.html,
 * https://docs.aws.amazon.com/sns/latest/api/API_SetTopicAttributes.html).
 */
final class DeliveryStatusLogging {

  /** The template's protocol names and the attribute prefix of each. */
  static final Map<String, String> PREFIXES = prefixes();

  static final String SUCCESS_ROLE = "SuccessFeedbackRoleArn";
  static final String SAMPLE_RATE = "SuccessFeedbackSampleRate";
  static final String FAILURE_ROLE = "FailureFeedbackRoleArn";

  private DeliveryStatusLogging() {}

  private static Map<String, String> prefixes() {
    final Map<String, String> prefixes = new LinkedHashMap<>();
    prefixes.put("http/s", "HTTP");
    prefixes.put("sqs", "SQS");
    prefixes.put("lambda", "Lambda");
    prefixes.put("firehose", "Firehose");
    prefixes.put("application", "Application");
    return Map.copyOf(prefixes);
  }

  /**
   * Every logging attribute with the value the template gives it; "" for the attributes of
   * protocols (or fields) the template leaves out, which is how an update turns logging off.
   */
  static Map<String, String> attributes(final Set<LoggingConfig> configs) {
    final Map<String, String> attributes = new TreeMap<>();
    PREFIXES
        .values()
        .forEach(
            prefix -> {
              attributes.put(prefix + SUCCESS_ROLE, "");
              attributes.put(prefix + SAMPLE_RATE, "");
              attributes.put(prefix + FAILURE_ROLE, "");
            });
    if (configs != null) {
      for (LoggingConfig config : configs) {
        final String prefix = PREFIXES.get(config.getProtocol());
        if (prefix == null) {
          continue; // problems() refuses unknown protocols before any call
        }
        attributes.put(prefix + SUCCESS_ROLE, orEmpty(config.getSuccessFeedbackRoleArn()));
        attributes.put(prefix + SAMPLE_RATE, orEmpty(config.getSuccessFeedbackSampleRate()));
        attributes.put(prefix + FAILURE_ROLE, orEmpty(config.getFailureFeedbackRoleArn()));
      }
    }
    return attributes;
  }

  /** The logging attributes CreateTopic takes: only the ones the template sets. */
  static Map<String, String> createAttributes(final Set<LoggingConfig> configs) {
    final Map<String, String> set = new TreeMap<>();
    attributes(configs)
        .forEach(
            (name, value) -> {
              if (!value.isEmpty()) {
                set.put(name, value);
              }
            });
    return set;
  }

  /** The configurations the topic's attributes hold: one per protocol with any value set. */
  static Set<LoggingConfig> fromAttributes(final Map<String, String> attributes) {
    final Set<LoggingConfig> configs = new LinkedHashSet<>();
    PREFIXES.forEach(
        (protocol, prefix) -> {
          final String success = emptyToNull(attributes.get(prefix + SUCCESS_ROLE));
          final String rate = emptyToNull(attributes.get(prefix + SAMPLE_RATE));
          final String failure = emptyToNull(attributes.get(prefix + FAILURE_ROLE));
          if (success != null || rate != null || failure != null) {
            configs.add(
                LoggingConfig.builder()
                    .protocol(protocol)
                    .successFeedbackRoleArn(success)
                    .successFeedbackSampleRate(rate)
                    .failureFeedbackRoleArn(failure)
                    .build());
          }
        });
    return configs.isEmpty() ? null : configs;
  }

  /** A problem with the configurations (one protocol twice), or null. */
  static String problem(final Set<LoggingConfig> configs) {
    if (configs == null) {
      return null;
    }
    final Set<String> seen = new LinkedHashSet<>();
    for (LoggingConfig config : configs) {
      if (!seen.add(config.getProtocol())) {
        return "DeliveryStatusLogging names protocol '"
            + config.getProtocol()
            + "' more than once: give each protocol one entry.";
      }
    }
    return null;
  }

  private static String orEmpty(final String value) {
    return value == null ? "" : value;
  }

  private static String emptyToNull(final String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
