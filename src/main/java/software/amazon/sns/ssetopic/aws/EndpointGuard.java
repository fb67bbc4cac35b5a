package software.amazon.sns.ssetopic.aws;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.services.kms.endpoints.KmsEndpointProvider;
import software.amazon.awssdk.services.sns.endpoints.SnsEndpointProvider;

/**
 * Decides whether an endpoint may be used. HTTPS goes anywhere; plain HTTP only to loopback, so
 * that credentials and message keys never cross a network unencrypted while a local emulator still
 * works.
 *
 * <p>The rule is applied twice: to the overrides the environment names ({@link #overrideFor}, so
 * that a refused one fails when the client is built), and to every endpoint an SDK client resolves
 * before each request ({@link #snsEndpoints}, {@link #kmsEndpoints}, {@link #checked}), whatever
 * configured it: the SDK also reads {@code endpoint_url} from the shared config file
 * (AWS_CONFIG_FILE, its {@code services} sections) and service-specific variables and properties
 * (https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/endpoint-config.html).
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

  /** The SDK's endpoint rules for SNS, with every resolved endpoint checked before use. */
  public static SnsEndpointProvider snsEndpoints() {
    final SnsEndpointProvider rules = SnsEndpointProvider.defaultProvider();
    return params -> checked(rules.resolveEndpoint(params));
  }

  /** The SDK's endpoint rules for KMS, with every resolved endpoint checked before use. */
  public static KmsEndpointProvider kmsEndpoints() {
    final KmsEndpointProvider rules = KmsEndpointProvider.defaultProvider();
    return params -> checked(rules.resolveEndpoint(params));
  }

  /**
   * An endpoint some service's rules resolved, checked before use: what a guarded endpoint provider
   * returns (the handler's SQS client, a service the CLI does not call, wraps its rules so).
   */
  public static CompletableFuture<Endpoint> checked(final CompletableFuture<Endpoint> resolved) {
    return resolved.thenApply(EndpointGuard::checked);
  }

  /** The refusal behind a failed call, if the guard refused its endpoint. */
  public static Optional<EndpointRefusedException> refusalIn(final Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof EndpointRefusedException refused) {
        return Optional.of(refused);
      }
    }
    return Optional.empty();
  }

  private static Endpoint checked(final Endpoint endpoint) {
    check(endpoint.url().toString());
    return endpoint;
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
              + " accepted only for 127.0.0.0/8, ::1 and localhost). Overrides come from"
              + " AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, the aws.endpointUrl* system"
              + " properties and endpoint_url in the shared config file (AWS_CONFIG_FILE).");
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
