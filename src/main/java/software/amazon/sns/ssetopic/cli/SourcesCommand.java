package software.amazon.sns.ssetopic.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.sns.ssetopic.policy.EventSourceCatalog;
import software.amazon.sns.ssetopic.policy.EventSourceProfile;
import software.amazon.sns.ssetopic.policy.EventSourceProfile.Refusal;
import software.amazon.sns.ssetopic.policy.EventSourceProfile.Status;
import software.amazon.sns.ssetopic.policy.EventSourceProfile.TopicArnHandoff;

/** {@code ssetopic sources}: the event-source catalog the handlers and the toolkit share. */
@Command(
    name = "sources",
    sortOptions = false,
    header = "Lists the AWS services that publish to encrypted topics and what each one needs.",
    description = {
      "For each source: its service principal or the IAM role it publishes with, the conditions"
          + " its key-policy statement carries, whether the topic policy must grant it"
          + " sns:Publish, where CloudFormation hands it the topic ARN, and the AWS pages these"
          + " facts come from. The facts come from the catalog the resource type uses"
          + " (event-sources.json); facts not confirmed in AWS documentation are marked"
          + " unverified, and sources that cannot work with an encrypted topic are marked refused"
          + " (the type accepts them only with KeyPolicyMode: Skip).",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  ssetopic sources",
      "  ssetopic sources eventbridge-rules",
      "  ssetopic sources --format json"
    })
