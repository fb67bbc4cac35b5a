package software.amazon.sns.ssetopic;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.cloudformation.exceptions.BaseHandlerException;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.sns.ssetopic.aws.AwsErrorCodes;
import software.amazon.sns.ssetopic.aws.AwsFailures;
import software.amazon.sns.ssetopic.aws.EndpointGuard;
import software.amazon.sns.ssetopic.aws.EndpointRefusedException;
import software.amazon.sns.ssetopic.policy.InvalidPolicyDocumentException;

/**
 * The one place where AWS errors become CloudFormation error codes and messages. The table itself
 * is data ({@code aws-errors.json}); codes it does not list fall back on the HTTP status.
 */
public final class ErrorTranslator {

  /** One row of the table: an AWS error code, the CloudFormation code and what the user can do. */
  public record Entry(
      String service, String code, HandlerErrorCode handlerErrorCode, String advice) {}

  /** What a failure becomes: the code CloudFormation acts on and the message a person reads. */
  public record Translation(HandlerErrorCode errorCode, String message) {}

  private record Table(List<Entry> errors) {}

  private static final ErrorTranslator INSTANCE = load();

  private final List<Entry> entries;
  private final Map<String, Entry> byCode;

  private ErrorTranslator(final List<Entry> entries) {
    this.entries = List.copyOf(entries);
    this.byCode = entries.stream().collect(Collectors.toMap(Entry::code, Function.identity()));
  }

  public static ErrorTranslator instance() {
    return INSTANCE;
  }

  public List<Entry> entries() {
    return entries;
  }

  public Translation translate(final Exception exception) {
    if (exception instanceof BaseHandlerException handlerException) {
      return new Translation(handlerException.getErrorCode(), handlerException.getMessage());
    }
    if (exception instanceof KeyPolicyConflictException) {
      return new Translation(HandlerErrorCode.ResourceConflict, exception.getMessage());
    }
    if (exception instanceof InvalidPolicyDocumentException) {
      return new Translation(HandlerErrorCode.InvalidRequest, exception.getMessage());
    }
    if (exception instanceof AwsServiceException serviceException) {
      return translateService(serviceException);
    }
    final EndpointRefusedException refused = EndpointGuard.refusalIn(exception).orElse(null);
    if (refused != null) {
      return new Translation(HandlerErrorCode.InternalFailure, refused.getMessage());
    }
    if (exception instanceof SdkClientException && AwsFailures.isNetwork(exception)) {
      return new Translation(
          HandlerErrorCode.NetworkFailure,
          "Could not reach AWS: " + exception.getMessage() + " Retry the operation.");
    }
    if (exception instanceof SdkClientException) {
      // AWS answered, but not with anything the SDK could read: not a network problem.
      return new Translation(
          HandlerErrorCode.ServiceInternalError,
          "AWS answered with a response that could not be read ("
              + exception.getMessage()
              + "). Retry the operation.");
    }
    return new Translation(
        HandlerErrorCode.InternalFailure, String.valueOf(exception.getMessage()));
  }

  private Translation translateService(final AwsServiceException exception) {
    final String code = AwsErrorCodes.of(exception);
    final String awsMessage =
        exception.awsErrorDetails() == null
            ? exception.getMessage()
            : exception.awsErrorDetails().errorMessage();
    final Entry entry = code == null ? null : byCode.get(code);
    if (entry != null) {
      return new Translation(
          entry.handlerErrorCode(),
          String.format(
              "%s %s: %s %s", entry.service(), code, sentence(awsMessage), entry.advice()));
    }
    return new Translation(fallback(exception), String.format("%s: %s", code, awsMessage));
  }

  /** AWS messages often lack a full stop; the advice that follows starts a new sentence. */
  private static String sentence(final String message) {
    final String text = message == null ? "" : message.strip();
    return text.isEmpty() || text.endsWith(".") ? text : text + ".";
  }

  private static HandlerErrorCode fallback(final AwsServiceException exception) {
    if (exception.isThrottlingException()) {
      return HandlerErrorCode.Throttling;
    }
    final int status = exception.statusCode();
    if (status >= 500) {
      return HandlerErrorCode.ServiceInternalError;
    }
    if (status == 401 || status == 403) {
      return HandlerErrorCode.AccessDenied;
    }
    return HandlerErrorCode.GeneralServiceException;
  }

  private static ErrorTranslator load() {
    final ObjectMapper mapper =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    try (InputStream in = ErrorTranslator.class.getResourceAsStream("aws-errors.json")) {
      return new ErrorTranslator(mapper.readValue(in, Table.class).errors());
    } catch (IOException e) {
      throw new UncheckedIOException("aws-errors.json is missing or malformed", e);
    }
  }
}
