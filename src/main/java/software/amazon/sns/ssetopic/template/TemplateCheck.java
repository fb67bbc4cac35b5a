package software.amazon.sns.ssetopic.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.sns.ssetopic.aws.ServicePrincipals;
import software.amazon.sns.ssetopic.aws.TopicAttributes;
import software.amazon.sns.ssetopic.kms.KeyCheck;
import software.amazon.sns.ssetopic.kms.KeyReference;
import software.amazon.sns.ssetopic.policy.EventSource;
import software.amazon.sns.ssetopic.policy.EventSourceCatalog;
import software.amazon.sns.ssetopic.policy.EventSourceProfile;
import software.amazon.sns.ssetopic.policy.EventSourceProfile.TopicArnHandoff;
import software.amazon.sns.ssetopic.policy.InvalidEventSourceException;
import software.amazon.sns.ssetopic.policy.InvalidPolicyDocumentException;
import software.amazon.sns.ssetopic.policy.KeyPolicyEvaluator;
import software.amazon.sns.ssetopic.policy.SourceEvaluation;
import software.amazon.sns.ssetopic.policy.TopicArn;
import software.amazon.sns.ssetopic.policy.TopicPolicyEvaluator;
import software.amazon.sns.ssetopic.policy.TopicPolicyStatements;

/**
 * Finds the encrypted-topic wiring a template gets wrong: every SNS topic, its key, the publishers
 * the event-source catalog says the template hands it to, its SQS subscribers and its topic
 * policies, judged with the same engine as the resource type ({@link KeyPolicyEvaluator}, {@link
 * TopicPolicyEvaluator}, {@link KeyCheck}). Pure: no AWS calls. A key from outside the template is
 * reported as such (verify at deploy, or live with ssetopic diagnose).
 */
public final class TemplateCheck {
  static final String STOCK_TOPIC = "AWS::SNS::Topic";
  static final String SSE_TOPIC_SUFFIX = "::SNS::SSETopic";
  static final String KMS_KEY = "AWS::KMS::Key";
  static final String KMS_ALIAS = "AWS::KMS::Alias";
  static final String SQS_QUEUE = "AWS::SQS::Queue";
  private static final String SERVICE_ROLE_SUFFIX = "Role";

  /** Past this many conditions in one policy, only the default condition values are evaluated. */
  private static final int MAX_CONDITIONS = 4;

  /** What check may skip or assume. */
  public record Options(boolean warnUnencrypted, Resolver.Environment environment) {
    public static Options standard() {
      return new Options(true, Resolver.Environment.standard());
    }

    public static Options of(
        final boolean warnUnencrypted, final String account, final String region) {
      return new Options(
          warnUnencrypted, new Resolver.Environment("aws", region, account, "stack"));
    }
  }

  private final EventSourceCatalog catalog;
  private final TemplateFacts facts;
  private final KeyPolicyEvaluator keyPolicies;
  private final TopicPolicyEvaluator topicPolicies;
  private final TopicPolicyStatements topicPolicyStatements;

  public TemplateCheck(final EventSourceCatalog catalog) {
    this.catalog = catalog;
    this.facts = TemplateFacts.standard();
    this.keyPolicies = KeyPolicyEvaluator.standard();
    this.topicPolicies = new TopicPolicyEvaluator(catalog);
    this.topicPolicyStatements = new TopicPolicyStatements(catalog);
  }

  public static TemplateCheck standard() {
    return new TemplateCheck(EventSourceCatalog.standard());
  }

  /** The findings of one template, in the order of the template's lines. */
  public List<Finding> check(
      final String file, final TemplateNode template, final Options options) {
    return new Run(file, template, options).findings();
  }

  /** The topics of one template and the publishers wired to each (what migrate needs). */
  public List<TopicWiring> wiring(
      final String file, final TemplateNode template, final Options options) {
    final Run run = new Run(file, template, options);
    run.findings();
    return run.wirings();
  }

  /**
   * One topic with its publishers.
   *
   * @param logicalId the topic's logical ID
   * @param type its resource type
   * @param topicArn the topic's ARN as check evaluates it (stand-in account and region)
   * @param keyText its KmsMasterKeyId as rendered, or null when absent
   * @param publishers the resources that hand it to a publishing service, in template order
   */
  public record TopicWiring(
      String logicalId, String type, String topicArn, String keyText, List<Publisher> publishers) {}

  /**
   * A resource that hands the topic to a service that publishes.
   *
   * @param resource the handing resource's logical ID
   * @param path where it hands the topic over
   * @param source the catalog entry, or null for a function's execution role (Lambda)
   * @param servicePrincipal the service principal, or null for a role
   * @param role the role node (as written in the template), or null
   * @param roleArn the role ARN as rendered, or null
   * @param sourceArn the publishing resource's ARN as rendered, or null
   */
  public record Publisher(
      String resource,
      String path,
      int line,
      int column,
      EventSourceProfile source,
      String servicePrincipal,
      TemplateNode role,
      String roleArn,
      String sourceArn) {
    /** The principal a policy names. */
    public String principal() {
      return servicePrincipal != null ? servicePrincipal : roleArn;
    }

    public String describe() {
      return resource + " " + path + " (line " + line + ")";
    }

    /** Where the handoff stands, for a finding. */
    TemplateNode node() {
      return TemplateNode.scalar(path, line, column);
    }

    /**
     * The source as the policy engine takes it: the role, or the service principal with the
     * publishing resource's ARN as SourceArn where the catalog says the service sends it.
     *
     * @throws IllegalStateException when the principal is not known (principal() is null)
     */
    public EventSource eventSource() {
      if (principal() == null) {
        throw new IllegalStateException(describe() + ": the publishing principal is not known");
      }
      if (servicePrincipal == null) {
        return EventSource.role(roleArn);
      }
      final EventSource service = EventSource.service(servicePrincipal);
      if (sourceArn == null
          || source == null
          || !(source.keyPolicy().sourceConditions() || source.topicPolicy().sourceConditions())) {
        return service;
      }
      try {
        return service.withSourceArn(sourceArn);
      } catch (InvalidEventSourceException e) {
        return service;
      }
    }
  }

