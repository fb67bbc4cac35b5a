package software.amazon.sns.ssetopic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.sns.ssetopic.policy.PolicyEditor;
import software.amazon.sns.ssetopic.policy.PublisherPolicy;
import software.amazon.sns.ssetopic.policy.TopicArn;

/** {@code ssetopic publisher-policy}: the IAM policy of a principal that publishes to the topic. */
@Command(
    name = "publisher-policy",
    sortOptions = false,
    header = "Prints the IAM policy a role or user needs to publish to an encrypted topic.",
    description = {
      "kms:GenerateDataKey* and kms:Decrypt on the topic's key, sns:Publish on the topic, as the"
          + " SNS developer guide gives it. IAM policies must name the key by its ARN, so an alias"
          + " or a key ID is refused. The key policy must also let the principal use the key; the"
          + " default key policy does, through its statement for the account root.",
      ""
    },
    footer = {
      "",
      "Standard output holds the policy alone, so '> file' saves it; the explanation goes to"
          + " standard error. --format json prints the policy with its key and topic in one"
          + " object.",
      "",
      "Example:",
      "  ssetopic publisher-policy \\",
      "      --key-arn arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab \\",
      "      --topic-arn arn:aws:sns:us-east-1:111122223333:orders > policy.json",
      "  aws iam put-role-policy --role-name ROLE --policy-name publish-orders \\",
      "      --policy-document file://policy.json"
    })
final class PublisherPolicyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand SsetopicCommand parent;

  @Option(
      names = "--key-arn",
      paramLabel = "KEY_ARN",
      required = true,
      description = "the topic's KMS key, as a key ARN (not an alias)")
  String keyArn;

  @Option(
      names = "--topic-arn",
      paramLabel = "TOPIC_ARN",
      required = true,
      converter = Converters.TopicArnValue.class,
      description = "the topic")
  TopicArn topic;

  record Answer(String keyArn, String topicArn, JsonNode policy) {}

  @Override
  public Integer call() {
    final String policy;
    try {
      policy = PolicyEditor.pretty(PublisherPolicy.of(keyArn.strip(), topic).toJson());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--key-arn " + e.getMessage(), e);
    }
    final PrintWriter out = spec.commandLine().getOut();
    if (parent.format == OutputFormat.JSON) {
      Json.print(out, new Answer(keyArn.strip(), topic.value(), Json.tree(policy)));
    } else {
      final PrintWriter err = spec.commandLine().getErr();
      err.printf(
          "IAM policy for a role or user that publishes to %s%n(encrypted with %s)."
              + " Attach it to the publisher; the key policy must also let it use the key.%n",
          topic, keyArn.strip());
      err.flush();
      out.println(policy);
    }
    out.flush();
    return ExitCodes.OK;
  }
}
