package software.amazon.sns.ssetopic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.sns.ssetopic.policy.EventSource;
import software.amazon.sns.ssetopic.policy.PolicyEditor;
import software.amazon.sns.ssetopic.policy.TopicArn;
import software.amazon.sns.ssetopic.policy.TopicPolicyStatements;

/** {@code ssetopic topic-policy}: the topic access policy that lets event sources publish. */
@Command(
    name = "topic-policy",
    sortOptions = false,
    header = "Prints the topic access policy that lets event sources call sns:Publish.",
    description = {
      "The whole policy AWS::SNS::SSETopic sets: a statement keeping the account's access to the"
          + " topic (the account root, never a wildcard principal), then sns:Publish for each"
          + " source that needs it, scoped by aws:SourceAccount and aws:SourceArn where the"
          + " source supports them. It replaces the topic's current policy, SNS's default one"
          + " included.",
      ""
    },
    footer = {
      "",
      "Standard output holds the policy alone, so '> file' saves it; which source got which grant"
          + " goes to standard error. --format json prints both in one object.",
      "",
      "Examples:",
      "  ssetopic topic-policy --topic-arn arn:aws:sns:us-east-1:111122223333:orders \\",
      "      --service-principal events.amazonaws.com",
      "  ssetopic topic-policy --topic-arn TOPIC_ARN --service-principal s3.amazonaws.com \\",
      "      --source-arn arn:aws:s3:::orders-uploads > policy.json",
      "  aws sns set-topic-attributes --topic-arn TOPIC_ARN --attribute-name Policy \\",
      "      --attribute-value file://policy.json"
    })
final class TopicPolicyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand SsetopicCommand parent;

  @Option(
      names = "--topic-arn",
      paramLabel = "TOPIC_ARN",
      required = true,
      converter = Converters.TopicArnValue.class,
      description = "the topic")
  TopicArn topic;

  @Mixin SourceOptions sourceOptions;

  /** One source and whether the policy had to grant it. */
  record Grant(String principal, boolean granted, String why) {}

  record Answer(String topicArn, List<Grant> sources, JsonNode policy) {}

  @Override
  public Integer call() {
    final List<EventSource> sources = sourceOptions.required(spec.commandLine());
    final TopicPolicyStatements generator = TopicPolicyStatements.standard();
    final String policy = generator.policy(topic, sources).toJson();
    final List<Grant> grants = new ArrayList<>();
    for (final EventSource source : sources) {
      final boolean granted = generator.needsPublishGrant(topic, source);
      grants.add(
          new Grant(
              source.principal(),
              granted,
              granted
                  ? "sns:Publish granted"
                  : "no grant: a role of the topic's account publishes through its IAM policy"));
    }
    final PrintWriter out = spec.commandLine().getOut();
    if (parent.format == OutputFormat.JSON) {
      Json.print(out, new Answer(topic.value(), grants, Json.tree(PolicyEditor.pretty(policy))));
    } else {
      final StringBuilder text = new StringBuilder();
      text.append("Topic policy for ").append(topic).append(String.format(":%n"));
      for (final Grant grant : grants) {
        text.append("  ").append(grant.principal()).append(": ").append(grant.why()).append('\n');
      }
      text.append(
          String.format(
              "Standard output: the policy. It replaces the topic's current policy. Set it with%n"
                  + "  aws sns set-topic-attributes --topic-arn %s --attribute-name Policy"
                  + " --attribute-value file://topic-policy.json%n",
              topic));
      final PrintWriter err = spec.commandLine().getErr();
      err.print(text);
      err.flush();
      out.println(PolicyEditor.pretty(policy));
    }
    out.flush();
    return ExitCodes.OK;
  }
}