  /** A value found at a property path, with the object it sits in. */
  private record Hit(TemplateNode value, String path, TemplateNode parent) {}

  private final class Run {
    private final String file;
    private final TemplateNode template;
    private final Options options;
    private final Resolver resolver;
    private final Map<String, TemplateNode> resources;
    private final List<Finding> findings = new ArrayList<>();
    private final Map<String, List<Publisher>> publishers = new LinkedHashMap<>();
    private final Map<String, String> topicArns = new LinkedHashMap<>();
    private final Map<String, String> topicNames = new HashMap<>();
    private final Set<String> reportedUnresolved = new LinkedHashSet<>();

    Run(final String file, final TemplateNode template, final Options options) {
      this.file = file;
      this.template = template;
      this.options = options;
      this.resolver = new Resolver(template, facts, options.environment(), Map.of());
      this.resources = template.get("Resources").entries();
    }

    List<Finding> findings() {
      if (!findings.isEmpty() || !publishers.isEmpty()) {
        return sorted();
      }
      resources.forEach(
          (id, resource) -> {
            if (isTopic(resource)) {
              publishers.put(id, new ArrayList<>());
              topicArns.put(id, resolver.refOf(id));
              topicNames.put(resolver.nameOf(id), id);
            }
          });
      resources.forEach(this::findPublishers);
      publishers.keySet().forEach(this::checkTopic);
      resources.forEach(this::checkSubscriptions);
      return sorted();
    }

    List<TopicWiring> wirings() {
      final List<TopicWiring> wirings = new ArrayList<>();
      publishers.forEach(
          (id, list) -> {
            final TemplateNode key =
                Resolver.properties(resources.get(id)).get(TopicAttributes.KMS_MASTER_KEY_ID);
            wirings.add(
                new TopicWiring(
                    id,
                    Resolver.typeOf(resources.get(id)),
                    topicArns.get(id),
                    key == null ? null : resolver.render(key).text(),
                    List.copyOf(list)));
          });
      return wirings;
    }

    private List<Finding> sorted() {
      final List<Finding> all = new ArrayList<>(findings);
      all.sort(
          (a, b) ->
              a.line() != b.line()
                  ? Integer.compare(a.line(), b.line())
                  : a.rule().id().compareTo(b.rule().id()));
      return List.copyOf(all);
    }

    // --- publishers ---------------------------------------------------------------------------

    private void findPublishers(final String id, final TemplateNode resource) {
      final String type = Resolver.typeOf(resource);
      if (type == null) {
        return;
      }
      for (final EventSourceProfile profile : catalog.all()) {
        for (final TopicArnHandoff handoff : profile.topicArnHandoffs()) {
          if (handoff.resourceType().equals(type)) {
            for (final Hit hit : walk(resource, handoff.property())) {
              if (matchesWith(hit.parent(), handoff.with())) {
                publisher(id, resource, hit, profile, handoff);
              }
            }
          }
        }
      }
      for (final TemplateFacts.LambdaPublisher lambda : facts.lambdaPublishers()) {
        if (lambda.resourceType().equals(type)) {
          for (final Hit hit : walk(resource, lambda.property())) {
            if (matchesWith(hit.parent(), lambda.with())) {
              lambdaPublisher(id, resource, hit, lambda);
            }
          }
        }
      }
    }

    private boolean matchesWith(final TemplateNode parent, final Map<String, String> with) {
      for (final Map.Entry<String, String> entry : with.entrySet()) {
        if (entry.getValue().equals(TopicArnHandoff.ROLE_ARN_PLACEHOLDER)) {
          continue;
        }
        final TemplateNode value = parent == null ? null : parent.get(entry.getKey());
        final String text = value == null ? null : resolver.render(value).text();
        if (text == null || !text.equalsIgnoreCase(entry.getValue())) {
          return false;
        }
      }
      return true;
    }

