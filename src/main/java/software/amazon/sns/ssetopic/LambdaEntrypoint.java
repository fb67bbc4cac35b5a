package software.amazon.sns.ssetopic;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.json.JSONObject;
import org.json.JSONTokener;
import software.amazon.cloudformation.Action;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.ProgressEvent;

/**
 * The Lambda entry point: the generated wrapper, after recording the invocation's deadline from the
 * Lambda context, which the wrapper itself does not pass on to handlers ({@link InvocationBudget}),
 * and with the request body read by {@link HandlerRequestBody} first. The wrapper answers a body
 * its parsers reject with their error message, which quotes the body and with it the caller's
 * credentials, and logs the same text; a body that would fail there gets a fixed message here
 * instead, and the wrapper never sees it.
 *
 * <p>A registry type's invocations are mostly cold starts, so the entry point also starts the
 * {@link ClassPreloader} (when its class is initialized, and for the request's action once the
 * request is parsed) and skips one wrapper step that cannot change anything here.
 */
public class LambdaEntrypoint extends HandlerWrapper {

  static {
    ClassPreloader.start(ClassPreloader.EVERY_ACTION);
  }

  /** Where a type mismatch is the template's, which the wrapper reports by the schema. */
  private static final Set<String> MODEL_FIELDS =
      Set.of("resourceProperties", "previousResourceProperties");

  @Override
  public void handleRequest(
      final InputStream input, final OutputStream output, final Context context)
      throws IOException {
    InvocationBudget.recordLambdaDeadline(context.getRemainingTimeInMillis());
    try {
      super.handleRequest(input, output, context);
    } finally {
      InvocationBudget.clearLambdaDeadline();
    }
  }

  /**
   * The wrapper takes the schema's write-only properties out of every model it returns, loading and
   * checking the whole schema to find them: a fifth of a cold READ. This schema declares none, so
   * the model goes back as it is; should it ever declare some, the wrapper's own step runs.
   */
  @Override
  protected ResourceModel sanitizeModel(final ResourceModel model) throws IOException {
    return declaresWriteOnlyProperties() ? super.sanitizeModel(model) : model;
  }

  boolean declaresWriteOnlyProperties() {
    return provideResourceSchemaJSONObject().has("writeOnlyProperties");
  }

  /** Called by the wrapper's handleRequest; the body is checked before the wrapper parses it. */
  @Override
  public void processRequest(final InputStream input, final OutputStream output)
      throws IOException {
    if (input == null) {
      super.processRequest(null, output);
      return;
    }
    final byte[] body = HandlerRequestBody.read(input);
    final ParsedBody parsed =
        HandlerRequestBody.rawProblem(body).map(ParsedBody::refused).orElseGet(() -> parse(body));
    if (parsed.problem().isPresent()) {
      if (platformLoggerProxy != null) {
        platformLoggerProxy.log(
            "Refused a handler request of " + body.length + " bytes: " + parsed.problem().get());
      }
      writeResponse(
          output,
          ProgressEvent.failed(
              null, null, HandlerErrorCode.InvalidRequest, parsed.problem().get()));
      return;
    }
    // The action is known from here on: load ahead what it is going to load.
    parsed.action().ifPresent(action -> ClassPreloader.start(action.name()));
    super.processRequest(new ByteArrayInputStream(body), output);
  }

  /**
   * What the wrapper's own parsing steps make of a body: the problem they would report by quoting
   * it, or the request's action (empty when the request names none, which the wrapper reports).
   */
  private record ParsedBody(Optional<String> problem, Optional<Action> action) {
    static ParsedBody refused(final String problem) {
      return new ParsedBody(Optional.of(problem), Optional.empty());
    }

    static ParsedBody accepted(final Action action) {
      return new ParsedBody(Optional.empty(), Optional.ofNullable(action));
    }
  }

  /**
   * Runs the wrapper's own parsing steps (decompression, org.json, Jackson into the request type)
   * so that whatever would fail there fails here, where no message quotes the body. A type mismatch
   * inside the resource properties is left to the wrapper, which reports it through the schema
   * without quoting the body.
   */
  private ParsedBody parse(final byte[] body) {
    final String text;
    try {
      text = serializer.decompress(HandlerRequestBody.text(body).orElseThrow());
    } catch (IOException | RuntimeException e) {
      return ParsedBody.refused(HandlerRequestBody.NOT_JSON);
    }
    final Optional<String> problem = HandlerRequestBody.problem(text);
    if (problem.isPresent()) {
      return ParsedBody.refused(problem.get());
    }
    try {
      new JSONObject(new JSONTokener(text));
    } catch (RuntimeException e) {
      return ParsedBody.refused(HandlerRequestBody.NOT_JSON);
    }
    try {
      return ParsedBody.accepted(serializer.deserialize(text, typeReference).getAction());
    } catch (MismatchedInputException e) {
      return inResourceProperties(e.getPath())
          ? ParsedBody.accepted(null)
          : ParsedBody.refused(HandlerRequestBody.NOT_A_REQUEST);
    } catch (IOException | RuntimeException e) {
      return ParsedBody.refused(HandlerRequestBody.NOT_A_REQUEST);
    }
  }

  private static boolean inResourceProperties(final List<JsonMappingException.Reference> path) {
    return path.size() >= 2
        && "requestData".equals(path.get(0).getFieldName())
        && MODEL_FIELDS.contains(path.get(1).getFieldName());
  }
}
