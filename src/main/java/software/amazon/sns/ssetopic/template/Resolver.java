package software.amazon.sns.ssetopic.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders template values as the JSON they stand for once deployed: parameters take their defaults,
 * pseudo parameters and resources take stand-in values of the right form ({@link TemplateFacts}),
 * and what cannot be known before deploy (Fn::ImportValue, a parameter without a default, a dynamic
 * reference, AWS::NotificationARNs) is kept as a marker that says why, never guessed. Fn::If
 * follows the condition values it is given, else what the Conditions section gives with the
 * parameter defaults.
 */
final class Resolver {
  /** Stand-ins for the pseudo parameters and the stack's identity. */
  record Environment(String partition, String region, String account, String stackName) {
    static Environment standard() {
      return new Environment("aws", "us-east-1", "123456789012", "stack");
    }
  }

  /** A rendering and what could not be resolved in it. */
  record Rendered(JsonNode value, List<String> unresolved) {
    boolean resolved() {
      return unresolved.isEmpty();
    }

    /** The value as text, or null when it is not a string. */
    String text() {
      return value != null && value.isTextual() ? value.asText() : null;
    }
  }

  static final String UNRESOLVED_PREFIX = "{{unresolved: ";
  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** AWS::NoValue: the property or list item is removed. */
  private static final TextNode NO_VALUE = new TextNode("\u0000NoValue");

  private final TemplateNode template;
  private final TemplateFacts facts;
  private final Environment environment;
  private final Map<String, Boolean> conditions;
  private List<String> unresolved = new ArrayList<>();

  Resolver(
      final TemplateNode template,
      final TemplateFacts facts,
      final Environment environment,
      final Map<String, Boolean> conditions) {
    this.template = template;
    this.facts = facts;
    this.environment = environment;
    this.conditions = new HashMap<>(conditions);
  }

  /** The same template under other condition values. */
  Resolver withConditions(final Map<String, Boolean> values) {
    return new Resolver(template, facts, environment, values);
  }

  Environment environment() {
    return environment;
  }

  Rendered render(final TemplateNode node) {
    final List<String> outer = unresolved;
    unresolved = new ArrayList<>();
    try {
      final JsonNode value = node == null ? null : value(node);
      return new Rendered(value == NO_VALUE ? null : value, List.copyOf(unresolved));
    } finally {
      unresolved = outer;
    }
  }

  /** Every condition name an Fn::If in this node depends on, in order. */
  static Set<String> conditionsIn(final TemplateNode node) {
    final Set<String> names = new LinkedHashSet<>();
    collectConditions(node, names);
    return names;
  }

  private static void collectConditions(final TemplateNode node, final Set<String> names) {
    if (node == null) {
      return;
    }
    if ("Fn::If".equals(node.intrinsicName())) {
      final List<TemplateNode> args = node.intrinsicArgument().items();
      if (!args.isEmpty() && args.get(0).isScalar()) {
        names.add(args.get(0).text());
      }
    }
    node.entries().values().forEach(child -> collectConditions(child, names));
    node.items().forEach(child -> collectConditions(child, names));
  }

  /** The resource's name: its name property when literal, else one made as CloudFormation does. */
  String nameOf(final String logicalId) {
    final TemplateNode resource = resources().get(logicalId);
    final TemplateFacts.ResourceFacts type = facts.resources().get(typeOf(resource));
    if (type != null && type.nameProperty() != null) {
      final TemplateNode name = properties(resource).get(type.nameProperty());
      if (name != null) {
        final Rendered rendered = render(name);
        if (rendered.resolved() && rendered.text() != null) {
          return rendered.text();
        }
      }
    }
    return environment.stackName() + "-" + logicalId;
  }

  /** What Ref returns for this resource. */
  String refOf(final String logicalId) {
    final TemplateFacts.ResourceFacts type =
        facts.resources().get(typeOf(resources().get(logicalId)));
    return pattern(type == null || type.ref() == null ? "${Name}" : type.ref(), logicalId);
  }

  private Map<String, TemplateNode> resources() {
    return template.get("Resources").entries();
  }

  static String typeOf(final TemplateNode resource) {
    return resource == null ? null : resource.textOf("Type");
  }

  static TemplateNode properties(final TemplateNode resource) {
    final TemplateNode properties = resource == null ? null : resource.get("Properties");
    return properties == null || !properties.isMap()
        ? TemplateNode.map(Map.of(), 0, 0)
        : properties;
  }

  private String pattern(final String pattern, final String logicalId) {
    return pattern
        .replace("${Partition}", environment.partition())
        .replace("${Region}", environment.region())
        .replace("${AccountId}", environment.account())
        .replace("${Name}", pattern.contains("${Name}") ? nameOf(logicalId) : "");
  }

