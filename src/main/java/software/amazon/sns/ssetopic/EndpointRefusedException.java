package software.amazon.sns.ssetopic;

import software.amazon.cloudformation.exceptions.BaseHandlerException;
import software.amazon.cloudformation.proxy.HandlerErrorCode;

/** The handler's environment names an endpoint it must not send requests to. */
public class EndpointRefusedException extends BaseHandlerException {
  private static final long serialVersionUID = 1L;

  public EndpointRefusedException(final String message) {
    super(message, HandlerErrorCode.InternalFailure);
  }
}