    private void publisher(
        final String id,
        final TemplateNode resource,
        final Hit hit,
        final EventSourceProfile profile,
        final TopicArnHandoff handoff) {
      final List<String> topics = topicsAt(id, hit);
      if (topics.isEmpty()) {
        return;
      }
      TemplateNode role = null;
      String roleArn = null;
      String principal = null;
      String sourceArn = null;
      if (profile.isRoleBased()) {
        for (final Map.Entry<String, String> entry : handoff.with().entrySet()) {
          if (entry.getValue().equals(TopicArnHandoff.ROLE_ARN_PLACEHOLDER)
              && hit.parent() != null) {
            role = hit.parent().get(entry.getKey());
          }
        }
        final TemplateFacts.RoleProperty property =
            facts.publisherRoles().get(Resolver.typeOf(resource));
        if (role == null && property != null) {
          TemplateNode holder = resource;
          if (property.via() != null) {
            final TemplateNode named = Resolver.properties(resource).get(property.via());
            final String holderId = named == null ? null : logicalIdOf(named);
            holder = holderId == null ? null : resources.get(holderId);
          }
          role = holder == null ? null : Resolver.properties(holder).get(property.property());
        }
        if (role == null && profile.serviceLinkedRole() != null) {
          // The service-linked role, written as a template writes it.
          role =
              TemplateNode.map(
                  Map.of(
                      "Fn::Sub",
                      TemplateNode.scalar(
                          "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/"
                              + profile.serviceLinkedRole(),
                          hit.value().line(),
                          hit.value().column())),
                  hit.value().line(),
                  hit.value().column());
        }
        if (role != null) {
          roleArn = roleArn(id, role);
        } else {
          if (roleArn == null) {
            unresolved(
                id,
                hit,
                "the role "
                    + profile.name()
                    + " publishes with ("
                    + profile.role()
                    + ") is not named beside the topic, so its key grant is not checked");
          }
        }
      } else {
        principal = profile.principal();
        sourceArn = arnOf(id);
      }
      addPublisher(
          topics,
          new Publisher(
              id,
              hit.path(),
              hit.value().line(),
              hit.value().column(),
              profile,
              principal,
              role,
              roleArn,
              sourceArn));
    }

    private void addPublisher(final List<String> topics, final Publisher publisher) {
      for (final String topic : topics) {
        publishers.get(topic).add(publisher);
      }
    }

    private void lambdaPublisher(
        final String id,
        final TemplateNode resource,
        final Hit hit,
        final TemplateFacts.LambdaPublisher lambda) {
      final List<String> topics = topicsAt(id, hit);
      if (topics.isEmpty()) {
        return;
      }
      String function = id;
      if (!lambda.function().equals(".")) {
        final TemplateNode name = Resolver.properties(resource).get(lambda.function());
        function = name == null ? null : logicalIdOf(name);
      }
      final TemplateNode functionResource = function == null ? null : resources.get(function);
      TemplateNode role =
          functionResource == null ? null : Resolver.properties(functionResource).get("Role");
      String roleArn = null;
      if (role != null) {
        roleArn = roleArn(id, role);
      } else if (functionResource != null
          && "AWS::Serverless::Function".equals(Resolver.typeOf(functionResource))) {
        // SAM creates the function's execution role as <function logical ID>Role; it is not in
        // the template before the transform, so its ARN is a stand-in of the right form.
        final Resolver.Environment env = options.environment();
        role =
            TemplateNode.map(
                Map.of(
                    "Fn::GetAtt",
                    TemplateNode.list(
                        List.of(
                            TemplateNode.scalar(function + SERVICE_ROLE_SUFFIX, 0, 0),
                            TemplateNode.scalar("Arn", 0, 0)),
                        0,
                        0)),
                hit.value().line(),
                hit.value().column());
        roleArn =
            "arn:"
                + env.partition()
                + ":iam::"
                + env.account()
                + ":role/"
                + env.stackName()
                + "-"
                + function
                + SERVICE_ROLE_SUFFIX;
      } else {
        unresolved(
            id, hit, "the function's execution role is not in the template, so it is not checked");
      }
      addPublisher(
          topics,
          new Publisher(
              id,
              hit.path(),
              hit.value().line(),
              hit.value().column(),
              null,
              null,
              role,
              roleArn,
              null));
    }

    /** The logical ID a Ref or GetAtt names, or null. */
    private String logicalIdOf(final TemplateNode node) {
      if ("Ref".equals(node.intrinsicName())) {
        return resources.containsKey(node.intrinsicArgument().text())
            ? node.intrinsicArgument().text()
            : null;
      }
      final String text = resolver.render(node).text();
      for (final String id : resources.keySet()) {
        if (resolver.refOf(id).equals(text)) {
          return id;
        }
      }
      return null;
    }

    private String roleArn(final String id, final TemplateNode role) {
      final Resolver.Rendered rendered = resolver.render(role);
      if (!rendered.resolved() || rendered.text() == null) {
        unresolved(
            id,
            new Hit(role, "role", null),
            "the publishing role ("
                + String.join(", ", rendered.unresolved())
                + ") is not known before deploy, so its key grant is not checked");
        return null;
      }
      final String text = rendered.text();
      return EventSource.ROLE_ARN_PATTERN.matcher(text).matches() ? text : null;
    }

    /** The ARN of the publishing resource, when its type has one of a known form. */
    private String arnOf(final String id) {
      final TemplateFacts.ResourceFacts type =
          facts.resources().get(Resolver.typeOf(resources.get(id)));
      if (type == null) {
        return null;
      }
      final String pattern = type.attributes().get("Arn");
      if (pattern != null) {
        return resolver.render(getAtt(id, "Arn")).text();
      }
      final String ref = resolver.refOf(id);
      return ref.startsWith("arn:") ? ref : null;
    }

    private TemplateNode getAtt(final String id, final String attribute) {
      return TemplateNode.map(
          Map.of(
              "Fn::GetAtt",
              TemplateNode.list(
                  List.of(TemplateNode.scalar(id, 0, 0), TemplateNode.scalar(attribute, 0, 0)),
                  0,
                  0)),
          0,
          0);
    }