  private JsonNode value(final TemplateNode node) {
    switch (node.kind()) {
      case NULL:
        return NODES.nullNode();
      case SCALAR:
        if (node.text().contains("{{resolve:")) {
          return unresolved("the dynamic reference " + node.text());
        }
        return new TextNode(node.text());
      case LIST:
        final ArrayNode array = NODES.arrayNode();
        for (final TemplateNode item : node.items()) {
          final JsonNode value = value(item);
          if (value != NO_VALUE) {
            array.add(value);
          }
        }
        return array;
      default:
        if (node.isIntrinsic()) {
          return intrinsic(node.intrinsicName(), node.intrinsicArgument());
        }
        final ObjectNode object = NODES.objectNode();
        node.entries()
            .forEach(
                (key, child) -> {
                  final JsonNode value = value(child);
                  if (value != NO_VALUE) {
                    object.set(key, value);
                  }
                });
        return object;
    }
  }

  private JsonNode unresolved(final String why) {
    unresolved.add(why);
    return new TextNode(UNRESOLVED_PREFIX + why + "}}");
  }

  private JsonNode intrinsic(final String name, final TemplateNode argument) {
    switch (name) {
      case "Ref":
        return ref(argument.text());
      case "Fn::GetAtt":
        return getAtt(argument);
      case "Fn::Sub":
        return sub(argument);
      case "Fn::Join":
        return join(argument);
      case "Fn::If":
        return ifValue(argument);
      case "Fn::Select":
        return select(argument);
      case "Fn::Split":
        return split(argument);
      case "Fn::FindInMap":
        return findInMap(argument);
      case "Fn::ImportValue":
        final JsonNode export = value(argument);
        return unresolved("Fn::ImportValue " + export.asText());
      default:
        return unresolved(name + " (not evaluated before deploy)");
    }
  }

  private JsonNode ref(final String target) {
    if (target == null) {
      return unresolved("a Ref without a name");
    }
    switch (target) {
      case "AWS::AccountId":
        return new TextNode(environment.account());
      case "AWS::Region":
        return new TextNode(environment.region());
      case "AWS::Partition":
        return new TextNode(environment.partition());
      case "AWS::StackName":
        return new TextNode(environment.stackName());
      case "AWS::URLSuffix":
        return new TextNode("amazonaws.com");
      case "AWS::StackId":
        return new TextNode(
            "arn:"
                + environment.partition()
                + ":cloudformation:"
                + environment.region()
                + ":"
                + environment.account()
                + ":stack/"
                + environment.stackName()
                + "/id");
      case "AWS::NoValue":
        return NO_VALUE;
      default:
        break;
    }
    final TemplateNode parameters = template.get("Parameters");
    final TemplateNode parameter = parameters == null ? null : parameters.get(target);
    if (parameter != null) {
      final String type = parameter.textOf("Type");
      if (type != null && type.startsWith("AWS::SSM::Parameter::Value")) {
        return unresolved("parameter " + target + " (read from SSM at deploy)");
      }
      final TemplateNode fallback = parameter.get("Default");
      if (fallback == null || !fallback.isScalar()) {
        return unresolved("parameter " + target + " (no Default)");
      }
      if (type != null && (type.startsWith("List<") || type.equals("CommaDelimitedList"))) {
        final ArrayNode list = NODES.arrayNode();
        for (final String item : fallback.text().split(",", -1)) {
          list.add(item.strip());
        }
        return list;
      }
      return new TextNode(fallback.text());
    }
    if (resources().containsKey(target)) {
      return new TextNode(refOf(target));
    }
    return unresolved("Ref " + target + " (neither a parameter nor a resource of the template)");
  }

  private JsonNode getAtt(final TemplateNode argument) {
    final String resource;
    final String attribute;
    if (argument.isScalar() && argument.text().contains(".")) {
      final int dot = argument.text().indexOf('.');
      resource = argument.text().substring(0, dot);
      attribute = argument.text().substring(dot + 1);
    } else if (argument.items().size() == 2 && argument.items().get(0).isScalar()) {
      resource = argument.items().get(0).text();
      attribute = value(argument.items().get(1)).asText();
    } else {
      return unresolved("an Fn::GetAtt that is not [LogicalId, Attribute]");
    }
    return new TextNode(attribute(resource, attribute));
  }

  private String attribute(final String resource, final String attribute) {
    final TemplateNode node = resources().get(resource);
    if (node == null) {
      unresolved.add("Fn::GetAtt " + resource + "." + attribute + " (no such resource)");
      return UNRESOLVED_PREFIX + "Fn::GetAtt " + resource + "." + attribute + "}}";
    }
    final TemplateFacts.ResourceFacts type = facts.resources().get(typeOf(node));
    final String pattern = type == null ? null : type.attributes().get(attribute);
    // An attribute without a known form still has one value per resource: an opaque stand-in.
    return pattern == null ? "{{" + resource + "." + attribute + "}}" : pattern(pattern, resource);
  }

