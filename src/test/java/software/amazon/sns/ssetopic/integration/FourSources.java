package software.amazon.sns.ssetopic.integration;

import java.util.List;
import java.util.Map;
import software.amazon.sns.ssetopic.policy.EventSource;

/**
 * Four event sources of every kind the type handles: two plain service principals, one scoped to
 * its resource, and a role. As a template writes them and as the policy engine takes them.
 */
final class FourSources {

  static final String BUCKET = "arn:aws:s3:::orders-uploads";
  static final String AUTOSCALING_ROLE =
      "arn:aws:iam::"
          + LocalHandler.ACCOUNT
          + ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";

  private FourSources() {}

  /** The EventSources property of a template. */
  static List<Map<String, Object>> asProperty() {
    return List.of(
        Map.of("ServicePrincipal", "cloudwatch.amazonaws.com"),
        Map.of("ServicePrincipal", "events.amazonaws.com"),
        Map.of("ServicePrincipal", "s3.amazonaws.com", "SourceArn", BUCKET),
        Map.of("RoleArn", AUTOSCALING_ROLE));
  }

  /** The same sources for the policy engine. */
  static List<EventSource> forTheEngine() {
    return List.of(
        EventSource.service("cloudwatch.amazonaws.com"),
        EventSource.service("events.amazonaws.com"),
        EventSource.service("s3.amazonaws.com").withSourceArn(BUCKET),
        EventSource.role(AUTOSCALING_ROLE));
  }
}
