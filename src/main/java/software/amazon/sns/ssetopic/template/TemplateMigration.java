package software.amazon.sns.ssetopic.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Switches a template's {@code AWS::SNS::Topic} resources to {@code <namespace>::SNS::SSETopic} and
 * fills their {@code EventSources} from the publishers {@link TemplateCheck} finds, leaving {@code
 * KeyPolicyMode} at its default, Verify. YAML is edited as text, line by line, so comments and
 * layout stay; JSON is rewritten from its tree (JSON has no comments to keep).
 *
 * <p>A topic is left as it is, with the reason, when switching would break it: no key while
 * something publishes to it (the type would default to alias/aws/sns), a property the type does not
 * have, or a role whose ARN in EventSources would make a circular dependency.
 */
public final class TemplateMigration {
  /**
   * @param text the migrated template
   * @param changes what was changed, one line each
   * @param undecided what was left for a person, with the reason, one line each
   */
  public record Result(String text, List<String> changes, List<String> undecided) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final TemplateCheck check;
  private final Set<String> typeProperties;

  /**
   * @param typeProperties the properties AWS::SNS::SSETopic takes (its schema's, read-only ones
   *     excluded)
   */
  public TemplateMigration(final TemplateCheck check, final Set<String> typeProperties) {
    this.check = check;
    this.typeProperties = Set.copyOf(typeProperties);
  }

  /** One topic's planned change: its new EventSources (as JSON), or why it stays. */
  private record Plan(String topicId, List<JsonNode> sources, String reason) {}

  public Result migrate(
      final String file,
      final String text,
      final String namespace,
      final TemplateCheck.Options options) {
    final TemplateNode template = TemplateReader.read(file, text);
    final String newType = namespace + TemplateCheck.SSE_TOPIC_SUFFIX;
    final List<String> changes = new ArrayList<>();
    final List<String> undecided = new ArrayList<>();
    final List<Plan> plans = new ArrayList<>();
    final Map<String, TemplateNode> resources = template.get("Resources").entries();
    for (final TemplateCheck.TopicWiring wiring : check.wiring(file, template, options)) {
      if (!TemplateCheck.STOCK_TOPIC.equals(wiring.type())) {
        continue;
      }
      final Plan plan = plan(wiring, resources, template);
      plans.add(plan);
      if (plan.reason() != null) {
        undecided.add(wiring.logicalId() + " stays AWS::SNS::Topic: " + plan.reason());
        continue;
      }
      final List<String> principals = new ArrayList<>();
      plan.sources().forEach(source -> principals.add(describe(source)));
      changes.add(
          wiring.logicalId()
              + ": AWS::SNS::Topic -> "
              + newType
              + (principals.isEmpty()
                  ? ", no publisher found, so no EventSources"
                  : ", EventSources " + String.join(", ", principals))
              + (wiring.keyText() == null ? ", key alias/aws/sns (the type's default)" : "")
              + "; KeyPolicyMode stays Verify");
    }
    final String migrated =
        text.stripLeading().startsWith("{")
            ? json(text, plans, newType)
            : yaml(text, template, plans, newType, undecided);
    return new Result(migrated, List.copyOf(changes), List.copyOf(undecided));
  }

  private Plan plan(
      final TemplateCheck.TopicWiring wiring,
      final Map<String, TemplateNode> resources,
      final TemplateNode template) {
    final TemplateNode topic = resources.get(wiring.logicalId());
    final String attribute = attributeTheTypeLacks(template, wiring.logicalId());
    if (attribute != null) {
      return new Plan(
          wiring.logicalId(),
          List.of(),
          "the template reads Fn::GetAtt "
              + wiring.logicalId()
              + "."
              + attribute
              + ", and a registry type returns only its read-only properties (TopicArn,"
              + " KmsKeyArn); for the name use !Select [5, !Split [\":\", !Ref "
              + wiring.logicalId()
              + "]], then migrate again");
    }
    for (final String property : Resolver.properties(topic).entries().keySet()) {
      if (!typeProperties.contains(property)) {
        return new Plan(
            wiring.logicalId(),
            List.of(),
            "AWS::SNS::SSETopic has no property "
                + property
                + " (move it to its own resource, for example AWS::SNS::Subscription, then migrate"
                + " again)");
      }
    }
    for (final TemplateCheck.Publisher publisher : wiring.publishers()) {
      if (publisher.source() != null && publisher.source().refused() != null) {
        return new Plan(
            wiring.logicalId(),
            List.of(),
            publisher.describe()
                + " hands it to "
                + publisher.source().name()
                + ", which the type refuses (except under KeyPolicyMode: Skip): "
                + publisher.source().refused().reason());
      }
    }
    if (wiring.keyText() == null && !wiring.publishers().isEmpty()) {
      return new Plan(
          wiring.logicalId(),
          List.of(),
          "it has no KmsMasterKeyId, and as AWS::SNS::SSETopic it would be encrypted with"
              + " alias/aws/sns, which its publishers ("
              + wiring.publishers().get(0).describe()
              + (wiring.publishers().size() > 1 ? " and others" : "")
              + ") cannot use; add a customer managed key (ssetopic key-policy prints its"
              + " statements), set KmsMasterKeyId, and migrate again");
    }
    final Map<String, JsonNode> sources = new LinkedHashMap<>();
    for (final TemplateCheck.Publisher publisher : wiring.publishers()) {
      if (publisher.principal() == null) {
        continue;
      }
      final ObjectNode source = JSON.createObjectNode();
      if (publisher.servicePrincipal() != null) {
        source.put("ServicePrincipal", publisher.servicePrincipal());
      } else if (publisher.role() != null) {
        final String roleId = referencedResource(publisher.role());
        if (roleId != null && !resources.containsKey(roleId)) {
          return new Plan(
              wiring.logicalId(),
              List.of(),
              "the role of "
                  + publisher.describe()
                  + " ("
                  + roleId
                  + ") is created by the SAM transform, which grants it sns:Publish on the topic,"
                  + " so listing it in EventSources would make a circular dependency; give the"
                  + " function a Role of its own whose publish policy is an AWS::IAM::RolePolicy,"
                  + " then migrate again");
        }
        if (roleId != null && mentions(resources.get(roleId), wiring.logicalId())) {
          return new Plan(
              wiring.logicalId(),
              List.of(),
              "the role of "
                  + publisher.describe()
                  + " ("
                  + roleId
                  + ") names the topic, so listing it in EventSources would make a circular"
                  + " dependency; move the role's topic policy to an AWS::IAM::RolePolicy, then"
                  + " migrate again");
        }
        source.set("RoleArn", longForm(publisher.role()));
      } else {
        source.put("RoleArn", publisher.roleArn());
      }
      sources.putIfAbsent(source.toString(), source);
    }
    return new Plan(wiring.logicalId(), List.copyOf(sources.values()), null);
  }

