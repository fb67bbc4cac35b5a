package software.amazon.sns.ssetopic.aws;

/**
 * The environment names an endpoint requests must not go to. Plain Java, not a CloudFormation
 * handler exception, so the ssetopic CLI (whose jar has no RPDK classes) shares the guard; the
 * handler still answers InternalFailure with this message, as for any unexpected exception.
 */
public class EndpointRefusedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public EndpointRefusedException(final String message) {
    super(message);
  }
}
