package software.amazon.sns.ssetopic.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.sns.ssetopic.aws.EndpointRefusedException;
import software.amazon.sns.ssetopic.template.Finding;
import software.amazon.sns.ssetopic.template.Rule;
import software.amazon.sns.ssetopic.template.Severity;
import software.amazon.sns.ssetopic.template.TemplateCheck;
import software.amazon.sns.ssetopic.template.TemplateNode;

/** {@code ssetopic check}: broken encrypted-topic wiring in a template, before it deploys. */
@Command(
    name = "check",
    sortOptions = false,
    header = "Finds the encrypted-topic wiring a template gets wrong, before it deploys.",
    description = {
      "Reads CloudFormation templates (YAML with the short intrinsic tags, or JSON; SAM"
          + " functions too) and finds every SNS topic (AWS::SNS::Topic and AWS::SNS::SSETopic),"
          + " its key, and each resource that hands it to a publishing service, as the"
          + " event-source catalog lists them ('ssetopic sources'), through Ref, Fn::GetAtt,"
          + " Fn::Sub, Fn::Join, both branches of Fn::If, and parameter defaults. What it cannot"
          + " know before deploy (Fn::ImportValue, a parameter without a default, a dynamic"
          + " reference) is reported as unresolved, never guessed.",
      "",
      "Rules:",
      "  SSE001 warning  a topic without encryption (off with --no-unencrypted-warning)",
      "  SSE002 error    alias/aws/sns (or no key, for AWS::SNS::SSETopic) with a service"
          + " publisher",
      "  SSE003 error    a key of the template whose key policy does not grant a publisher",
      "  SSE004 info     a key from outside the template: verify at deploy or with diagnose",
      "  SSE005 error    an SQS subscriber whose queue key SNS may not use",
      "  SSE006 error    a topic policy that does not let a service publisher publish",
      "  SSE007 info     a value not known before deploy; what depends on it is not checked",
      "  SSE008 warning  a publisher an AWS::SNS::SSETopic's EventSources do not list",
      "  SSE009 info     a role's key grant that depends on its IAM policy",
      "  SSE010 error    with --live: a key from outside the template that AWS shows unusable",
      "  SSE011 error    a service that cannot publish to encrypted topics is handed one",
      "",
      "Key policies are evaluated with AWS::SNS::SSETopic's own Verify engine, against stand-in"
          + " values for the account (--account), region (--region) and the names CloudFormation"
          + " will generate. Each finding names the resource, the property, the line, the"
          + " reason and the fix.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  ssetopic check template.yaml",
      "  ssetopic check --fail-on error templates/*.yaml",
      "  ssetopic check --format sarif template.yaml > check.sarif",
      "  ssetopic check --live --account 111122223333 --region eu-west-1 template.yaml"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      " 0:no finding at or above --fail-on",
      " 1:internal error: a bug or a broken installation, not your input",
      " 2:bad input: a template that cannot be read, named with its line",
      " 3:findings at or above --fail-on",
      " 4:with --live, AWS could not be asked (credentials, network, access denied)"
    })
final class CheckCommand implements Callable<Integer> {

  static final String TOOL = "ssetopic";
  static final String INFORMATION_URI = "https://github.com/aws-cloudformation/aws-sns-ssetopic";
  static final String SARIF_SCHEMA =
      "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

  @Spec CommandSpec spec;

  @ParentCommand SsetopicCommand parent;

  @Parameters(paramLabel = "TEMPLATE", arity = "1..*", description = "the templates to check")
  List<Path> templates;

  @Option(
      names = "--fail-on",
      paramLabel = "error|warning|info",
      defaultValue = "warning",
      converter = Converters.SeverityValue.class,
      description = "exit 3 when a finding is at least this severe (default: ${DEFAULT-VALUE})")
  Severity failOn;

  @Option(
      names = "--no-unencrypted-warning",
      description = "do not report topics without encryption (SSE001)")
  boolean noUnencryptedWarning;

