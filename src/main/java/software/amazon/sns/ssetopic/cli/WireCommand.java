package software.amazon.sns.ssetopic.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.sns.ssetopic.policy.EventSourceCatalog;
import software.amazon.sns.ssetopic.policy.EventSourceProfile;

/** {@code ssetopic wire}: the CloudFormation that hands an SSETopic to one event source. */
@Command(
    name = "wire",
    sortOptions = false,
    header = "Prints the CloudFormation (YAML) that hands the topic to an event source.",
    description = {
      "The topic's EventSources entry for the source, the source's resource with the property"
          + " that takes the topic ARN, and for a source that publishes with a role of yours, the"
          + " role's IAM policy (sns:Publish on the topic, kms:GenerateDataKey* and kms:Decrypt"
          + " on the key ARN the topic returns as KmsKeyArn). Merge it into your template: only"
          + " the properties that wire the topic are shown. Intrinsic functions are in their long"
          + " form (Ref, Fn::GetAtt, Fn::Sub).",
      ""
    },
    footer = {
      "",
      "Standard output holds the YAML alone, so '> file' saves it; the notes (which other"
          + " properties take the topic, what the key policy needs) go to standard error, as"
          + " '# ' comments. --format json prints both in one object.",
      "",
      "Examples:",
      "  ssetopic wire --source cloudwatch-alarms --topic-logical-id OrdersTopic",
      "  ssetopic wire --source events.amazonaws.com --topic-logical-id OrdersTopic",
      "  ssetopic wire --source codepipeline --topic-logical-id ApprovalsTopic \\",
      "      --role-logical-id PipelineRole"
    })
final class WireCommand implements Callable<Integer> {

  private static final Pattern DATE = Pattern.compile("^\\d{4}-\\d{1,2}-\\d{1,2}.*$");

  /**
   * Plain scalars where YAML allows them, quotes where a YAML 1.1 reader would read something else
   * than a string: numbers and booleans (Jackson's checks) and dates such as the policy Version
   * 2012-10-17.
   */
  private static final StringQuotingChecker QUOTING =
      new StringQuotingChecker.Default() {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean needToQuoteValue(final String value) {
          return super.needToQuoteValue(value) || DATE.matcher(value).matches();
        }
      };

  private static final YAMLMapper YAML =
      YAMLMapper.builder(YAMLFactory.builder().stringQuotingChecker(QUOTING).build())
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
          .build();

  @Spec CommandSpec spec;

  @ParentCommand SsetopicCommand parent;

  @Option(
      names = "--source",
      paramLabel = "SOURCE",
      required = true,
      description = "the source: its id (cloudwatch-alarms) or principal ('ssetopic sources')")
  String source;

  @Option(
      names = "--topic-logical-id",
      paramLabel = "ID",
      required = true,
      converter = Converters.LogicalId.class,
      description = "the logical ID of the AWS::SNS::SSETopic in your template")
  String topicId;

  @Option(
      names = "--role-logical-id",
      paramLabel = "ID",
      defaultValue = "PublisherRole",
      converter = Converters.LogicalId.class,
      description =
          "for a source that publishes with a role of yours: the role's logical ID (default:"
              + " ${DEFAULT-VALUE})")
  String roleId;

  record Answer(String source, String name, JsonNode template, List<String> notes) {}

  @Override
  public Integer call() {
    final EventSourceProfile profile;
    try {
      profile = Catalogs.find(EventSourceCatalog.standard(), source);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (roleId.equals(topicId)) {
      throw new ParameterException(
          spec.commandLine(),
          "--role-logical-id and --topic-logical-id are both '"
              + topicId
              + "': a template's logical IDs differ, give the role its own");
    }
    final Wiring.Snippet snippet = Wiring.of(profile, topicId, roleId);
    final PrintWriter out = spec.commandLine().getOut();
    if (parent.format == OutputFormat.JSON) {
      Json.print(
          out, new Answer(profile.id(), profile.name(), snippet.template(), snippet.notes()));
    } else {
      final PrintWriter err = spec.commandLine().getErr();
      for (final String note : snippet.notes()) {
        err.println("# " + note);
      }
      err.flush();
      out.print(yaml(snippet.template()));
    }
    out.flush();
    return ExitCodes.OK;
  }

  static String yaml(final JsonNode template) {
    try {
      return YAML.writeValueAsString(template);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
