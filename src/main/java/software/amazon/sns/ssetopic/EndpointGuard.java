package software.amazon.sns.ssetopic;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides whether an endpoint override (AWS_ENDPOINT_URL and friends) may be used. HTTPS goes
 * anywhere; plain HTTP only to loopback, so that credentials and message keys never cross a network
 * unencrypted while a local emulator still works.
 */
public final class EndpointGuard {

  private static final Pattern IPV4_LOOPBACK = Pattern.compile("^127(\\.\\d{1,3}){3}$");

  private EndpointGuard() {}

  /**
   * The override configured for a service, if any: the service-specific variable or system property
   * wins over the general one, as in the SDK.
   *
   * @param serviceId the SDK's service ID in upper case, for example {@code SNS}
   * @throws EndpointRefusedException when the override is malformed or plain HTTP to a remote host
   */
  public static Optional<URI> overrideFor(
      final String serviceId, final Map<String, String> env, final Map<String, String> props) {
    final String service = serviceId.toUpperCase(Locale.ROOT);
    final String camel = service.charAt(0) + service.substring(1).toLowerCase(Locale.ROOT);
    return firstPresent(
            props.get("aws.endpointUrl" + camel),
            env.get("AWS_ENDPOINT_URL_" + service),
            props.get("aws.endpointUrl"),
            env.get("AWS_ENDPOINT_URL"))
        .map(EndpointGuard::check);
  }

  static URI check(final String endpoint) {
    final URI uri;
    try {
      uri = new URI(endpoint.trim());
    } catch (URISyntaxException e) {
      throw new EndpointRefusedException(
          "Endpoint override '" + endpoint + "' is not a URL: " + e.getReason());
    }
    final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new EndpointRefusedException(
          "Endpoint override '" + endpoint + "' must be an https:// URL with a host.");
    }
    if (scheme.equals("http") && !isLoopback(uri.getHost())) {
      throw new EndpointRefusedException(
          "Endpoint override '"
              + endpoint
              + "' uses plain HTTP to a host that is not loopback; use https:// (plain HTTP is"
              + " accepted only for 127.0.0.0/8, ::1 and localhost).");
    }
    return uri;
  }

  static boolean isLoopback(final String host) {
    final String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost")
        || h.equals("[::1]")
        || h.equals("::1")
        || IPV4_LOOPBACK.matcher(h).matches();
  }

  private static Optional<String> firstPresent(final String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }
}
