package software.amazon.sns.ssetopic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.sns.ssetopic.template.TemplateCheck;
import software.amazon.sns.ssetopic.template.TemplateException;
import software.amazon.sns.ssetopic.template.TemplateMigration;

/** {@code ssetopic migrate}: a template's stock topics switched to AWS::SNS::SSETopic. */
@Command(
    name = "migrate",
    sortOptions = false,
    header = "Switches a template's AWS::SNS::Topic resources to AWS::SNS::SSETopic.",
    description = {
      "Prints the template with each AWS::SNS::Topic switched to the type and its EventSources"
          + " filled in from the publishers 'ssetopic check' finds. KeyPolicyMode stays at its"
          + " default, Verify, so the first deploy checks the key and changes nothing in it. YAML"
          + " is edited line by line: comments and layout stay. JSON is rewritten from its tree.",
      "",
      "A topic stays as it is, with the reason on standard error, when switching would break"
          + " it: no KmsMasterKeyId while something publishes to it (the type would default to"
          + " alias/aws/sns), a property the type does not have, or a publishing role whose ARN in"
          + " EventSources would make a circular dependency.",
      "",
      "Standard output holds the template alone, so '> file' saves it; the summary of what"
          + " changed and what was left goes to standard error.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  ssetopic migrate template.yaml > migrated.yaml",
      "  ssetopic migrate --namespace Acme template.json > migrated.json",
      "  ssetopic check migrated.yaml"
    })
final class MigrateCommand implements Callable<Integer> {

  private static final Pattern NAMESPACE = Pattern.compile("^[A-Za-z0-9]{2,64}$");
  private static final String SCHEMA = "/aws-sns-ssetopic.json";

  @Spec CommandSpec spec;

  @ParentCommand SsetopicCommand parent;

  @Parameters(paramLabel = "TEMPLATE", arity = "1", description = "the template to migrate")
  Path template;

  @Option(
      names = "--namespace",
      paramLabel = "NAME",
      defaultValue = "AWS",
      description = "the type's namespace, as registered (default: ${DEFAULT-VALUE})")
  String namespace;

  record Answer(String template, List<String> changes, List<String> undecided) {}

  @Override
  public Integer call() {
    if (!NAMESPACE.matcher(namespace).matches()) {
      throw new ParameterException(
          spec.commandLine(),
          "--namespace '"
              + namespace
              + "' is not a namespace: 2 to 64 letters or digits, for example Acme");
    }
    final String text = Templates.text(spec.commandLine(), template);
    final TemplateMigration.Result result;
    try {
      result =
          new TemplateMigration(TemplateCheck.standard(), typeProperties())
              .migrate(template.toString(), text, namespace, TemplateCheck.Options.standard());
    } catch (TemplateException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    final PrintWriter out = spec.commandLine().getOut();
    if (parent.format == OutputFormat.JSON) {
      Json.print(out, new Answer(result.text(), result.changes(), result.undecided()));
    } else {
      final PrintWriter err = spec.commandLine().getErr();
      for (final String change : result.changes()) {
        err.println("changed: " + change);
      }
      for (final String left : result.undecided()) {
        err.println("left: " + left);
      }
      if (result.changes().isEmpty() && result.undecided().isEmpty()) {
        err.println("no AWS::SNS::Topic in " + template + ": nothing to change");
      }
      err.flush();
      out.print(result.text());
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** The properties the type's schema lets a template set (read-only ones excluded). */
  static Set<String> typeProperties() {
    try (InputStream in = MigrateCommand.class.getResourceAsStream(SCHEMA)) {
      if (in == null) {
        throw new IllegalStateException("the type's schema " + SCHEMA + " is missing");
      }
      final JsonNode schema = new ObjectMapper().readTree(in);
      final Set<String> readOnly = new LinkedHashSet<>();
      schema
          .path("readOnlyProperties")
          .forEach(path -> readOnly.add(path.asText().replace("/properties/", "")));
      final Set<String> properties = new LinkedHashSet<>();
      schema
          .path("properties")
          .fieldNames()
          .forEachRemaining(
              name -> {
                if (!readOnly.contains(name)) {
                  properties.add(name);
                }
              });
      return properties;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
