package software.amazon.sns.ssetopic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.sns.ssetopic.policy.EventSourceProfile;
import software.amazon.sns.ssetopic.policy.EventSourceProfile.TopicArnHandoff;
import software.amazon.sns.ssetopic.policy.KeyPolicyStatements;
import software.amazon.sns.ssetopic.policy.TopicPolicyStatements;

/**
 * The CloudFormation that wires an AWS::SNS::SSETopic to one event source, built as a Jackson tree
 * from the catalog's data: the topic's EventSources entry, the source's resource with the property
 * that takes the topic ARN, and for a source that publishes with a role of the user's, that role's
 * IAM policy. Intrinsic functions are written in their long form (Ref, Fn::GetAtt, Fn::Sub).
 */
final class Wiring {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The template fragment and what a person must know about it. */
  record Snippet(ObjectNode template, List<String> notes) {}

  private Wiring() {}

  static Snippet of(final EventSourceProfile source, final String topicId, final String roleId) {
    final ObjectNode template = NODES.objectNode();
    final ObjectNode resources = template.putObject("Resources");
    final List<String> notes = new ArrayList<>();
    notes.add("Wires the topic " + topicId + " to " + source.name() + " (" + source.id() + ").");
    if (source.refused() != null) {
      notes.add(
          "Refused: "
              + source.refused().reason()
              + " ("
              + String.join(", ", source.refused().documentation())
              + "). The type accepts this source only with KeyPolicyMode: Skip.");
    }
    final boolean usersRole = source.isRoleBased() && source.serviceLinkedRole() == null;
    final JsonNode roleArn =
        source.serviceLinkedRole() != null
            ? sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/" + source.serviceLinkedRole())
            : getAtt(roleId, "Arn");

    final ObjectNode entry = NODES.objectNode();
    if (source.isRoleBased()) {
      entry.set("RoleArn", roleArn);
    } else {
      entry.put("ServicePrincipal", source.principal());
    }
    final ObjectNode topic = resource(resources, topicId, "AWS::SNS::SSETopic");
    topic.putArray("EventSources").add(entry);
    notes.add(
        "The topic declares the source, so its key policy is verified (KeyPolicyMode Verify) or"
            + " written (Manage) for it; only the properties that wire it are shown.");

    final List<TopicArnHandoff> handoffs = source.topicArnHandoffs();
    if (handoffs.isEmpty()) {
      notes.add(
          "No CloudFormation property takes the topic"
              + (source.note() == null ? "." : ": " + source.note()));
    } else {
      final TopicArnHandoff handoff = handoffs.get(0);
      final ObjectNode properties =
          resource(resources, logicalIdOf(handoff.resourceType(), topicId), handoff.resourceType());
      put(properties, handoff.property(), handoff.with(), ref(topicId), roleArn);
      if (handoff.note() != null) {
        notes.add(handoff.property() + ": " + handoff.note() + ".");
      }
      if (handoffs.size() > 1) {
        final List<String> others = new ArrayList<>();
        for (final TopicArnHandoff other : handoffs.subList(1, handoffs.size())) {
          others.add(other.resourceType() + " " + other.describe());
        }
        notes.add("The topic ARN can also go to " + String.join("; ", others) + ".");
      }
    }

    if (usersRole) {
      notes.add(
          roleId
              + " is "
              + source.role()
              + ": use your role's logical ID (--role-logical-id); its policy below lets it"
              + " publish to the topic and use the topic's key.");
      publishPolicy(resources, topicId, roleId);
    } else if (source.isRoleBased()) {
      notes.add(
          "It publishes with "
              + source.role()
              + ", whose permissions AWS manages (sns:Publish included); only the key policy"
              + " must name it.");
    }
    final String sourceOption;
    if (!source.isRoleBased()) {
      sourceOption = "--service-principal " + source.principal();
    } else if (source.serviceLinkedRole() != null) {
      sourceOption = "--role-arn " + source.serviceLinkedRoleArn("aws", "ACCOUNT").orElseThrow();
    } else {
      sourceOption = "--role-arn ROLE_ARN";
    }
    notes.add(
        "The key policy must let the source use the key: ssetopic key-policy --key-arn KEY_ARN "
            + sourceOption);
    if (source.unverified() != null) {
      notes.add("Unverified: " + source.unverified());
    }
    return new Snippet(template, notes);
  }

  /**
   * The role's IAM policy: what {@code ssetopic publisher-policy} prints, for a template. Its
   * resources are intrinsic functions (the topic's Ref and KmsKeyArn), which iam-policy-builder
   * cannot hold, so the document is a Jackson tree; the actions are the engine's constants.
   */
  private static void publishPolicy(
      final ObjectNode resources, final String topicId, final String roleId) {
    final ObjectNode properties = resource(resources, roleId + "PublishPolicy", "AWS::IAM::Policy");
    properties.put("PolicyName", "publish-to-" + topicId);
    properties.putArray("Roles").add(ref(roleId));
    final ObjectNode document = properties.putObject("PolicyDocument");
    document.put("Version", "2012-10-17");
    final ArrayNode statements = document.putArray("Statement");
    final ObjectNode publish = statements.addObject();
    publish.put("Effect", "Allow");
    publish.put("Action", TopicPolicyStatements.PUBLISH);
    publish.set("Resource", ref(topicId));
    final ObjectNode key = statements.addObject();
    key.put("Effect", "Allow");
    final ArrayNode actions = key.putArray("Action");
    KeyPolicyStatements.ACTIONS.forEach(actions::add);
    key.set("Resource", getAtt(topicId, "KmsKeyArn"));
  }

  /**
   * Sets the topic at the end of a property path ({@code Targets[].Arn}, {@code AlarmActions[]}),
   * with the properties that sit beside it.
   */
  static void put(
      final ObjectNode properties,
      final String path,
      final Map<String, String> with,
      final JsonNode topic,
      final JsonNode roleArn) {
    final String[] names = path.split("\\.");
    ObjectNode current = properties;
    for (int i = 0; i < names.length; i++) {
      final boolean list = names[i].endsWith("[]");
      final String name = list ? names[i].substring(0, names[i].length() - 2) : names[i];
      if (i < names.length - 1) {
        current = list ? current.putArray(name).addObject() : current.putObject(name);
        continue;
      }
      for (final Map.Entry<String, String> beside : with.entrySet()) {
        current.set(
            beside.getKey(),
            beside.getValue().equals(TopicArnHandoff.ROLE_ARN_PLACEHOLDER)
                ? roleArn
                : NODES.textNode(beside.getValue()));
      }
      if (list) {
        current.putArray(name).add(topic);
      } else {
        current.set(name, topic);
      }
    }
  }

  /** AWS::CloudWatch::Alarm is wired as "Alarm"; a name taken by the topic gets a suffix. */
  static String logicalIdOf(final String resourceType, final String topicId) {
    final String name = resourceType.substring(resourceType.lastIndexOf(':') + 1);
    return name.equals(topicId) ? name + "Source" : name;
  }

  private static ObjectNode resource(
      final ObjectNode resources, final String id, final String type) {
    final ObjectNode resource = resources.putObject(id);
    resource.put("Type", type);
    return resource.putObject("Properties");
  }

  private static ObjectNode ref(final String id) {
    return NODES.objectNode().put("Ref", id);
  }

  private static ObjectNode getAtt(final String id, final String attribute) {
    final ObjectNode getAtt = NODES.objectNode();
    getAtt.putArray("Fn::GetAtt").add(id).add(attribute);
    return getAtt;
  }

  private static ObjectNode sub(final String text) {
    return NODES.objectNode().put("Fn::Sub", text);
  }
}