    /** The template topics this value may name (every Fn::If branch counts). */
    private List<String> topicsAt(final String id, final Hit hit) {
      final List<String> topics = new ArrayList<>();
      for (final Resolver.Rendered candidate : candidates(hit.value())) {
        if (!candidate.resolved()) {
          unresolved(
              id,
              hit,
              String.join(", ", candidate.unresolved())
                  + " is not known before deploy, so what it hands over is not checked");
          continue;
        }
        final List<String> texts = new ArrayList<>();
        if (candidate.value() != null && candidate.value().isArray()) {
          candidate.value().forEach(item -> texts.add(item.asText()));
        } else if (candidate.text() != null) {
          texts.add(candidate.text());
        }
        for (final String text : texts) {
          final String topic = topicNamed(text);
          if (topic != null && !topics.contains(topic)) {
            topics.add(topic);
          }
        }
      }
      return topics;
    }

    private String topicNamed(final String text) {
      for (final Map.Entry<String, String> topic : topicArns.entrySet()) {
        if (topic.getValue().equals(text)) {
          return topic.getKey();
        }
      }
      return topicNames.get(text);
    }

    private List<Resolver.Rendered> candidates(final TemplateNode node) {
      if ("Fn::If".equals(node.intrinsicName()) && node.intrinsicArgument().items().size() == 3) {
        final List<Resolver.Rendered> both =
            new ArrayList<>(candidates(node.intrinsicArgument().items().get(1)));
        both.addAll(candidates(node.intrinsicArgument().items().get(2)));
        return both;
      }
      final Resolver.Rendered rendered = resolver.render(node);
      return rendered.value() == null ? List.of() : List.of(rendered);
    }

    /** Every value at the path; "[]" walks a list, Fn::If walks both branches. */
    private List<Hit> walk(final TemplateNode resource, final String property) {
      final List<Hit> hits = new ArrayList<>();
      final TemplateNode properties = Resolver.properties(resource);
      walk(properties, property.split("\\."), 0, "Properties", null, hits);
      return hits;
    }

    private void walk(
        final TemplateNode node,
        final String[] segments,
        final int index,
        final String path,
        final TemplateNode parent,
        final List<Hit> hits) {
      if (node == null || node.kind() == TemplateNode.Kind.NULL) {
        return;
      }
      if ("Fn::If".equals(node.intrinsicName()) && node.intrinsicArgument().items().size() == 3) {
        walk(node.intrinsicArgument().items().get(1), segments, index, path, parent, hits);
        walk(node.intrinsicArgument().items().get(2), segments, index, path, parent, hits);
        return;
      }
      if (index == segments.length) {
        hits.add(new Hit(node, path, parent));
        return;
      }
      final String segment = segments[index];
      final boolean list = segment.endsWith("[]");
      final String name = list ? segment.substring(0, segment.length() - 2) : segment;
      final TemplateNode child = node.get(name);
      if (child == null) {
        return;
      }
      if (!list) {
        walk(child, segments, index + 1, path + "." + name, node, hits);
        return;
      }
      if (child.isIntrinsic() && !"Fn::If".equals(child.intrinsicName())) {
        // A whole list from one value (a Ref to a List parameter).
        if (index + 1 == segments.length) {
          hits.add(new Hit(child, path + "." + name, node));
        }
        return;
      }
      final List<TemplateNode> items =
          "Fn::If".equals(child.intrinsicName()) ? List.of(child) : child.items();
      for (int i = 0; i < items.size(); i++) {
        walk(items.get(i), segments, index + 1, path + "." + name + "[" + i + "]", node, hits);
      }
    }

    // --- topics ---------------------------------------------------------------------------------

    private void checkTopic(final String id) {
      final TemplateNode resource = resources.get(id);
      final boolean sseTopic = Resolver.typeOf(resource).endsWith(SSE_TOPIC_SUFFIX);
      final TemplateNode properties = Resolver.properties(resource);
      final TemplateNode keyNode = properties.get(TopicAttributes.KMS_MASTER_KEY_ID);
      final List<Publisher> list = publishers.get(id);
      final TopicArn topicArn = TopicArn.of(topicArns.get(id));
      if (keyNode == null && !sseTopic) {
        if (options.warnUnencrypted()) {
          add(
              Rule.UNENCRYPTED_TOPIC,
              id,
              "Properties",
              resource,
              "topic "
                  + id
                  + " is not encrypted: it has no KmsMasterKeyId"
                  + (list.isEmpty() ? "" : " (" + list.size() + " publisher(s) wired to it)"),
              "set KmsMasterKeyId to a customer managed key (AWS::KMS::Key) whose key policy lets"
                  + " its publishers use it, or switch the type to AWS::SNS::SSETopic"
                  + " (ssetopic migrate)");
        }
      } else {
        checkKey(id, keyNode, resource, list, topicArn, sseTopic);
      }
      checkTopicPolicy(id, resource, list, topicArn, sseTopic);
      if (sseTopic) {
        checkDeclared(id, resource, list);
      }
    }

