package software.amazon.sns.ssetopic.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

  private static final Set<String> SCOPE_KEYS =
      Set.of(EventSourceProfile.TOPIC_ENCRYPTION_CONTEXT_KEY, EventSourceProfile.VIA_SERVICE_KEY);
  private static final Pattern ID_PATTERN = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");

  /** The file's layout. */
  record CatalogFile(String description, Defaults defaults, List<EventSourceProfile> sources) {}

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

  private EventSourceCatalog(final CatalogFile file) {
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

  /** The catalogued service with this principal (case-insensitive), if any. */
  public Optional<EventSourceProfile> byPrincipal(final String servicePrincipal) {
    return servicePrincipal == null
        ? Optional.empty()
        : Optional.ofNullable(byPrincipal.get(servicePrincipal.toLowerCase(Locale.ROOT)));
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

  /** The role-based sources (the seven AWS lists), in file order. */
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
