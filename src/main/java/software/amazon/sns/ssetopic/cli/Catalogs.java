package software.amazon.sns.ssetopic.cli;

import java.util.Optional;
import software.amazon.sns.ssetopic.policy.EventSourceCatalog;
import software.amazon.sns.ssetopic.policy.EventSourceProfile;

/** Finding a source in the catalog by the names people use for it. */
final class Catalogs {

  private Catalogs() {}

  /**
   * The catalogued source with this id (cloudwatch-alarms) or service principal
   * (cloudwatch.amazonaws.com).
   *
   * @throws IllegalArgumentException naming the value and where the names are listed
   */
  static EventSourceProfile find(final EventSourceCatalog catalog, final String name) {
    final String wanted = name.strip();
    final Optional<EventSourceProfile> profile =
        catalog.byId(wanted).or(() -> catalog.byPrincipal(wanted));
    return profile.orElseThrow(
        () ->
            new IllegalArgumentException(
                "'"
                    + name
                    + "' is not a source in the catalog: name one by id or principal, for"
                    + " example cloudwatch-alarms or events.amazonaws.com ('ssetopic sources'"
                    + " lists them)"));
  }
}