    private void checkKey(
        final String id,
        final TemplateNode keyNode,
        final TemplateNode resource,
        final List<Publisher> list,
        final TopicArn topicArn,
        final boolean sseTopic) {
      final TemplateNode at = keyNode != null ? keyNode : resource;
      final String path = keyNode != null ? "Properties.KmsMasterKeyId" : "Properties";
      final Resolver.Rendered key =
          keyNode == null
              ? new Resolver.Rendered(
                  com.fasterxml.jackson.databind.node.TextNode.valueOf(
                      KeyReference.AWS_MANAGED_SNS_ALIAS),
                  List.of())
              : resolver.render(keyNode);
      if (list.isEmpty()) {
        return;
      }
      if (!key.resolved() || key.text() == null) {
        add(
            Rule.UNRESOLVED,
            id,
            path,
            at,
            "the key of topic "
                + id
                + " is not known before deploy ("
                + String.join(", ", key.unresolved())
                + "), so whether "
                + principals(list)
                + " may use it is not checked",
            "verify at deploy (AWS::SNS::SSETopic's Verify mode) or run ssetopic diagnose on the"
                + " deployed topic");
        return;
      }
      final String keyText = key.text();
      for (final Publisher publisher : list) {
        if (publisher.source() != null && publisher.source().refused() != null) {
          add(
              Rule.REFUSED_SOURCE,
              publisher.resource(),
              publisher.path(),
              publisher.node(),
              publisher.describe()
                  + " hands encrypted topic "
                  + id
                  + " to "
                  + publisher.source().name()
                  + ", which cannot publish to it: "
                  + publisher.source().refused().reason(),
              "give "
                  + publisher.resource()
                  + " an unencrypted topic of its own ("
                  + String.join(", ", publisher.source().refused().documentation())
                  + ")");
        }
      }
      if (isAwsManaged(keyText, "sns")) {
        for (final Publisher publisher : list) {
          if (publisher.servicePrincipal() == null) {
            continue;
          }
          add(
              Rule.AWS_MANAGED_KEY,
              id,
              path,
              at,
              publisher.describe()
                  + " hands topic "
                  + id
                  + " to "
                  + publisher.servicePrincipal()
                  + ". "
                  + KeyCheck.awsManagedKeyProblem(
                          keyNode == null ? null : keyText, List.of(publisher.servicePrincipal()))
                      .orElseThrow(),
              "create an AWS::KMS::Key whose key policy has the statement 'ssetopic key-policy"
                  + " --service-principal "
                  + publisher.servicePrincipal()
                  + "' prints, and set KmsMasterKeyId to it");
        }
        return;
      }
      final String keyId = keyInTemplate(keyText);
      if (keyId == null) {
        add(
            Rule.KEY_OUTSIDE_TEMPLATE,
            id,
            path,
            at,
            "the key of topic "
                + id
                + " ("
                + keyText
                + ") is not defined in this template: whether it lets "
                + principals(list)
                + " use it can only be verified at deploy",
            sseTopic
                ? "KeyPolicyMode Verify checks it at deploy; ssetopic diagnose checks it live"
                : "run check --live, or ssetopic diagnose on the deployed topic");
        return;
      }
      final Set<String> managed =
          sseTopic && isManageMode(resource) ? declared(resource) : Set.of();
      for (final Publisher publisher : list) {
        if (publisher.principal() == null || managed.contains(publisher.principal())) {
          continue;
        }
        checkKeyGrant(keyId, topicArn, id, publisher);
      }
    }

    private void checkKeyGrant(
        final String keyId,
        final TopicArn topicArn,
        final String topicId,
        final Publisher publisher) {
      final TemplateNode keyResource = resources.get(keyId);
      final TemplateNode policyNode = Resolver.properties(keyResource).get("KeyPolicy");
      final TemplateNode at = policyNode != null ? policyNode : keyResource;
      final String keyArn = resolver.render(getAtt(keyId, "Arn")).text();
      final EventSource source = publisher.eventSource();
      if (policyNode == null) {
        // Without a KeyPolicy, KMS gives the key its default policy: the account root alone.
        report(
            keyId,
            "Properties",
            at,
            topicId,
            publisher,
            keyPolicies
                .evaluate(defaultKeyPolicy(), topicArn, keyArn, List.of(source))
                .sources()
                .get(0),
            List.of());
        return;
      }
      for (final Map<String, Boolean> conditions : assignments(policyNode)) {
        final Resolver.Rendered policy = resolver.withConditions(conditions).render(policyNode);
        final SourceEvaluation evaluation;
        try {
          evaluation =
              keyPolicies
                  .evaluate(policy.value().toString(), topicArn, keyArn, List.of(source))
                  .sources()
                  .get(0);
        } catch (InvalidPolicyDocumentException e) {
          add(
              Rule.KEY_POLICY_MISSING_GRANT,
              keyId,
              "Properties.KeyPolicy",
              at,
              "the key policy of " + keyId + " cannot be evaluated: " + e.getMessage(),
              "repair the KeyPolicy");
          return;
        }
        if (!evaluation.granted()) {
          report(
              keyId,
              "Properties.KeyPolicy",
              at,
              topicId,
              publisher,
              evaluation,
              policy.unresolved(),
              conditions);
          return;
        }
      }
    }

    private void report(
        final String keyId,
        final String path,
        final TemplateNode at,
        final String topicId,
        final Publisher publisher,
        final SourceEvaluation evaluation,
        final List<String> unresolved) {
      report(keyId, path, at, topicId, publisher, evaluation, unresolved, Map.of());
    }

