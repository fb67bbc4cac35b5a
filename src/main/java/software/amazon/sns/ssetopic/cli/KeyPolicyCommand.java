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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamStatement;
import software.amazon.sns.ssetopic.kms.KeyReference;
import software.amazon.sns.ssetopic.policy.EventSource;
import software.amazon.sns.ssetopic.policy.InvalidPolicyDocumentException;
import software.amazon.sns.ssetopic.policy.KeyPolicyInput;
import software.amazon.sns.ssetopic.policy.KeyPolicyStatements;
import software.amazon.sns.ssetopic.policy.PolicyEditor;
import software.amazon.sns.ssetopic.policy.PublisherPolicy;
import software.amazon.sns.ssetopic.policy.TopicArn;
import software.amazon.sns.ssetopic.policy.TopicScope;

/**
 * {@code ssetopic key-policy}: the key-policy statements that let event sources use a topic's key,
 * the ones the handler's Verify mode accepts, or a whole key policy with them merged in.
 */
@Command(
    name = "key-policy",
    sortOptions = false,
    header = "Prints the key-policy statements that let event sources use a topic's KMS key.",
    description = {
      "One statement per source allows kms:GenerateDataKey* and kms:Decrypt, scoped with the"
          + " conditions the source supports (aws:SourceAccount / aws:SourceArn, or the topic in"
          + " the encryption context where source keys are unsupported, as for EventBridge)."
          + " They are the statements AWS::SNS::SSETopic's Verify mode looks for.",
      "",
      "With --topic-arn the statements serve that topic. Without it they serve every topic of"
          + " the key's account in the key's region (a KMS key serves only its own region):"
          + " aws:SourceAccount is the key's account, and the topic in the encryption context is"
          + " matched with StringLike arn:<partition>:sns:<region>:<account>:*.",
      "",
      "The Sids start with SSETopicKit, which no topic's handler ever edits or removes; running"
          + " --merge-into again replaces them instead of adding copies.",
      ""
    },
    footer = {
      "",
      "Standard output holds the artifact alone (the statements, or with --merge-into the whole"
          + " policy), so '> file' saves it; what to do with it goes to standard error. --format"
          + " json prints both in one object.",
      "",
      "Examples:",
      "  ssetopic key-policy --key-arn arn:aws:kms:us-east-1:111122223333:key/EXAMPLE \\",
      "      --service-principal cloudwatch.amazonaws.com --service-principal events.amazonaws.com",
      "  ssetopic key-policy --key-arn KEY_ARN \\",
      "      --topic-arn arn:aws:sns:us-east-1:111122223333:orders \\",
      "      --service-principal s3.amazonaws.com --source-arn arn:aws:s3:::orders-uploads",
      "  aws kms get-key-policy --key-id KEY_ARN --policy-name default > policy.json",
      "  ssetopic key-policy --key-arn KEY_ARN --service-principal cloudwatch.amazonaws.com \\",
      "      --merge-into policy.json > new-policy.json",
      "  aws kms put-key-policy --key-id KEY_ARN --policy-name default \\",
      "      --policy file://new-policy.json"
    })
final class KeyPolicyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand SsetopicCommand parent;

  @Option(
      names = "--key-arn",
      paramLabel = "KEY_ARN",
      required = true,
      converter = Converters.KeyArnValue.class,
      description = "the topic's KMS key, as a key ARN")
  KeyReference key;

  @Mixin SourceOptions sourceOptions;

  @Option(
      names = "--topic-arn",
      paramLabel = "TOPIC_ARN",
      converter = Converters.TopicArnValue.class,
      description =
          "the one topic the statements serve; default: every topic of the key's account in its"
              + " region")
  TopicArn topic;

  @Option(
      names = "--merge-into",
      paramLabel = "FILE",
      description =
          "a key policy (JSON, or the response of aws kms get-key-policy; - reads standard"
              + " input): print it with the statements merged in, every other statement kept")
  String mergeInto;

  /** The JSON answer. */
  record Answer(
      String keyArn, String scope, String topicArn, List<JsonNode> statements, JsonNode policy) {}

  @Override
  public Integer call() {
    final List<EventSource> sources = sourceOptions.required(spec.commandLine());
    if (topic != null) {
      PublisherPolicy.regionProblem(key, topic)
          .ifPresent(
              problem -> {
                throw new ParameterException(spec.commandLine(), problem);
              });
    }
    final TopicScope scope =
        topic != null
            ? TopicScope.of(topic)
            : TopicScope.accountTopics(key.partition(), key.region(), key.account());
    final List<IamStatement> statements = KeyPolicyStatements.standard().toPaste(scope, sources);
    final String statementsJson = IamPolicy.builder().statements(statements).build().toJson();
    String merged = null;
    if (mergeInto != null) {
      final String current =
          PolicyFiles.read(spec.commandLine(), "--merge-into", mergeInto, System.in);
      try {
        merged =
            PolicyEditor.withStatements(
                KeyPolicyInput.read(current),
                statements,
                PolicyEditor.MAX_KEY_POLICY_BYTES,
                "key policy");
      } catch (InvalidPolicyDocumentException e) {
        throw new ParameterException(
            spec.commandLine(), "--merge-into '" + mergeInto + "': " + e.getMessage(), e);
      }
    }
    final PrintWriter out = spec.commandLine().getOut();
    final PrintWriter err = spec.commandLine().getErr();
    if (parent.format == OutputFormat.JSON) {
      final List<JsonNode> trees = new ArrayList<>();
      Json.tree(PolicyEditor.pretty(statementsJson)).path("Statement").forEach(trees::add);
      Json.print(
          out,
          new Answer(
              key.text(),
              scope.describe(),
              topic == null ? null : topic.value(),
              trees,
              merged == null ? null : Json.tree(merged)));
    } else {
      err.print(explanation(scope, sources, merged != null));
      err.flush();
      out.print(
          merged == null
              ? Json.prettyArray(PolicyEditor.pretty(statementsJson))
              : PolicyEditor.pretty(merged) + "\n");
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** What the artifact on standard output is and what to do with it: for standard error. */
  private String explanation(
      final TopicScope scope, final List<EventSource> sources, final boolean merged) {
    final StringBuilder text = new StringBuilder();
    text.append("Key-policy statements that let ")
        .append(sources.size() == 1 ? "1 source" : sources.size() + " sources")
        .append(" use ")
        .append(key.text())
        .append(String.format("%nfor %s.%n", scope.describe()));
    if (!scope.singleTopic()) {
      text.append(
          String.format(
              "Pass --topic-arn to narrow them to one topic (the topic must be in %s).%n",
              key.region()));
    }
    if (!merged) {
      text.append(
          String.format(
              "Standard output: the statements. Add them to the Statement list of the key policy,"
                  + " or merge them into the current policy with --merge-into FILE.%n"));
    } else {
      text.append(
          String.format(
              "Standard output: the policy from %s with them merged in (other statements kept)."
                  + " Set it with%n"
                  + "  aws kms put-key-policy --key-id %s --policy-name default --policy"
                  + " file://new-policy.json%n",
              mergeInto.equals("-") ? "standard input" : mergeInto, key.text()));
    }
    return text.toString();
  }
}
