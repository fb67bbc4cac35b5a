package software.amazon.sns.ssetopic;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The Lambda entry point: the generated wrapper, after recording the invocation's deadline from the
 * Lambda context, which the wrapper itself does not pass on to handlers ({@link InvocationBudget}).
 */
public class LambdaEntrypoint extends HandlerWrapper {

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
}