    private void report(
        final String keyId,
        final String path,
        final TemplateNode at,
        final String topicId,
        final Publisher publisher,
        final SourceEvaluation evaluation,
        final List<String> unresolved,
        final Map<String, Boolean> conditions) {
      if (evaluation.granted()) {
        return;
      }
      final String when = conditions.isEmpty() ? "" : " (when " + describe(conditions) + ")";
      final String fix =
          evaluation.statementToAdd().map(s -> "add to the key policy: " + s).orElse(null);
      final String subject =
          "key "
              + keyId
              + " of topic "
              + topicId
              + " does not let "
              + publisher.principal()
              + " ("
              + publisher.describe()
              + ") use it"
              + when
              + ": "
              + evaluation.reason();
      if (evaluation.grant() == SourceEvaluation.Grant.DELEGATED_TO_IAM) {
        add(Rule.DELEGATED_TO_IAM, keyId, path, at, subject, fix);
      } else if (!unresolved.isEmpty()) {
        add(
            Rule.UNRESOLVED,
            keyId,
            path,
            at,
            subject
                + "; but the policy holds values not known before deploy ("
                + String.join(", ", unresolved)
                + "), so this is not decided",
            fix);
      } else {
        add(Rule.KEY_POLICY_MISSING_GRANT, keyId, path, at, subject, fix);
      }
    }

    private String defaultKeyPolicy() {
      final Resolver.Environment env = options.environment();
      return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
          + "{\"AWS\":\"arn:"
          + env.partition()
          + ":iam::"
          + env.account()
          + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
    }

    /** Each combination of the conditions the node's Fn::If use (the defaults alone past four). */
    private List<Map<String, Boolean>> assignments(final TemplateNode node) {
      final List<String> names = new ArrayList<>(Resolver.conditionsIn(node));
      if (names.isEmpty() || names.size() > MAX_CONDITIONS) {
        return List.of(Map.of());
      }
      final List<Map<String, Boolean>> all = new ArrayList<>();
      for (int bits = 0; bits < (1 << names.size()); bits++) {
        final Map<String, Boolean> assignment = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
          assignment.put(names.get(i), (bits & (1 << i)) == 0);
        }
        all.add(assignment);
      }
      return all;
    }

    private String describe(final Map<String, Boolean> conditions) {
      final List<String> parts = new ArrayList<>();
      conditions.forEach((name, value) -> parts.add(name + " is " + value));
      return String.join(" and ", parts);
    }

    /** The logical ID of the AWS::KMS::Key this key reference names, or null. */
    private String keyInTemplate(final String keyText) {
      for (final Map.Entry<String, TemplateNode> entry : resources.entrySet()) {
        final String type = Resolver.typeOf(entry.getValue());
        final String id = entry.getKey();
        if (KMS_KEY.equals(type)
            && (keyText.equals(resolver.refOf(id))
                || keyText.equals(resolver.render(getAtt(id, "Arn")).text()))) {
          return id;
        }
        if (KMS_ALIAS.equals(type)) {
          final String alias = resolver.refOf(id);
          final Resolver.Environment env = options.environment();
          final String aliasArn =
              "arn:" + env.partition() + ":kms:" + env.region() + ":" + env.account() + ":" + alias;
          if (keyText.equals(alias) || keyText.equals(aliasArn)) {
            final TemplateNode target = Resolver.properties(entry.getValue()).get("TargetKeyId");
            final String targetText = target == null ? null : resolver.render(target).text();
            return targetText == null ? null : keyInTemplate(targetText);
          }
        }
      }
      return null;
    }

    private boolean isAwsManaged(final String keyText, final String service) {
      return keyText.equals("alias/aws/" + service) || keyText.endsWith(":alias/aws/" + service);
    }

    private boolean isManageMode(final TemplateNode resource) {
      final TemplateNode mode = Resolver.properties(resource).get("KeyPolicyMode");
      return mode != null && "Manage".equals(resolver.render(mode).text());
    }

    /** The principals an SSETopic's EventSources list, as rendered. */
    private Set<String> declared(final TemplateNode resource) {
      final Set<String> principals = new LinkedHashSet<>();
      final TemplateNode sources = Resolver.properties(resource).get("EventSources");
      if (sources == null) {
        return principals;
      }
      final JsonNode rendered = resolver.render(sources).value();
      if (rendered != null && rendered.isArray()) {
        for (final JsonNode source : rendered) {
          for (final String field : List.of("ServicePrincipal", "RoleArn")) {
            if (source.path(field).isTextual()) {
              principals.add(source.path(field).asText());
            }
          }
        }
      }
      return principals;
    }

    private List<EventSource> declaredSources(final TemplateNode resource) {
      final List<EventSource> sources = new ArrayList<>();
      final TemplateNode node = Resolver.properties(resource).get("EventSources");
      final JsonNode rendered = node == null ? null : resolver.render(node).value();
      if (rendered == null || !rendered.isArray()) {
        return sources;
      }
      for (final JsonNode source : rendered) {
        try {
          sources.add(
              new EventSource(
                  text(source, "ServicePrincipal"),
                  text(source, "RoleArn"),
                  text(source, "SourceArn"),
                  text(source, "SourceAccount")));
        } catch (InvalidEventSourceException e) {
          // cfn-lint and the handler refuse it; check judges what it can.
        }
      }
      return sources;
    }

    /** The field's text; null when absent or not known before deploy (the type fills it in). */
    private String text(final JsonNode node, final String field) {
      return node.path(field).isTextual()
              && !node.path(field).asText().contains(Resolver.UNRESOLVED_PREFIX)
          ? node.path(field).asText()
          : null;
    }

