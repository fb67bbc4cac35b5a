package software.amazon.sns.ssetopic.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.sns.ssetopic.aws.SdkClientSettings;
import software.amazon.sns.ssetopic.cli.Diagnosis.Status;
import software.amazon.sns.ssetopic.policy.EventSource;
import software.amazon.sns.ssetopic.policy.TopicArn;
import software.amazon.sns.ssetopic.template.Finding;
import software.amazon.sns.ssetopic.template.Rule;
import software.amazon.sns.ssetopic.template.Severity;
import software.amazon.sns.ssetopic.template.TemplateCheck.TopicWiring;

/**
 * {@code check --live}: each key from outside the template (a finding SSE004) read from AWS with
 * diagnose's own checks ({@link Diagnosis#key}). A key that passes for every publisher drops its
 * finding; a failing check becomes an SSE010 error with diagnose's reason and fix; what diagnose
 * cannot verify stays SSE004 with its reason.
 */
final class LiveKeys {

  private LiveKeys() {}

  static List<Finding> check(
      final List<Finding> findings, final List<TopicWiring> wirings, final Diagnosis diagnosis) {
    final List<Finding> result = new ArrayList<>();
    for (final Finding finding : findings) {
      if (finding.rule() != Rule.KEY_OUTSIDE_TEMPLATE) {
        result.add(finding);
        continue;
      }
      final TopicWiring wiring =
          wirings.stream()
              .filter(topic -> topic.logicalId().equals(finding.resource()))
              .findFirst()
              .orElse(null);
      if (wiring == null || wiring.keyText() == null) {
        result.add(finding);
        continue;
      }
      final Set<EventSource> sources = new LinkedHashSet<>();
      wiring.publishers().stream()
          .filter(publisher -> publisher.principal() != null)
          .forEach(publisher -> sources.add(publisher.eventSource()));
      final Diagnosis.Report report =
          diagnosis.key(TopicArn.of(wiring.topicArn()), wiring.keyText(), List.copyOf(sources));
      for (final Diagnosis.Finding live : report.findings()) {
        if (live.status() == Status.PASS) {
          continue;
        }
        final boolean failed = live.status() == Status.FAIL;
        result.add(
            new Finding(
                failed ? Rule.LIVE_KEY : Rule.KEY_OUTSIDE_TEMPLATE,
                failed ? Severity.ERROR : Severity.INFO,
                finding.file(),
                finding.resource(),
                finding.path(),
                finding.line(),
                finding.column(),
                "checked live, key "
                    + wiring.keyText()
                    + " of topic "
                    + wiring.logicalId()
                    + ", "
                    + (live.check().equals(live.subject())
                        ? live.check()
                        : live.check() + " for " + live.subject())
                    + ": "
                    + live.detail(),
                live.fix()));
      }
    }
    return List.copyOf(result);
  }

  /** Every key of these wirings lives in one region: the one the stack deploys to. */
  static AwsClients clients(final String region, final Map<String, String> env) {
    return AwsClients.create(region, env, SdkClientSettings.systemProperties());
  }
}