  private static String describe(final JsonNode source) {
    return source.has("ServicePrincipal")
        ? source.path("ServicePrincipal").asText()
        : "RoleArn " + source.path("RoleArn");
  }

  /** The logical ID a Ref or Fn::GetAtt names, or null. */
  private static String referencedResource(final TemplateNode node) {
    if ("Ref".equals(node.intrinsicName())) {
      return node.intrinsicArgument().text();
    }
    if ("Fn::GetAtt".equals(node.intrinsicName()) && !node.intrinsicArgument().items().isEmpty()) {
      return node.intrinsicArgument().items().get(0).text();
    }
    return null;
  }

  /** The attributes Fn::GetAtt may read from the type: its read-only properties. */
  private static final Set<String> TYPE_ATTRIBUTES = Set.of("TopicArn", "KmsKeyArn");

  /**
   * An attribute the template reads from the topic with Fn::GetAtt (or ${Id.Attr} in a Sub) that
   * the type does not return, or null.
   */
  private static String attributeTheTypeLacks(final TemplateNode node, final String logicalId) {
    if (node == null) {
      return null;
    }
    if ("Fn::GetAtt".equals(node.intrinsicName())) {
      final TemplateNode argument = node.intrinsicArgument();
      final String text =
          argument.isScalar()
              ? argument.text()
              : argument.items().size() == 2
                  ? argument.items().get(0).text() + "." + argument.items().get(1).text()
                  : null;
      if (text != null && text.startsWith(logicalId + ".")) {
        final String attribute = text.substring(logicalId.length() + 1);
        return TYPE_ATTRIBUTES.contains(attribute) ? null : attribute;
      }
    }
    if (node.isScalar()) {
      final Matcher sub =
          Pattern.compile("\\$\\{" + Pattern.quote(logicalId) + "\\.([A-Za-z0-9]+)\\}")
              .matcher(node.text());
      while (sub.find()) {
        if (!TYPE_ATTRIBUTES.contains(sub.group(1))) {
          return sub.group(1);
        }
      }
      return null;
    }
    for (final TemplateNode child : node.entries().values()) {
      final String found = attributeTheTypeLacks(child, logicalId);
      if (found != null) {
        return found;
      }
    }
    for (final TemplateNode child : node.items()) {
      final String found = attributeTheTypeLacks(child, logicalId);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** Whether the resource refers to the logical ID (Ref, GetAtt, DependsOn or ${Id} in a Sub). */
  private static boolean mentions(final TemplateNode node, final String logicalId) {
    if (node == null) {
      return false;
    }
    if (node.isScalar()) {
      return node.text().equals(logicalId)
          || node.text().contains("${" + logicalId + "}")
          || node.text().contains("${" + logicalId + ".");
    }
    for (final TemplateNode child : node.entries().values()) {
      if (mentions(child, logicalId)) {
        return true;
      }
    }
    for (final TemplateNode child : node.items()) {
      if (mentions(child, logicalId)) {
        return true;
      }
    }
    return false;
  }

  /** The node as JSON in the long intrinsic form, which YAML reads as a flow mapping. */
  private static JsonNode longForm(final TemplateNode node) {
    switch (node.kind()) {
      case SCALAR:
        return JSON.getNodeFactory().textNode(node.text());
      case LIST:
        final ArrayNode array = JSON.createArrayNode();
        node.items().forEach(item -> array.add(longForm(item)));
        return array;
      case MAP:
        final ObjectNode object = JSON.createObjectNode();
        node.entries().forEach((key, value) -> object.set(key, longForm(value)));
        return object;
      default:
        return JSON.getNodeFactory().nullNode();
    }
  }

  // --- YAML: line edits -----------------------------------------------------------------------

  private String yaml(
      final String text,
      final TemplateNode template,
      final List<Plan> plans,
      final String newType,
      final List<String> undecided) {
    final List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    // Edits from the bottom up, so earlier line numbers stay valid.
    final TreeMap<Integer, List<String>> insertions = new TreeMap<>();
    final Map<String, TemplateNode> resources = template.get("Resources").entries();
    for (final Plan plan : plans) {
      if (plan.reason() != null) {
        continue;
      }
      final TemplateNode resource = resources.get(plan.topicId());
      final TemplateNode type = resource.get("Type");
      final int typeLine = type.line() - 1;
      final String line = lines.get(typeLine);
      final int at = line.indexOf(TemplateCheck.STOCK_TOPIC, type.column() - 1);
      if (at < 0) {
        undecided.add(
            plan.topicId() + ": its Type is not written on one line; set it to " + newType);
        continue;
      }
      lines.set(
          typeLine,
          line.substring(0, at)
              + newType
              + line.substring(at + TemplateCheck.STOCK_TOPIC.length()));
      if (plan.sources().isEmpty()) {
        continue;
      }
      final TemplateNode properties = resource.get("Properties");
      final List<String> block = new ArrayList<>();
      final int insertAt;
      final String indent;
      if (properties == null) {
        final String typeIndent = " ".repeat(type.column() - 1);
        block.add(typeIndent + "Properties:");
        indent = typeIndent + "  ";
        insertAt = typeLine + 1;
      } else if (properties.isMap() && !properties.entries().isEmpty()) {
        final TemplateNode first = properties.entries().values().iterator().next();
        if (first.line() == properties.line()) {
          undecided.add(
              plan.topicId()
                  + ": its Properties are written inline; add EventSources by hand: "
                  + plan.sources());
          continue;
        }
        indent = " ".repeat(first.column() - 1);
        insertAt = first.line() - 1;
      } else {
        undecided.add(plan.topicId() + ": add EventSources by hand: " + plan.sources());
        continue;
      }
      block.add(indent + "EventSources:");
      for (final JsonNode source : plan.sources()) {
        boolean firstField = true;
        for (final Map.Entry<String, JsonNode> field : iterable(source)) {
          block.add(
              indent
                  + (firstField ? "  - " : "    ")
                  + field.getKey()
                  + ": "
                  + yamlScalar(field.getValue()));
          firstField = false;
        }
      }
      insertions.computeIfAbsent(insertAt, key -> new ArrayList<>()).addAll(block);
    }
    for (final Map.Entry<Integer, List<String>> insertion : insertions.descendingMap().entrySet()) {
      lines.addAll(insertion.getKey(), insertion.getValue());
    }
    return String.join("\n", lines);
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(final JsonNode node) {
    final List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
    node.fields().forEachRemaining(fields::add);
    return fields;
  }

  /** A plain scalar where YAML reads it back as the same string, JSON (a flow value) otherwise. */
  private static String yamlScalar(final JsonNode value) {
    if (value.isTextual() && plain(value.asText())) {
      return value.asText();
    }
    if (value.isObject() && value.size() == 1) {
      final JsonNode getAtt = value.get("Fn::GetAtt");
      if (getAtt != null && getAtt.size() == 2 && plain(getAtt.get(0).asText())) {
        return "!GetAtt " + getAtt.get(0).asText() + "." + getAtt.get(1).asText();
      }
      final JsonNode ref = value.get("Ref");
      if (ref != null && ref.isTextual() && plain(ref.asText())) {
        return "!Ref " + ref.asText();
      }
      final JsonNode sub = value.get("Fn::Sub");
      if (sub != null && sub.isTextual() && sub.asText().matches("[A-Za-z0-9${}:/._-]+")) {
        return "!Sub " + sub.asText();
      }
    }
    return value.toString();
  }

  private static boolean plain(final String text) {
    return text.matches("[A-Za-z0-9][A-Za-z0-9._/:\\-]*");
  }

  // --- JSON: rewrite the tree -------------------------------------------------------------------

  private static String json(final String text, final List<Plan> plans, final String newType) {
    try {
      final ObjectNode root = (ObjectNode) JSON.readTree(text);
      final JsonNode resources = root.path("Resources");
      for (final Plan plan : plans) {
        if (plan.reason() != null) {
          continue;
        }
        final ObjectNode resource = (ObjectNode) resources.path(plan.topicId());
        resource.put("Type", newType);
        if (!plan.sources().isEmpty()) {
          final ObjectNode properties =
              resource.has("Properties")
                  ? (ObjectNode) resource.get("Properties")
                  : resource.putObject("Properties");
          properties.putArray("EventSources").addAll(plan.sources());
        }
      }
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
