package software.amazon.sns.ssetopic.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import software.amazon.sns.ssetopic.policy.EventSource;
import software.amazon.sns.ssetopic.policy.EventSourceCatalog;
import software.amazon.sns.ssetopic.policy.InvalidEventSourceException;

/**
 * The event sources a command is about, as the type's EventSources declares them: service
 * principals and IAM roles, with SourceAccount / SourceArn applying to every service principal.
 */
final class SourceOptions {

  @Option(
      names = "--service-principal",
      paramLabel = "PRINCIPAL",
      description =
          "a service that publishes, for example cloudwatch.amazonaws.com; repeat for each"
              + " ('ssetopic sources' lists them)")
  List<String> servicePrincipals = new ArrayList<>();

  @Option(
      names = "--role-arn",
      paramLabel = "ROLE_ARN",
      description =
          "the IAM role a role-based service publishes with (Auto Scaling, CodePipeline, IoT,"
              + " ...); repeat for each")
  List<String> roleArns = new ArrayList<>();

  @Option(
      names = "--source-account",
      paramLabel = "ACCOUNT",
      description =
          "the account of the publishing resources (aws:SourceAccount) of every service principal;"
              + " default: the account of --source-arn, else of the topic")
  String sourceAccount;

  @Option(
      names = "--source-arn",
      paramLabel = "ARN",
      description =
          "the publishing resource (aws:SourceArn, wildcards allowed) of every service principal,"
              + " for example arn:aws:s3:::my-bucket; for sources with different ones, run once per"
              + " source")
  String sourceArn;

  boolean isEmpty() {
    return servicePrincipals.isEmpty() && roleArns.isEmpty();
  }

  /**
   * The sources, validated by the policy engine as the handler validates EventSources.
   *
   * @throws ParameterException naming the bad value and the fix
   */
  List<EventSource> sources(final CommandLine commandLine) {
    if ((sourceAccount != null || sourceArn != null) && servicePrincipals.isEmpty()) {
      throw new ParameterException(
          commandLine,
          "--source-account and --source-arn narrow service principals, and none is named: add"
              + " --service-principal, or drop them (a role is already narrowed by its ARN)");
    }
    final List<EventSource> sources = new ArrayList<>();
    try {
      for (final String principal : servicePrincipals) {
        sources.add(new EventSource(principal.strip(), null, sourceArn, sourceAccount));
      }
      for (final String role : roleArns) {
        sources.add(EventSource.role(role.strip()));
      }
    } catch (InvalidEventSourceException e) {
      throw new ParameterException(commandLine, withoutPrefix(e.getMessage()), e);
    }
    final EventSourceCatalog catalog = EventSourceCatalog.standard();
    final List<String> problems = catalog.sourceConditionProblems(sources);
    if (!problems.isEmpty()) {
      throw new ParameterException(
          commandLine,
          String.join(" ", problems.stream().map(SourceOptions::withoutPrefix).toList()));
    }
    // The statements still print: under KeyPolicyMode: Skip the author takes the responsibility.
    for (final String refusal : catalog.refusals(sources)) {
      commandLine.getErr().println("warning: " + withoutPrefix(refusal));
    }
    return List.copyOf(sources);
  }

  /** The same, at least one required. */
  List<EventSource> required(final CommandLine commandLine) {
    if (isEmpty()) {
      throw new ParameterException(
          commandLine,
          "name the sources that publish: --service-principal cloudwatch.amazonaws.com, or"
              + " --role-arn with the role of a role-based service ('ssetopic sources' lists"
              + " them)");
    }
    return sources(commandLine);
  }

  /** The engine's messages start with "EventSources: ", the property's name in a template. */
  private static String withoutPrefix(final String message) {
    final String prefix = "EventSources: ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
