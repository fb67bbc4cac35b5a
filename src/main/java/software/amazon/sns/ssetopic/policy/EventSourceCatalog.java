package software.amazon.sns.ssetopic.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The known event sources, read from the classpath data file {@value #RESOURCE}: facts change more
 * often than code, and the CLI prints them as they are.
 */
public final class EventSourceCatalog {
  public static final String RESOURCE = "/software/amazon/sns/ssetopic/policy/event-sources.json";

  static final String DEFAULT_SERVICE_ID = "service";
  static final String DEFAULT_ROLE_ID = "role";

  /** Scope keys an entry may add; the topic's encryption context is on every statement anyway. */
  private static final Set<String> SCOPE_KEYS = Set.of(EventSourceProfile.VIA_SERVICE_KEY);

  private static final Pattern ID_PATTERN = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");
  private static final Pattern DOCUMENTATION_URL =
      Pattern.compile(
          "^https://(docs\\.aws\\.amazon\\.com|docs\\.amazonaws\\.cn|repost\\.aws"
              + "|github\\.com/awsdocs)/\\S+$");

  /** China-region service principals end so; the same service elsewhere ends in .amazonaws.com. */
  private static final String CHINA_SUFFIX = ".cn";

  /** A regional service principal: {@code <region>.<service principal>}. */
  private static final Pattern REGIONAL_PRINCIPAL =
      Pattern.compile("^[a-z]{2}(?:-[a-z]+)+-\\d\\.(.+)$");

  /**
   * The file's layout.
   *
   * @param encryptionContextDocumentation the AWS pages behind scoping every key statement to its
   *     topic with kms:EncryptionContext:aws:sns:topicArn
   * @param encryptionContextUnverified what about that no AWS page confirms, or null
   */
  record CatalogFile(
      String description,
      List<String> encryptionContextDocumentation,
      String encryptionContextUnverified,
      Defaults defaults,
      List<EventSourceProfile> sources) {}

  record Defaults(EventSourceProfile servicePrincipal, EventSourceProfile role) {}

  private static final class StandardHolder {
    private static final EventSourceCatalog STANDARD = load();

    private static EventSourceCatalog load() {
      try (InputStream in = EventSourceCatalog.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the event-source catalog " + RESOURCE + " is missing");
        }
        return read(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the event-source catalog " + RESOURCE, e);
      }
    }
  }

  private final List<EventSourceProfile> sources;
  private final Map<String, EventSourceProfile> byId;
  private final Map<String, EventSourceProfile> byPrincipal;
  private final Map<EventSourceProfile, Pattern> roleArnPatterns;
  private final EventSourceProfile defaultService;
  private final EventSourceProfile defaultRole;
  private final List<String> encryptionContextDocumentation;
  private final String encryptionContextUnverified;

  private EventSourceCatalog(final CatalogFile file) {
    this.encryptionContextDocumentation =
        checkedDocumentation(
            file.encryptionContextDocumentation(), "encryptionContextDocumentation");
    this.encryptionContextUnverified = file.encryptionContextUnverified();
    if (file.defaults() == null
        || file.defaults().servicePrincipal() == null
        || file.defaults().role() == null) {
      throw new IllegalStateException(
          "event-source catalog: defaults.servicePrincipal and" + " defaults.role are required");
    }
    this.defaultService = checked(file.defaults().servicePrincipal(), false);
    this.defaultRole = checked(file.defaults().role(), true);
    requireId(defaultService, DEFAULT_SERVICE_ID);
    requireId(defaultRole, DEFAULT_ROLE_ID);
    this.sources = List.copyOf(file.sources() == null ? List.of() : file.sources());
    this.byId = new LinkedHashMap<>();
    this.byPrincipal = new LinkedHashMap<>();
    this.roleArnPatterns = new LinkedHashMap<>();
    for (final EventSourceProfile profile : sources) {
      checked(profile, profile.role() != null);
      if (byId.put(profile.id(), profile) != null
          || profile.id().equals(DEFAULT_SERVICE_ID)
          || profile.id().equals(DEFAULT_ROLE_ID)) {
        throw new IllegalStateException(
            "event-source catalog: duplicate or reserved id " + profile.id());
      }
      if (profile.principal() != null && byPrincipal.put(profile.principal(), profile) != null) {
        throw new IllegalStateException(
            "event-source catalog: principal " + profile.principal() + " is listed twice");
      }
      if (profile.roleArnPattern() != null) {
        roleArnPatterns.put(profile, compile(profile));
      }
      if (profile.serviceLinkedRole() != null
          && (profile.roleArnPattern() == null
              || !roleArnPatterns
                  .get(profile)
                  .matcher(profile.serviceLinkedRoleArn("aws", "111122223333").orElseThrow())
                  .matches())) {
        throw new IllegalStateException(
            "event-source catalog: "
                + profile.id()
                + "'s serviceLinkedRole must be a role its roleArnPattern recognises");
      }
    }
  }

  /** The catalog shipped in the jar, read once. */
  public static EventSourceCatalog standard() {
    return StandardHolder.STANDARD;
  }

  /** Reads a catalog in the layout of {@value #RESOURCE}; fails on any inconsistency. */
  static EventSourceCatalog read(final InputStream in) throws IOException {
    final ObjectMapper mapper =
        new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    return new EventSourceCatalog(mapper.readValue(in, CatalogFile.class));
  }

  private static void requireId(final EventSourceProfile profile, final String id) {
    if (!profile.id().equals(id)) {
      throw new IllegalStateException(
          "event-source catalog: the default profile must have id " + id + ", not " + profile.id());
    }
  }

  private static EventSourceProfile checked(final EventSourceProfile profile, final boolean role) {
    final String id = profile.id();
    if (id == null || !ID_PATTERN.matcher(id).matches() || profile.name() == null) {
      throw new IllegalStateException(
          "event-source catalog: every entry needs an id of"
              + " lower-case words joined by '-' and a name; got id "
              + id);
    }
    if (profile.keyPolicy() == null || profile.topicPolicy() == null) {
      throw new IllegalStateException(
          "event-source catalog: " + id + " needs keyPolicy and topicPolicy");
    }
    checkedDocumentation(profile.documentation(), id + ".documentation");
    if (profile.refused() != null) {
      if (profile.refused().reason() == null || profile.refused().reason().isBlank()) {
        throw new IllegalStateException(
            "event-source catalog: " + id + " is refused without a reason");
      }
      checkedDocumentation(profile.refused().documentation(), id + ".refused.documentation");
    }
    if (profile.regionalPrincipal() && profile.principal() == null) {
      throw new IllegalStateException(
          "event-source catalog: " + id + " has regionalPrincipal but no principal");
    }
    final String principal = profile.principal();
    // Only the fallback for unknown services has neither a principal nor a role.
    final boolean principalOptional = !role && id.equals(DEFAULT_SERVICE_ID);
    if ((profile.role() != null) != role
        || (role && principal != null)
        || (!role && principal == null && !principalOptional)) {
      throw new IllegalStateException(
          "event-source catalog: " + id + " needs exactly one of principal and role");
    }
    if (principal != null && !EventSource.SERVICE_PRINCIPAL_PATTERN.matcher(principal).matches()) {
      throw new IllegalStateException(
          "event-source catalog: "
              + id
              + " has principal "
              + principal
              + ", which is not of the form <service>.amazonaws.com");
    }
    if (!SCOPE_KEYS.containsAll(profile.keyPolicy().scopeKeys())) {
      throw new IllegalStateException(
          "event-source catalog: "
              + id
              + " has scope keys "
              + profile.keyPolicy().scopeKeys()
              + "; the engine knows only "
              + SCOPE_KEYS);
    }
    if (role
        && (profile.keyPolicy().sourceConditions() || profile.topicPolicy().sourceConditions())) {
      throw new IllegalStateException(
          "event-source catalog: "
              + id
              + " is role-based: a role sends no aws:SourceAccount / aws:SourceArn");
    }
    return profile;
  }

  /**
   * Every fact cites the AWS page it comes from: a list of at least one AWS documentation URL.
   *
   * @throws IllegalStateException naming the field and the offending value
   */
  private static List<String> checkedDocumentation(final List<String> urls, final String field) {
    if (urls == null || urls.isEmpty()) {
      throw new IllegalStateException(
          "event-source catalog: "
              + field
              + " is missing: every entry names the AWS documentation pages its facts come from");
    }
    for (final String url : urls) {
      if (url == null || !DOCUMENTATION_URL.matcher(url).matches()) {
        throw new IllegalStateException(
            "event-source catalog: "
                + field
                + " has '"
                + url
                + "', which is not an AWS documentation page (https://docs.aws.amazon.com/...,"
                + " https://docs.amazonaws.cn/..., https://repost.aws/... or"
                + " https://github.com/awsdocs/...)");
      }
    }
    return List.copyOf(urls);
  }

  private static Pattern compile(final EventSourceProfile profile) {
    try {
      return Pattern.compile(profile.roleArnPattern());
    } catch (PatternSyntaxException e) {
      throw new IllegalStateException(
          "event-source catalog: "
              + profile.id()
              + " has an invalid roleArnPattern: "
              + e.getMessage(),
          e);
    }
  }

  /** Every catalogued source, in file order (the defaults excluded). */
  public List<EventSourceProfile> all() {
    return sources;
  }

  public Optional<EventSourceProfile> byId(final String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * The catalogued service with this principal (case-insensitive), if any. The China-region form
   * ({@code events.amazonaws.com.cn}) resolves to the entry of {@code events.amazonaws.com}, and
   * {@code <region>.<principal>} to an entry marked regionalPrincipal.
   */
  public Optional<EventSourceProfile> byPrincipal(final String servicePrincipal) {
    if (servicePrincipal == null) {
      return Optional.empty();
    }
    String principal = servicePrincipal.toLowerCase(Locale.ROOT);
    if (principal.endsWith(".amazonaws.com" + CHINA_SUFFIX)) {
      principal = principal.substring(0, principal.length() - CHINA_SUFFIX.length());
    }
    final EventSourceProfile exact = byPrincipal.get(principal);
    if (exact != null) {
      return Optional.of(exact);
    }
    final Matcher regional = REGIONAL_PRINCIPAL.matcher(principal);
    if (regional.matches()) {
      return Optional.ofNullable(byPrincipal.get(regional.group(1)))
          .filter(EventSourceProfile::regionalPrincipal);
    }
    return Optional.empty();
  }

  /** The catalogued role-based service whose service-linked role this is, if recognisable. */
  public Optional<EventSourceProfile> byRoleArn(final String roleArn) {
    if (roleArn == null) {
      return Optional.empty();
    }
    return roleArnPatterns.entrySet().stream()
        .filter(entry -> entry.getValue().matcher(roleArn).matches())
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /**
   * Why these sources cannot be used as declared, one message each, empty when they can: a
   * SourceArn or SourceAccount on a service whose statements take no source condition (in every
   * mode: the topic policy is written in every mode), and, when the handler verifies or manages the
   * key policy, a source that cannot work with an encrypted topic or whose service is discontinued.
   *
   * @param keyPolicyChecked KeyPolicyMode is Verify or Manage (not Skip)
   */
  public List<String> problems(
      final Collection<EventSource> sources, final boolean keyPolicyChecked) {
    final List<String> problems = new ArrayList<>(sourceConditionProblems(sources));
    if (keyPolicyChecked) {
      problems.addAll(refusals(sources));
    }
    return List.copyOf(problems);
  }

  /** SourceArn or SourceAccount on services whose statements take no source condition. */
  public List<String> sourceConditionProblems(final Collection<EventSource> sources) {
    final List<String> problems = new ArrayList<>();
    for (final EventSource source : sources) {
      final EventSourceProfile profile = profileOf(source);
      if (profile.takesNoSourceConditions()
          && (source.sourceArn() != null || source.sourceAccount() != null)) {
        problems.add(
            "EventSources: "
                + source.principal()
                + " ("
                + profile.name()
                + ") has SourceArn or SourceAccount, but AWS documents no source condition for it"
                + " in either the key policy or the topic policy, so they would restrict nothing:"
                + " remove them (its key statement is scoped to the topic by"
                + " kms:EncryptionContext:aws:sns:topicArn). See "
                + String.join(" and ", profile.documentation())
                + ".");
      }
    }
    return List.copyOf(problems);
  }

  /**
   * The sources that cannot work with an encrypted topic or whose service is discontinued: one
   * message each, naming the service, the reason and the AWS pages.
   */
  public List<String> refusals(final Collection<EventSource> sources) {
    final List<String> refusals = new ArrayList<>();
    for (final EventSource source : sources) {
      final EventSourceProfile profile = profileOf(source);
      if (profile.refused() != null) {
        refusals.add(refusalMessage(source, profile));
      }
    }
    return List.copyOf(refusals);
  }

  private static String refusalMessage(final EventSource source, final EventSourceProfile profile) {
    return "EventSources: "
        + source.principal()
        + " ("
        + profile.name()
        + ") is refused: "
        + profile.refused().reason()
        + " See "
        + String.join(" and ", profile.refused().documentation())
        + ". Remove the source, or set KeyPolicyMode: Skip to take responsibility for its key"
        + " policy yourself.";
  }

  /** The AWS pages behind scoping every key statement to its topic by encryption context. */
  public List<String> encryptionContextDocumentation() {
    return encryptionContextDocumentation;
  }

  /** What about the topic's encryption context no AWS page confirms, or null. */
  public String encryptionContextUnverified() {
    return encryptionContextUnverified;
  }

  /** How many catalogued entries have each status. */
  public Map<EventSourceProfile.Status, Long> countsByStatus() {
    final Map<EventSourceProfile.Status, Long> counts =
        new EnumMap<>(EventSourceProfile.Status.class);
    for (final EventSourceProfile.Status status : EventSourceProfile.Status.values()) {
      counts.put(status, sources.stream().filter(p -> p.status() == status).count());
    }
    return counts;
  }

  /** The role-based sources, in file order. */
  public List<EventSourceProfile> roleBased() {
    final List<EventSourceProfile> roles = new ArrayList<>();
    for (final EventSourceProfile profile : sources) {
      if (profile.isRoleBased()) {
        roles.add(profile);
      }
    }
    return List.copyOf(roles);
  }

  /**
   * The profile that decides this source's statements: the catalogued one, else the conservative
   * default for an unknown service principal (source-account condition, topic-policy grant), or the
   * default for a role.
   */
  public EventSourceProfile profileOf(final EventSource source) {
    if (source.isRole()) {
      return byRoleArn(source.roleArn()).orElse(defaultRole);
    }
    return byPrincipal(source.servicePrincipal()).orElse(defaultService);
  }

  public EventSourceProfile defaultServiceProfile() {
    return defaultService;
  }

  public EventSourceProfile defaultRoleProfile() {
    return defaultRole;
  }
}