    private void checkDeclared(
        final String id, final TemplateNode resource, final List<Publisher> list) {
      final Set<String> declared = declared(resource);
      final Set<String> reported = new LinkedHashSet<>();
      for (final Publisher publisher : list) {
        final String principal = publisher.principal();
        if (principal == null || declared.contains(principal) || !reported.add(principal)) {
          continue;
        }
        final TemplateNode sources = Resolver.properties(resource).get("EventSources");
        add(
            Rule.UNDECLARED_SOURCE,
            id,
            sources == null ? "Properties" : "Properties.EventSources",
            sources == null ? resource : sources,
            publisher.describe()
                + " hands topic "
                + id
                + " to "
                + principal
                + ", which its EventSources do not list: the type neither verifies nor grants"
                + " it",
            "add to EventSources: - "
                + (publisher.servicePrincipal() != null ? "ServicePrincipal: " : "RoleArn: ")
                + (publisher.servicePrincipal() != null
                    ? principal
                    : publisher.role() == null
                        ? principal
                        : "the role " + publisher.describe() + " names"));
      }
    }

    // --- topic policies -----------------------------------------------------------------------

    private void checkTopicPolicy(
        final String id,
        final TemplateNode resource,
        final List<Publisher> list,
        final TopicArn topicArn,
        final boolean sseTopic) {
      if (list.isEmpty()) {
        return;
      }
      String policyId = null;
      TemplateNode document = null;
      for (final Map.Entry<String, TemplateNode> entry : resources.entrySet()) {
        for (final TemplateFacts.TopicPolicies kind : facts.topicPolicies()) {
          if (kind.resourceType().equals(Resolver.typeOf(entry.getValue()))
              && policyCovers(entry.getKey(), entry.getValue(), kind, id)) {
            policyId = entry.getKey();
            document = Resolver.properties(entry.getValue()).get(kind.document());
          }
        }
      }
      final String policyJson;
      final List<String> unresolved;
      final TemplateNode at;
      final String path;
      final String owner;
      if (document != null) {
        final Resolver.Rendered rendered = resolver.render(document);
        policyJson = rendered.value().toString();
        unresolved = rendered.unresolved();
        at = document;
        path = "Properties.PolicyDocument";
        owner = policyId;
      } else if (sseTopic && !declaredSources(resource).isEmpty()) {
        policyJson = topicPolicyStatements.policy(topicArn, declaredSources(resource)).toJson();
        unresolved = List.of();
        final TemplateNode sources = Resolver.properties(resource).get("EventSources");
        at = sources;
        path = "Properties.EventSources";
        owner = id;
      } else {
        policyJson = facts.defaultTopicPolicy(topicArn.value(), topicArn.account());
        unresolved = List.of();
        at = resource;
        path = "Properties";
        owner = id;
      }
      final Set<String> seen = new LinkedHashSet<>();
      for (final Publisher publisher : list) {
        if (publisher.principal() == null || !seen.add(publisher.principal())) {
          continue;
        }
        final SourceEvaluation evaluation;
        try {
          evaluation =
              topicPolicies.evaluate(policyJson, topicArn, List.of(publisher.eventSource())).get(0);
        } catch (InvalidPolicyDocumentException e) {
          add(
              Rule.TOPIC_POLICY_MISSING_GRANT,
              owner,
              path,
              at,
              "the topic policy of " + id + " cannot be evaluated: " + e.getMessage(),
              "repair the PolicyDocument");
          return;
        }
        if (evaluation.granted()) {
          continue;
        }
        final String message =
            "the access policy of topic "
                + id
                + (document == null
                    ? sseTopic
                        ? " (the one AWS::SNS::SSETopic writes from EventSources)"
                        : " (SNS's default: no AWS::SNS::TopicPolicy in the template)"
                    : " (" + policyId + ")")
                + " does not let "
                + publisher.principal()
                + " ("
                + publisher.describe()
                + ") publish: "
                + evaluation.reason();
        final boolean writtenByType = document == null && sseTopic;
        final String fix =
            evaluation
                .statementToAdd()
                .map(
                    s ->
                        writtenByType
                            ? "add it to EventSources; the type then writes: " + s
                            : "add to the topic policy: " + s)
                .orElse(null);
        add(
            unresolved.isEmpty() ? Rule.TOPIC_POLICY_MISSING_GRANT : Rule.UNRESOLVED,
            owner,
            path,
            at,
            message,
            fix);
      }
    }

    private boolean policyCovers(
        final String policyId,
        final TemplateNode policy,
        final TemplateFacts.TopicPolicies kind,
        final String topicId) {
      final String[] segments = kind.topics().split("\\.");
      final List<Hit> hits = new ArrayList<>();
      walk(Resolver.properties(policy), segments, 0, "Properties", null, hits);
      for (final Hit hit : hits) {
        if (topicsAt(policyId, hit).contains(topicId)) {
          return true;
        }
      }
      return false;
    }

    // --- subscribers ----------------------------------------------------------------------------

    private void checkSubscriptions(final String id, final TemplateNode resource) {
      final String type = Resolver.typeOf(resource);
      for (final TemplateFacts.Subscriptions kind : facts.subscriptions()) {
        if (!kind.resourceType().equals(type)) {
          continue;
        }
        if (kind.topic() != null) {
          final TemplateNode topic = Resolver.properties(resource).get(kind.topic());
          if (topic == null) {
            continue;
          }
          final List<String> topics =
              topicsAt(id, new Hit(topic, "Properties." + kind.topic(), null));
          final TemplateNode properties = Resolver.properties(resource);
          for (final String topicId : topics) {
            subscription(id, properties, kind, topicId, "Properties");
          }
        } else if (publishers.containsKey(id)) {
          final List<Hit> hits = walk(resource, kind.list());
          for (final Hit hit : hits) {
            subscription(id, hit.value(), kind, id, hit.path());
          }
        }
      }
    }

