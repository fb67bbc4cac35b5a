package software.amazon.sns.ssetopic;

import java.util.List;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.sns.ssetopic.EventSourceSettings.Mode;
import software.amazon.sns.ssetopic.policy.EventSource;

/**
 * What one KeyPolicyMode does with the key policy at each point of an action, so that handlers name
 * the points and never branch on the mode: Verify checks grants before anything changes and reports
 * them on Read; Manage writes this topic's statements once the topic exists and confirms them at
 * the end; Skip does nothing. Leaving a key (another key, or another mode) is the same in every
 * mode and lives in {@link KeyPolicySteps#withdraw}.
 */
abstract class KeyPolicyPlan {

  protected final KeyPolicySteps steps;

  private KeyPolicyPlan(final KeyPolicySteps steps) {
    this.steps = steps;
  }

  static KeyPolicyPlan of(final Mode mode, final KeyPolicySteps steps) {
    return switch (mode) {
      case VERIFY -> new Verify(steps);
      case MANAGE -> new Manage(steps);
      case SKIP -> new Skip(steps);
    };
  }

  abstract Mode mode();

  /** Before anything is created or changed. */
  ProgressEvent<ResourceModel, CallbackContext> check(
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final List<EventSource> sources) {
    return progress;
  }

  /** Once the topic exists, with the model's KmsKeyArn resolved. */
  ProgressEvent<ResourceModel, CallbackContext> apply(
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final List<EventSource> sources) {
    return progress;
  }

  /** The action's last step. */
  ProgressEvent<ResourceModel, CallbackContext> confirm(
      final ProgressEvent<ResourceModel, CallbackContext> progress,
      final List<EventSource> sources) {
    return progress;
  }

  /** Read: the declared sources narrowed to those the key policy grants now. */
  ProgressEvent<ResourceModel, CallbackContext> report(
      final ProgressEvent<ResourceModel, CallbackContext> progress) {
    return progress;
  }

  private static final class Verify extends KeyPolicyPlan {
    Verify(final KeyPolicySteps steps) {
      super(steps);
    }

    @Override
    Mode mode() {
      return Mode.VERIFY;
    }

    @Override
    ProgressEvent<ResourceModel, CallbackContext> check(
        final ProgressEvent<ResourceModel, CallbackContext> progress,
        final List<EventSource> sources) {
      return steps.verify(progress, sources);
    }

    @Override
    ProgressEvent<ResourceModel, CallbackContext> report(
        final ProgressEvent<ResourceModel, CallbackContext> progress) {
      return steps.reportGrantedSources(progress, Mode.VERIFY);
    }
  }

  private static final class Manage extends KeyPolicyPlan {
    Manage(final KeyPolicySteps steps) {
      super(steps);
    }

    @Override
    Mode mode() {
      return Mode.MANAGE;
    }

    @Override
    ProgressEvent<ResourceModel, CallbackContext> check(
        final ProgressEvent<ResourceModel, CallbackContext> progress,
        final List<EventSource> sources) {
      return steps.checkWritable(progress).then(p -> steps.requireOptIn(p, sources));
    }

    @Override
    ProgressEvent<ResourceModel, CallbackContext> apply(
        final ProgressEvent<ResourceModel, CallbackContext> progress,
        final List<EventSource> sources) {
      return steps.write(progress, progress.getResourceModel().getKmsKeyArn(), sources, "Write");
    }

    @Override
    ProgressEvent<ResourceModel, CallbackContext> confirm(
        final ProgressEvent<ResourceModel, CallbackContext> progress,
        final List<EventSource> sources) {
      return steps.confirm(progress, progress.getResourceModel().getKmsKeyArn(), sources);
    }

    @Override
    ProgressEvent<ResourceModel, CallbackContext> report(
        final ProgressEvent<ResourceModel, CallbackContext> progress) {
      return steps.reportGrantedSources(progress, Mode.MANAGE);
    }
  }

  private static final class Skip extends KeyPolicyPlan {
    Skip(final KeyPolicySteps steps) {
      super(steps);
    }

    @Override
    Mode mode() {
      return Mode.SKIP;
    }
  }
}