final class SourcesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand SsetopicCommand parent;

  @Parameters(
      arity = "0..1",
      paramLabel = "SOURCE",
      description = "only this source: its id (cloudwatch-alarms) or principal")
  String only;

  /** One source as the JSON output spells it. */
  record SourceView(
      String id,
      String name,
      String kind,
      String principal,
      String role,
      String serviceLinkedRole,
      List<String> keyPolicyConditions,
      boolean topicPolicyGrant,
      List<String> topicPolicyConditions,
      boolean defaultTopicPolicySuffices,
      List<String> topicPolicyActions,
      List<TopicArnHandoff> topicArnHandoffs,
      String status,
      List<String> documentation,
      String note,
      String unverified,
      Refusal refused) {

    static SourceView of(final EventSourceProfile profile) {
      return new SourceView(
          profile.id(),
          profile.name(),
          profile.isRoleBased() ? "role" : "service-principal",
          profile.principal(),
          profile.role(),
          profile.serviceLinkedRole(),
          profile.keyPolicyConditionKeys(),
          profile.topicPolicy().publish(),
          profile.topicPolicyConditionKeys(),
          profile.topicPolicy().ownerPolicySuffices(),
          profile.topicPolicy().actions(),
          profile.topicArnHandoffs(),
          statusName(profile.status()),
          profile.documentation(),
          profile.note(),
          profile.unverified(),
          profile.refused());
    }
  }

  /**
   * The answer: the sources, the profiles unknown sources get, and the closing note with the
   * counts.
   */
  record Answer(List<SourceView> sources, List<SourceView> defaults, String note) {}

  @Override
  public Integer call() {
    final EventSourceCatalog catalog = EventSourceCatalog.standard();
    final List<EventSourceProfile> profiles;
    try {
      profiles = only == null ? catalog.all() : List.of(Catalogs.find(catalog, only));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    final PrintWriter out = spec.commandLine().getOut();
    final List<EventSourceProfile> defaults =
        only == null
            ? List.of(catalog.defaultServiceProfile(), catalog.defaultRoleProfile())
            : List.of();
    final String note = only == null ? closingNote(catalog) : null;
    if (parent.format == OutputFormat.JSON) {
      Json.print(
          out,
          new Answer(
              profiles.stream().map(SourceView::of).toList(),
              defaults.stream().map(SourceView::of).toList(),
              note));
    } else {
      out.print(render(profiles, only == null));
      if (only == null) {
        out.print("Sources not in the catalog get these defaults:\n\n");
        out.print(render(defaults, false));
        out.println(note);
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** The counts by status, and how every key statement is scoped, with its sources. */
  static String closingNote(final EventSourceCatalog catalog) {
    final Map<Status, Long> counts = catalog.countsByStatus();
    final StringBuilder note =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%d sources: %d documented by AWS pages, %d partly unverified, %d refused (they"
                    + " cannot work with an encrypted topic or their service is discontinued;"
                    + " accepted only with KeyPolicyMode: Skip). Every key statement is also"
                    + " scoped to its topic with kms:EncryptionContext:aws:sns:topicArn (%s).",
                catalog.all().size(),
                counts.get(Status.DOCUMENTED),
                counts.get(Status.PARTLY_UNVERIFIED),
                counts.get(Status.REFUSED),
                String.join(", ", catalog.encryptionContextDocumentation())));
    if (catalog.encryptionContextUnverified() != null) {
      note.append(" Unverified: ").append(catalog.encryptionContextUnverified());
    }
    return note.toString();
  }

  private static String statusName(final Status status) {
    return status.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static String render(final List<EventSourceProfile> profiles, final boolean all) {
    final StringBuilder text = new StringBuilder();
    if (all) {
      text.append(
              String.format(
                  Locale.ROOT,
                  "%d event sources. Each must be allowed kms:GenerateDataKey* and kms:Decrypt"
                      + " on the topic's key by the key policy;%nsome also need sns:Publish in"
                      + " the topic policy. Unknown service principals get conservative"
                      + " defaults%n(aws:SourceAccount condition, topic-policy grant), listed at"
                      + " the end.%n",
                  profiles.size()))
          .append('\n');
    }
    for (final EventSourceProfile profile : profiles) {
      text.append(profile.id()).append(": ").append(profile.name());
      if (profile.status() == Status.REFUSED) {
        text.append(" [refused]");
      }
      text.append('\n');
      if (profile.isRoleBased()) {
        line(text, "publishes with", profile.role() + " (a role: the key policy names its ARN)");
      } else {
        line(
            text,
            "principal",
            profile.principal() != null
                ? profile.principal()
                : "any service principal the catalog does not list");
      }
      line(text, "key policy", keyPolicy(profile));
      line(text, "topic policy", topicPolicy(profile));
      final Map<String, List<String>> byType = new LinkedHashMap<>();
      for (final TopicArnHandoff handoff : profile.topicArnHandoffs()) {
        byType
            .computeIfAbsent(handoff.resourceType(), type -> new ArrayList<>())
            .add(handoff.describe());
      }
      final List<String> handoffs = new ArrayList<>();
      byType.forEach(
          (type, properties) -> handoffs.add(type + " " + String.join(", ", properties)));
      line(
          text,
          "topic ARN goes to",
          handoffs.isEmpty() ? "no CloudFormation property" : String.join("; ", handoffs));
      if (profile.note() != null) {
        line(text, "note", profile.note());
      }
      if (profile.unverified() != null) {
        line(text, "unverified", profile.unverified());
      }
      if (profile.refused() != null) {
        line(
            text,
            "refused",
            profile.refused().reason()
                + " ("
                + String.join(", ", profile.refused().documentation())
                + ")");
      }
      for (final String page : profile.documentation()) {
        line(text, "documentation", page);
      }
      text.append('\n');
    }
    return text.toString();
  }

  private static String keyPolicy(final EventSourceProfile profile) {
    final List<String> keys = profile.keyPolicyConditionKeys();
    return keys.isEmpty() ? "no conditions" : "scoped by " + String.join(", ", keys);
  }

  private static String topicPolicy(final EventSourceProfile profile) {
    if (!profile.topicPolicy().publish()) {
      return profile.isRoleBased()
          ? "no grant (the role's IAM policy allows sns:Publish; a role in another account needs"
              + " one)"
          : "no grant needed";
    }
    final StringBuilder text =
        new StringBuilder(String.join(" and ", profile.topicPolicy().actions())).append(" grant");
    final List<String> keys = profile.topicPolicyConditionKeys();
    if (!keys.isEmpty()) {
      text.append(", scoped by ").append(String.join(", ", keys));
    }
    if (profile.topicPolicy().ownerPolicySuffices()) {
      text.append(" (SNS's default topic policy also lets it publish)");
    }
    return text.toString();
  }

  private static void line(final StringBuilder text, final String label, final String value) {
    text.append(String.format(Locale.ROOT, "  %-18s %s%n", label, value));
  }
}