    private void subscription(
        final String id,
        final TemplateNode subscription,
        final TemplateFacts.Subscriptions kind,
        final String topicId,
        final String path) {
      final TemplateNode protocol = subscription.get(kind.protocol());
      final TemplateNode endpoint = subscription.get(kind.endpoint());
      if (protocol == null
          || endpoint == null
          || !"sqs".equalsIgnoreCase(resolver.render(protocol).text())) {
        return;
      }
      final String endpointText = resolver.render(endpoint).text();
      String queueId = null;
      for (final Map.Entry<String, TemplateNode> entry : resources.entrySet()) {
        if (SQS_QUEUE.equals(Resolver.typeOf(entry.getValue()))
            && resolver.render(getAtt(entry.getKey(), "Arn")).text().equals(endpointText)) {
          queueId = entry.getKey();
        }
      }
      if (queueId == null) {
        return;
      }
      final TemplateNode queue = resources.get(queueId);
      final TemplateNode keyNode = Resolver.properties(queue).get("KmsMasterKeyId");
      if (keyNode == null) {
        return;
      }
      final Resolver.Rendered key = resolver.render(keyNode);
      final String where =
          id + " " + path + "." + kind.endpoint() + " (line " + endpoint.line() + ")";
      if (!key.resolved() || key.text() == null) {
        add(
            Rule.UNRESOLVED,
            queueId,
            "Properties.KmsMasterKeyId",
            keyNode,
            "the key of queue "
                + queueId
                + " is not known before deploy, so whether SNS may use"
                + " it is not checked",
            null);
        return;
      }
      if (isAwsManaged(key.text(), "sqs")) {
        add(
            Rule.QUEUE_KEY,
            queueId,
            "Properties.KmsMasterKeyId",
            keyNode,
            "queue "
                + queueId
                + " subscribes to topic "
                + topicId
                + " ("
                + where
                + ") but is encrypted with alias/aws/sqs, whose key policy cannot let"
                + " sns.amazonaws.com use it: SNS cannot deliver to it",
            "encrypt the queue with a customer managed key whose key policy lets"
                + " sns.amazonaws.com call kms:GenerateDataKey* and kms:Decrypt");
        return;
      }
      final String keyId = keyInTemplate(key.text());
      if (keyId == null) {
        return;
      }
      final TemplateNode policyNode = Resolver.properties(resources.get(keyId)).get("KeyPolicy");
      final Resolver.Rendered policy = policyNode == null ? null : resolver.render(policyNode);
      final TopicArn topicArn = TopicArn.of(topicArns.get(topicId));
      final EventSource sns =
          EventSource.service(ServicePrincipals.SNS).withSourceArn(topicArn.value());
      final SourceEvaluation evaluation;
      try {
        evaluation =
            keyPolicies
                .evaluate(
                    policy == null ? defaultKeyPolicy() : policy.value().toString(),
                    topicArn,
                    resolver.render(getAtt(keyId, "Arn")).text(),
                    List.of(sns))
                .sources()
                .get(0);
      } catch (InvalidPolicyDocumentException e) {
        return;
      }
      if (evaluation.granted()) {
        return;
      }
      add(
          policy != null && !policy.unresolved().isEmpty() ? Rule.UNRESOLVED : Rule.QUEUE_KEY,
          keyId,
          policyNode == null ? "Properties" : "Properties.KeyPolicy",
          policyNode == null ? resources.get(keyId) : policyNode,
          "key "
              + keyId
              + " of queue "
              + queueId
              + ", which subscribes to topic "
              + topicId
              + " ("
              + where
              + "), does not let sns.amazonaws.com use it: "
              + evaluation.reason(),
          "add to the key policy a statement allowing sns.amazonaws.com kms:GenerateDataKey*"
              + " and kms:Decrypt, conditioned on aws:SourceArn = the topic ARN");
    }

    // --- findings -------------------------------------------------------------------------------

    private void unresolved(final String id, final Hit hit, final String why) {
      if (!reportedUnresolved.add(id + "|" + hit.path() + "|" + why)) {
        return;
      }
      add(Rule.UNRESOLVED, id, hit.path(), hit.value(), id + " " + hit.path() + ": " + why, null);
    }

    private String principals(final List<Publisher> list) {
      final Set<String> names = new LinkedHashSet<>();
      for (final Publisher publisher : list) {
        names.add(publisher.principal() == null ? publisher.resource() : publisher.principal());
      }
      return String.join(", ", names);
    }

    private void add(
        final Rule rule,
        final String resource,
        final String path,
        final TemplateNode at,
        final String message,
        final String fix) {
      findings.add(
          new Finding(
              rule,
              rule.severity(),
              file,
              resource,
              path,
              at == null ? 1 : Math.max(1, at.line()),
              at == null ? 1 : Math.max(1, at.column()),
              message,
              fix));
    }
  }

  private static boolean isTopic(final TemplateNode resource) {
    final String type = Resolver.typeOf(resource);
    return STOCK_TOPIC.equals(type) || (type != null && type.endsWith(SSE_TOPIC_SUFFIX));
  }
}