  @Option(
      names = "--account",
      paramLabel = "ACCOUNT",
      defaultValue = "123456789012",
      converter = Converters.Account.class,
      description =
          "the account the stack deploys to, for AWS::AccountId (default: ${DEFAULT-VALUE})")
  String account;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      defaultValue = "us-east-1",
      description = "the region the stack deploys to, for AWS::Region (default: ${DEFAULT-VALUE})")
  String region;

  @Option(
      names = "--live",
      description =
          "read each key from outside the template from AWS, with diagnose's checks"
              + " (DescribeKey, GetKeyPolicy; the SDK's default credentials; --account and"
              + " --region must then be the stack's real ones)")
  boolean live;

  record TemplateResult(String file, List<Finding> findings) {}

  @Override
  public Integer call() {
    final TemplateCheck check = TemplateCheck.standard();
    final TemplateCheck.Options options =
        TemplateCheck.Options.of(!noUnencryptedWarning, account, region.strip());
    final List<TemplateNode> parsed = new ArrayList<>();
    for (final Path file : templates) {
      parsed.add(
          Templates.parse(spec.commandLine(), file, Templates.text(spec.commandLine(), file)));
    }
    final List<TemplateResult> results = new ArrayList<>();
    AwsClients clients = null;
    try {
      for (int i = 0; i < templates.size(); i++) {
        final String file = templates.get(i).toString();
        List<Finding> findings = check.check(file, parsed.get(i), options);
        if (live && findings.stream().anyMatch(f -> f.rule() == Rule.KEY_OUTSIDE_TEMPLATE)) {
          if (clients == null) {
            clients = LiveKeys.clients(region.strip(), System.getenv());
            final Optional<String> noCredentials = clients.missingCredentials(System.getenv());
            if (noCredentials.isPresent()) {
              return awsUnavailable(noCredentials.get());
            }
          }
          findings =
              LiveKeys.check(
                  findings,
                  check.wiring(file, parsed.get(i), options),
                  new Diagnosis(clients.sns(), clients.kms()));
        }
        results.add(new TemplateResult(file, findings));
      }
    } catch (EndpointRefusedException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    } catch (Diagnosis.AwsUnavailableException e) {
      return awsUnavailable(e.getMessage());
    } finally {
      if (clients != null) {
        clients.close();
      }
    }
    final PrintWriter out = spec.commandLine().getOut();
    switch (parent.format) {
      case JSON -> Json.print(out, json(results));
      case SARIF -> Json.print(out, sarif(results));
      default -> out.print(text(results));
    }
    out.flush();
    final boolean failed =
        results.stream()
            .flatMap(result -> result.findings().stream())
            .anyMatch(finding -> finding.severity().atLeast(failOn));
    return failed ? ExitCodes.PROBLEMS_FOUND : ExitCodes.OK;
  }

  private int awsUnavailable(final String why) {
    final PrintWriter err = spec.commandLine().getErr();
    err.printf("%s: could not ask AWS: %s%n", spec.qualifiedName(), ErrorHandlers.oneLine(why));
    err.flush();
    return ExitCodes.AWS_UNAVAILABLE;
  }

  static String text(final List<TemplateResult> results) {
    final StringBuilder text = new StringBuilder();
    final Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    for (final TemplateResult result : results) {
      for (final Finding finding : result.findings()) {
        counts.merge(finding.severity(), 1, Integer::sum);
        text.append(
            String.format(
                Locale.ROOT,
                "%s:%d:%d: %s %s %s: %s: %s%n",
                finding.file(),
                finding.line(),
                finding.column(),
                finding.severity().label(),
                finding.rule().id(),
                finding.rule().slug(),
                finding.resource(),
                finding.message()));
        if (finding.fix() != null) {
          text.append("    fix: ").append(finding.fix()).append('\n');
        }
      }
    }
    final int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    text.append(
        String.format(
            Locale.ROOT,
            "%d template%s checked: %s%n",
            results.size(),
            results.size() == 1 ? "" : "s",
            total == 0
                ? "no findings"
                : String.format(
                    Locale.ROOT,
                    "%d error(s), %d warning(s), %d info",
                    counts.getOrDefault(Severity.ERROR, 0),
                    counts.getOrDefault(Severity.WARNING, 0),
                    counts.getOrDefault(Severity.INFO, 0))));
    return text.toString();
  }

  static ObjectNode json(final List<TemplateResult> results) {
    final JsonNodeFactory nodes = JsonNodeFactory.instance;
    final ObjectNode root = nodes.objectNode();
    final ArrayNode templates = root.putArray("templates");
    final ObjectNode counts = nodes.objectNode();
    for (final Severity severity : Severity.values()) {
      counts.put(severity.label(), 0);
    }
    final ArrayNode findings = nodes.arrayNode();
    for (final TemplateResult result : results) {
      templates.add(result.file());
      for (final Finding finding : result.findings()) {
        counts.put(finding.severity().label(), counts.path(finding.severity().label()).asInt() + 1);
        final ObjectNode item = findings.addObject();
        item.put("rule", finding.rule().id());
        item.put("name", finding.rule().slug());
        item.put("severity", finding.severity().label());
        item.put("file", finding.file());
        item.put("line", finding.line());
        item.put("column", finding.column());
        item.put("resource", finding.resource());
        item.put("path", finding.path());
        item.put("message", finding.message());
        item.put("fix", finding.fix());
      }
    }
    root.set("counts", counts);
    root.set("findings", findings);
    return root;
  }

  /** SARIF 2.1.0: one run, every rule described, each finding a result on its template line. */
  static ObjectNode sarif(final List<TemplateResult> results) {
    final JsonNodeFactory nodes = JsonNodeFactory.instance;
    final ObjectNode log = nodes.objectNode();
    log.put("$schema", SARIF_SCHEMA);
    log.put("version", "2.1.0");
    final ObjectNode run = log.putArray("runs").addObject();
    final ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", TOOL);
    driver.put("informationUri", INFORMATION_URI);
    final ArrayNode rules = driver.putArray("rules");
    for (final Rule rule : Rule.values()) {
      final ObjectNode item = rules.addObject();
      item.put("id", rule.id());
      item.put("name", rule.slug());
      item.putObject("shortDescription").put("text", rule.description());
      item.putObject("defaultConfiguration").put("level", level(rule.severity()));
    }
    final ArrayNode artifacts = run.putArray("artifacts");
    final ArrayNode sarifResults = run.putArray("results");
    for (final TemplateResult result : results) {
      artifacts.addObject().putObject("location").put("uri", uri(result.file()));
      for (final Finding finding : result.findings()) {
        final ObjectNode item = sarifResults.addObject();
        item.put("ruleId", finding.rule().id());
        item.put("ruleIndex", finding.rule().ordinal());
        item.put("level", level(finding.severity()));
        item.putObject("message")
            .put(
                "text",
                finding.resource()
                    + ": "
                    + finding.message()
                    + (finding.fix() == null ? "" : " Fix: " + finding.fix()));
        final ObjectNode location = item.putArray("locations").addObject();
        final ObjectNode physical = location.putObject("physicalLocation");
        physical.putObject("artifactLocation").put("uri", uri(finding.file()));
        physical
            .putObject("region")
            .put("startLine", finding.line())
            .put("startColumn", finding.column());
        location
            .putArray("logicalLocations")
            .addObject()
            .put("name", finding.resource())
            .put("fullyQualifiedName", finding.resource() + "." + finding.path())
            .put("kind", "resource");
        item.putObject("properties").put("propertyPath", finding.path());
      }
    }
    return log;
  }

  private static String level(final Severity severity) {
    return switch (severity) {
      case ERROR -> "error";
      case WARNING -> "warning";
      default -> "note";
    };
  }

  /** A path as a URI reference: relative stays relative, absolute becomes file:///... */
  static String uri(final String file) {
    final String slashes = file.replace('\\', '/');
    final List<String> parts = new ArrayList<>();
    for (final String part : slashes.split("/", -1)) {
      parts.add(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    final String encoded = String.join("/", parts);
    return slashes.startsWith("/") ? "file://" + encoded : encoded;
  }
}
