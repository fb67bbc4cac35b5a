package software.amazon.sns.ssetopic.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.sns.ssetopic.aws.EndpointGuard;
import software.amazon.sns.ssetopic.aws.EndpointRefusedException;
import software.amazon.sns.ssetopic.aws.SdkClientSettings;
import software.amazon.sns.ssetopic.cli.Diagnosis.Finding;
import software.amazon.sns.ssetopic.cli.Diagnosis.Report;
import software.amazon.sns.ssetopic.cli.Diagnosis.Status;
import software.amazon.sns.ssetopic.policy.EventSource;
import software.amazon.sns.ssetopic.policy.TopicArn;

/** {@code ssetopic diagnose}: why doesn't my alarm notify? */
@Command(
    name = "diagnose",
    sortOptions = false,
    header = "Checks a live topic, its key and its policies for the sources that publish to it.",
    description = {
      "Reads the topic (GetTopicAttributes), its KMS key (DescribeKey: state, key spec, region,"
          + " AWS or customer managed), the key policy (GetKeyPolicy) and the topic policy, and"
          + " reports PASS, FAIL or UNVERIFIED for the topic, the key and, per source, the key"
          + " policy and the topic policy, with the reason and the fix. The checks are the ones"
          + " AWS::SNS::SSETopic runs at deploy time; unlike its Verify mode, diagnose counts every"
          + " statement of the key policy, those a Manage-mode topic wrote included.",
      "",
      "Exit code 0 only when everything passes, 3 when something does not. Credentials come"
          + " from the SDK's default chain (environment, profile, container, instance); the region"
          + " is the topic's. AWS_ENDPOINT_URL is honoured as the resource type honours it: https"
          + " anywhere, plain http only to loopback.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  ssetopic diagnose --topic-arn arn:aws:sns:us-east-1:111122223333:alarms \\",
      "      --service-principal cloudwatch.amazonaws.com",
      "  ssetopic diagnose --topic-arn TOPIC_ARN --service-principal events.amazonaws.com \\",
      "      --role-arn arn:aws:iam::111122223333:role/pipeline --format json"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      " 0:every check passed",
      " 1:internal error: a bug or a broken installation, not your input",
      " 2:bad input: the message names the value and the fix",
      " 3:problems found: the report names each one and the fix",
      " 4:AWS could not be asked (credentials, network, access denied)"
    })
final class DiagnoseCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand SsetopicCommand parent;

  @Option(
      names = "--topic-arn",
      paramLabel = "TOPIC_ARN",
      required = true,
      converter = Converters.TopicArnValue.class,
      description = "the topic to diagnose")
  TopicArn topic;

  @Mixin SourceOptions sourceOptions;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "the topic's region; default: the region in --topic-arn, which it must match")
  String region;

  @Override
  public Integer call() {
    final List<EventSource> sources = sourceOptions.sources(spec.commandLine());
    if (region != null && !region.strip().equals(topic.region())) {
      throw new ParameterException(
          spec.commandLine(),
          "--region "
              + region
              + " is not the topic's region "
              + topic.region()
              + ": SNS topics are regional; drop --region or name the topic in "
              + region.strip());
    }
    final Report report;
    try (AwsClients clients =
        AwsClients.create(topic.region(), System.getenv(), SdkClientSettings.systemProperties())) {
      final Optional<String> noCredentials = clients.missingCredentials(System.getenv());
      if (noCredentials.isPresent()) {
        final PrintWriter err = spec.commandLine().getErr();
        err.printf("%s: could not ask AWS: %s%n", spec.qualifiedName(), noCredentials.get());
        err.flush();
        return ExitCodes.AWS_UNAVAILABLE;
      }
      report = new Diagnosis(clients.sns(), clients.kms()).run(topic, sources);
    } catch (EndpointRefusedException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    } catch (Diagnosis.AwsUnavailableException e) {
      final EndpointRefusedException refused = EndpointGuard.refusalIn(e).orElse(null);
      if (refused != null) {
        throw new ParameterException(spec.commandLine(), refused.getMessage(), refused);
      }
      final PrintWriter err = spec.commandLine().getErr();
      err.printf(
          "%s: could not ask AWS: %s%n",
          spec.qualifiedName(), ErrorHandlers.oneLine(e.getMessage()));
      err.flush();
      return ExitCodes.AWS_UNAVAILABLE;
    }
    print(report, sources.isEmpty());
    return report.passed() ? ExitCodes.OK : ExitCodes.PROBLEMS_FOUND;
  }

  private void print(final Report report, final boolean noSources) {
    final PrintWriter out = spec.commandLine().getOut();
    if (parent.format == OutputFormat.JSON) {
      Json.print(out, report);
    } else {
      out.print(render(report, noSources));
    }
    out.flush();
  }

  static String render(final Report report, final boolean noSources) {
    final StringBuilder text = new StringBuilder();
    text.append("Diagnosis of ").append(report.topicArn()).append("\n\n");
    int width = 0;
    for (final Finding finding : report.findings()) {
      width = Math.max(width, finding.subject().length());
    }
    for (final Finding finding : report.findings()) {
      // "PASS  key  arn:...": a check of the subject itself needs no second name.
      final String check = finding.check().equals(finding.subject()) ? "" : finding.check() + ": ";
      text.append(
          String.format(
              Locale.ROOT,
              "%-10s %-" + width + "s  %s%s%n",
              finding.status(),
              finding.subject(),
              check,
              finding.detail()));
      if (finding.fix() != null) {
        text.append(
            String.format(Locale.ROOT, "%10s %s fix: %s%n", "", " ".repeat(width), finding.fix()));
      }
    }
    text.append('\n');
    if (noSources) {
      text.append(
          "No sources named: only the topic and its key were checked. Add --service-principal or"
              + " --role-arn for each service that publishes.\n");
    }
    final long failed = count(report, Status.FAIL);
    final long unverified = count(report, Status.UNVERIFIED);
    if (report.passed()) {
      text.append(String.format(Locale.ROOT, "All %d checks passed.%n", report.findings().size()));
    } else {
      text.append(
          String.format(
              Locale.ROOT,
              "%d of %d checks did not pass (%d FAIL, %d UNVERIFIED): apply the fixes and run"
                  + " diagnose again.%n",
              failed + unverified,
              report.findings().size(),
              failed,
              unverified));
      if (report.findings().stream()
          .anyMatch(f -> "key policy".equals(f.check()) && f.status() != Status.PASS)) {
        text.append(
            "'ssetopic key-policy' prints the key-policy statements; its --merge-into FILE merges"
                + " them into the current policy.\n");
      }
    }
    return text.toString();
  }

  private static long count(final Report report, final Status status) {
    return report.findings().stream().filter(f -> f.status() == status).count();
  }
}