  private JsonNode sub(final TemplateNode argument) {
    final String text;
    final Map<String, JsonNode> variables = new HashMap<>();
    if (argument.isScalar()) {
      text = argument.text();
    } else if (argument.isList()
        && !argument.items().isEmpty()
        && argument.items().get(0).isScalar()) {
      text = argument.items().get(0).text();
      if (argument.items().size() > 1) {
        argument.items().get(1).entries().forEach((key, node) -> variables.put(key, value(node)));
      }
    } else {
      return unresolved("an Fn::Sub that is neither a string nor [string, variables]");
    }
    final Matcher matcher = SUB_VARIABLE.matcher(text);
    final StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      final String variable = matcher.group(1);
      final String replacement;
      if (variable.startsWith("!")) {
        replacement = "${" + variable.substring(1) + "}";
      } else if (variables.containsKey(variable)) {
        replacement = variables.get(variable).asText();
      } else if (variable.contains(".") && !variable.startsWith("AWS::")) {
        final int dot = variable.indexOf('.');
        replacement = attribute(variable.substring(0, dot), variable.substring(dot + 1));
      } else {
        replacement = ref(variable).asText();
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(result);
    return new TextNode(result.toString());
  }

  private JsonNode join(final TemplateNode argument) {
    if (argument.items().size() != 2) {
      return unresolved("an Fn::Join that is not [delimiter, list]");
    }
    final String delimiter = value(argument.items().get(0)).asText();
    final JsonNode list = value(argument.items().get(1));
    if (!list.isArray()) {
      return unresolved("an Fn::Join whose list is not resolved");
    }
    final List<String> parts = new ArrayList<>();
    list.forEach(part -> parts.add(part.asText()));
    return new TextNode(String.join(delimiter, parts));
  }

  private JsonNode select(final TemplateNode argument) {
    if (argument.items().size() != 2) {
      return unresolved("an Fn::Select that is not [index, list]");
    }
    final JsonNode list = value(argument.items().get(1));
    try {
      final int index = Integer.parseInt(value(argument.items().get(0)).asText().strip());
      if (list.isArray() && index >= 0 && index < list.size()) {
        return list.get(index);
      }
    } catch (NumberFormatException e) {
      return unresolved("an Fn::Select whose index is not a number");
    }
    return unresolved("an Fn::Select out of its list");
  }

  private JsonNode split(final TemplateNode argument) {
    if (argument.items().size() != 2) {
      return unresolved("an Fn::Split that is not [delimiter, string]");
    }
    final String delimiter = value(argument.items().get(0)).asText();
    final ArrayNode parts = NODES.arrayNode();
    for (final String part :
        value(argument.items().get(1)).asText().split(Pattern.quote(delimiter), -1)) {
      parts.add(part);
    }
    return parts;
  }

  private JsonNode findInMap(final TemplateNode argument) {
    final TemplateNode mappings = template.get("Mappings");
    if (argument.items().size() < 3 || mappings == null) {
      return unresolved("an Fn::FindInMap without its mapping");
    }
    TemplateNode node = mappings;
    for (int i = 0; i < 3 && node != null; i++) {
      node = node.get(value(argument.items().get(i)).asText());
    }
    return node == null ? unresolved("an Fn::FindInMap key that is not in Mappings") : value(node);
  }

  private JsonNode ifValue(final TemplateNode argument) {
    if (argument.items().size() != 3 || !argument.items().get(0).isScalar()) {
      return unresolved("an Fn::If that is not [condition, then, else]");
    }
    final Boolean holds = condition(argument.items().get(0).text(), new LinkedHashSet<>());
    if (holds == null) {
      return unresolved("condition " + argument.items().get(0).text() + " (not decidable)");
    }
    return value(argument.items().get(holds ? 1 : 2));
  }

  /** The condition's value: the one given, else its definition under the parameter defaults. */
  Boolean condition(final String name, final Set<String> visiting) {
    if (conditions.containsKey(name)) {
      return conditions.get(name);
    }
    final TemplateNode definitions = template.get("Conditions");
    final TemplateNode definition = definitions == null ? null : definitions.get(name);
    if (definition == null || !visiting.add(name)) {
      return null;
    }
    final Boolean value = conditionValue(definition, visiting);
    conditions.put(name, value);
    return value;
  }

  private Boolean conditionValue(final TemplateNode node, final Set<String> visiting) {
    if (node.isMap() && node.entries().size() == 1 && node.get("Condition") != null) {
      return condition(node.textOf("Condition"), visiting);
    }
    final String name = node.intrinsicName();
    if (name == null) {
      return null;
    }
    final List<TemplateNode> args = node.intrinsicArgument().items();
    switch (name) {
      case "Fn::Equals":
        if (args.size() != 2) {
          return null;
        }
        final Rendered left = render(args.get(0));
        final Rendered right = render(args.get(1));
        return left.resolved() && right.resolved() ? left.value().equals(right.value()) : null;
      case "Fn::Not":
        final Boolean inner = args.isEmpty() ? null : conditionValue(args.get(0), visiting);
        return inner == null ? null : !inner;
      case "Fn::And":
      case "Fn::Or":
        final boolean and = name.equals("Fn::And");
        boolean unknown = false;
        for (final TemplateNode arg : args) {
          final Boolean value = conditionValue(arg, visiting);
          if (value == null) {
            unknown = true;
          } else if (value != and) {
            return !and;
          }
        }
        return unknown ? null : and;
      default:
        return null;
    }
  }
}
