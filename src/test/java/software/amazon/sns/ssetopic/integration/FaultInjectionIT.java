package software.amazon.sns.ssetopic.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.sns.ssetopic.aws.KmsKeys;
import software.amazon.sns.ssetopic.fixtures.KeyPolicies;
import software.amazon.sns.ssetopic.local.FaultProxy;
import software.amazon.sns.ssetopic.local.FaultProxy.Fault;
import software.amazon.sns.ssetopic.local.FaultProxy.Kind;
import software.amazon.sns.ssetopic.policy.EventSource;
import software.amazon.sns.ssetopic.policy.KeyPolicyStatements;
import software.amazon.sns.ssetopic.policy.PolicyEditor;
import software.amazon.sns.ssetopic.policy.TopicArn;

/**
 * Every AWS call of every action and key-policy mode, failed every way an endpoint fails, through
 * the production entrypoint in this JVM and a {@link FaultProxy} in front of the local AWS.
 *
 * <p>For each scenario a clean run records the calls the action makes; then, for each recorded call
 * and each fault, a fresh scenario injects the fault on that call (four times, which outlasts the
 * SDK's own retries within one invocation; a lost answer also once, so that the SDK retries a call
 * that already took effect), runs the action and CloudFormation's re-invocations, and checks on the
 * local AWS directly: the error code is the fault's class or SUCCESS; a failed CREATE leaves no
 * topic (one that returned an identifier is first deleted by it, as a rollback does); no key-policy
 * statement of the topic is leaked or lost; a failed UPDATE leaves the old or the new statements,
 * not a mix; a failed DELETE leaves the topic with its statements or neither, and its retry
 * converges; no invocation runs past the 60 s Lambda budget. The outcomes go to stdout and {@code
 * target/fault-injection.md}.
 */
class FaultInjectionIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCOUNT = LocalHandler.ACCOUNT;

  /** Outlasts the SDK's retries within one invocation (legacy mode: 1 attempt + 3 retries). */
  private static final int BEAT_RETRIES = 4;

  private static final List<String> TWO_SOURCES =
      List.of("cloudwatch.amazonaws.com", "events.amazonaws.com");
  private static final List<String> UPDATED_SOURCES =
      List.of("events.amazonaws.com", "budgets.amazonaws.com");

  private static final SnsClient SNS = LocalAws.sns();
  private static final KmsClient KMS = LocalAws.kms(LocalHandler.REGION);
  private static FaultProxy proxy;
  private static InProcessHandler handler;
  private static final List<String> TABLE = Collections.synchronizedList(new ArrayList<>());
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final String RUN = Long.toString(System.currentTimeMillis() % 100_000, 36);

  @BeforeAll
  static void start() throws IOException {
    // A hang is held a little longer than the Lambda budget: only the handler's own timeouts end
    // it in time, and a handler without them shows up as an invocation over 60 s.
    proxy = new FaultProxy(LocalAws.ENDPOINT, Duration.ofSeconds(65));
    handler = new InProcessHandler(proxy.endpoint());
  }

  @AfterAll
  static void report() throws IOException {
    final List<String> lines = new ArrayList<>();
    lines.add(
        "| scenario | # | call | fault | times | outcome | invocations | longest | verdict |");
    lines.add("|---|---|---|---|---|---|---|---|---|");
    lines.addAll(TABLE);
    final String table = String.join("\n", lines) + "\n";
    System.out.println(table);
    final Path target = Path.of("target");
    Files.createDirectories(target);
    Files.writeString(target.resolve("fault-injection.md"), table, StandardCharsets.UTF_8);
    handler.close();
    proxy.close();
    SNS.close();
    KMS.close();
  }

  // ----- the scene ---------------------------------------------------------------------------

  /** One scenario's world: its key, its topic's name and the models of its lifecycle. */
  private record Scene(
      String mode,
      String key,
      String name,
      Map<String, Object> desired,
      Map<String, Object> created) {
    String predictedArn() {
      return "arn:aws:sns:" + LocalHandler.REGION + ":" + ACCOUNT + ":" + name;
    }
  }

  /** An action in one mode: how to set its scene, run it, and judge what AWS holds afterwards. */
  private record Scenario(
      String label,
      String mode,
      boolean existingTopic,
      Function<Scene, InProcessHandler.Outcome> act,
      Judge judge) {}

  @FunctionalInterface
  private interface Judge {
    /** What is wrong with AWS's state after the action (empty: nothing). */
    List<String> judge(Scene scene, InProcessHandler.Outcome outcome);
  }

  private static Map<String, Object> properties(
      final String name, final String key, final String mode, final List<String> sources) {
    final Map<String, Object> properties = new HashMap<>();
    properties.put("TopicName", name);
    properties.put("KmsMasterKeyId", key);
    properties.put("KeyPolicyMode", mode);
    properties.put("DisplayName", "Before");
    properties.put(
        "EventSources", sources.stream().map(s -> Map.of("ServicePrincipal", s)).toList());
    return properties;
  }

  private static String key(final String mode) {
    final String key =
        mode.equals("Manage") ? LocalAws.manageableKey(KMS) : LocalAws.symmetricKey(KMS);
    if (mode.equals("Verify")) {
      KMS.putKeyPolicy(
          r -> r.keyId(key).policyName(KmsKeys.DEFAULT_POLICY_NAME).policy(granting(TWO_SOURCES)));
    }
    return key;
  }

  /** A key policy a person wrote that grants the sources (Verify mode accepts it). */
  private static String granting(final List<String> services) {
    return KeyPolicies.rootOnlyGranting(services);
  }

  private static Scene scene(final Scenario scenario) {
    final String name = "fault-" + RUN + "-" + COUNTER.incrementAndGet();
    final String key = key(scenario.mode());
    final Map<String, Object> desired = properties(name, key, scenario.mode(), TWO_SOURCES);
    Map<String, Object> created = null;
    if (scenario.existingTopic()) {
      final InProcessHandler.Outcome setup = handler.invoke("CREATE", desired, null);
      assertThat(setup.result())
          .as("setting the scene: " + setup.last().message())
          .isEqualTo("SUCCESS");
      created = JSON.convertValue(setup.last().model(), new TypeReference<>() {});
    }
    return new Scene(scenario.mode(), key, name, desired, created);
  }

  private static void cleanUp(final Scene scene) {
    SNS.deleteTopic(r -> r.topicArn(scene.predictedArn()));
  }

  // ----- what AWS holds ----------------------------------------------------------------------

  private static Set<String> ownedSids(final Scene scene) {
    final String policy =
        KMS.getKeyPolicy(r -> r.keyId(scene.key()).policyName(KmsKeys.DEFAULT_POLICY_NAME))
            .policy();
    return new HashSet<>(PolicyEditor.topicStatementIds(policy, TopicArn.of(scene.predictedArn())));
  }

  /** The Sids Manage mode writes for these sources; none in the other modes. */
  private static Set<String> expectedSids(final Scene scene, final List<String> sources) {
    if (!scene.mode().equals("Manage")) {
      return Set.of();
    }
    final Set<String> sids = new HashSet<>();
    KeyPolicyStatements.standard()
        .forSources(
            TopicArn.of(scene.predictedArn()), sources.stream().map(EventSource::service).toList())
        .forEach(s -> sids.add(s.sid()));
    return sids;
  }

  private static String displayName(final Scene scene) {
    return SNS.getTopicAttributes(r -> r.topicArn(scene.predictedArn()))
        .attributes()
        .get("DisplayName");
  }

  // ----- judges ------------------------------------------------------------------------------

  private static List<String> judgeCreate(final Scene scene, final InProcessHandler.Outcome out) {
    final List<String> wrong = new ArrayList<>();
    final String returned = out.last().model("TopicArn");
    if (out.result().equals("SUCCESS")) {
      if (!scene.predictedArn().equals(returned)) {
        wrong.add("SUCCESS returned TopicArn " + returned);
      }
      if (!LocalAws.topicExists(SNS, scene.predictedArn())) {
        wrong.add("SUCCESS but no topic");
      } else if (!ownedSids(scene).equals(expectedSids(scene, TWO_SOURCES))) {
        wrong.add("SUCCESS with key statements " + ownedSids(scene));
      }
      return wrong;
    }
    if (returned != null) {
      // CloudFormation deletes what a failed create named; after that delete nothing may remain.
      final Map<String, Object> model =
          JSON.convertValue(out.last().model(), new TypeReference<>() {});
      final InProcessHandler.Outcome rollback = handler.invoke("DELETE", model, null);
      if (!Set.of("SUCCESS", "NotFound").contains(rollback.result())) {
        wrong.add("rollback DELETE of the returned identifier: " + rollback.result());
      }
    }
    if (LocalAws.topicExists(SNS, scene.predictedArn())) {
      wrong.add("leaked topic");
    }
    if (!ownedSids(scene).isEmpty()) {
      wrong.add("leaked key statements " + ownedSids(scene).size());
    }
    return wrong;
  }

  private static List<String> judgeRead(final Scene scene, final InProcessHandler.Outcome out) {
    final List<String> wrong = new ArrayList<>();
    if (out.result().equals("SUCCESS")
        && !scene.predictedArn().equals(out.last().model("TopicArn"))) {
      wrong.add("READ returned TopicArn " + out.last().model("TopicArn"));
    }
    if (!LocalAws.topicExists(SNS, scene.predictedArn())) {
      wrong.add("READ lost the topic");
    } else if (!ownedSids(scene).equals(expectedSids(scene, TWO_SOURCES))) {
      wrong.add("READ changed key statements");
    }
    return wrong;
  }

  private static List<String> judgeUpdate(final Scene scene, final InProcessHandler.Outcome out) {
    final List<String> wrong = new ArrayList<>();
    if (!LocalAws.topicExists(SNS, scene.predictedArn())) {
      return List.of("UPDATE lost the topic");
    }
    final Set<String> sids = ownedSids(scene);
    final Set<String> before = expectedSids(scene, TWO_SOURCES);
    final Set<String> after = expectedSids(scene, UPDATED_SOURCES);
    if (out.result().equals("SUCCESS")) {
      if (!"After".equals(displayName(scene))) {
        wrong.add("SUCCESS with DisplayName " + displayName(scene));
      }
      if (!sids.equals(after)) {
        wrong.add("SUCCESS with " + describe(sids, before, after));
      }
    } else if (!sids.equals(before) && !sids.equals(after)) {
      wrong.add("partial update: " + describe(sids, before, after));
    }
    return wrong;
  }

  private static String describe(
      final Set<String> sids, final Set<String> before, final Set<String> after) {
    final Set<String> missing = new HashSet<>(after);
    missing.removeAll(sids);
    final Set<String> stale = new HashSet<>(sids);
    stale.removeAll(after);
    return "key statements: " + missing.size() + " of the new missing, " + stale.size() + " stale";
  }

  private static List<String> judgeDelete(final Scene scene, final InProcessHandler.Outcome out) {
    final List<String> wrong = new ArrayList<>();
    final boolean exists = LocalAws.topicExists(SNS, scene.predictedArn());
    final Set<String> sids = ownedSids(scene);
    if (out.result().equals("SUCCESS")) {
      if (exists) {
        wrong.add("SUCCESS but the topic is still there");
      }
      if (!sids.isEmpty()) {
        wrong.add("SUCCESS leaked key statements " + sids.size());
      }
      return wrong;
    }
    final boolean intact = exists && sids.equals(expectedSids(scene, TWO_SOURCES));
    final boolean gone = !exists && sids.isEmpty();
    if (!intact && !gone) {
      wrong.add(
          "half-deleted: topic " + (exists ? "kept" : "gone") + ", key statements " + sids.size());
    }
    // A failed delete must not leave a live topic without its grants, nor grants without a topic
    // for longer than the retry that CloudFormation makes; the retry must converge.
    final InProcessHandler.Outcome retry = handler.invoke("DELETE", scene.created(), null);
    if (!Set.of("SUCCESS", "NotFound").contains(retry.result())) {
      wrong.add("retried DELETE: " + retry.result());
    }
    if (LocalAws.topicExists(SNS, scene.predictedArn()) || !ownedSids(scene).isEmpty()) {
      wrong.add("retried DELETE left topic or key statements " + ownedSids(scene).size());
    }
    return wrong;
  }

  // ----- scenarios ---------------------------------------------------------------------------

  private static Scenario create(final String mode) {
    return new Scenario(
        "CREATE " + mode,
        mode,
        false,
        s -> handler.invoke("CREATE", s.desired(), null),
        FaultInjectionIT::judgeCreate);
  }

  private static final List<Scenario> SCENARIOS =
      List.of(
          create("Verify"),
          create("Manage"),
          create("Skip"),
          new Scenario(
              "READ Manage",
              "Manage",
              true,
              s -> handler.invoke("READ", Map.of("TopicArn", s.predictedArn()), null),
              FaultInjectionIT::judgeRead),
          new Scenario(
              "UPDATE Manage",
              "Manage",
              true,
              s -> {
                final Map<String, Object> next = new HashMap<>(s.created());
                next.put("DisplayName", "After");
                next.put(
                    "EventSources",
                    UPDATED_SOURCES.stream().map(p -> Map.of("ServicePrincipal", p)).toList());
                return handler.invoke("UPDATE", next, s.created());
              },
              FaultInjectionIT::judgeUpdate),
          new Scenario(
              "DELETE Manage",
              "Manage",
              true,
              s -> handler.invoke("DELETE", s.created(), null),
              FaultInjectionIT::judgeDelete),
          new Scenario(
              "DELETE Verify",
              "Verify",
              true,
              s -> handler.invoke("DELETE", s.created(), null),
              FaultInjectionIT::judgeDelete));

  /** The faults every call gets: four times (past the SDK's retries); a lost answer also once. */
  private record Injection(Fault fault, int times) {}

  private static List<Injection> injectionsFor(final String call, final boolean firstCall) {
    final boolean kms = call.startsWith("kms:");
    final Fault serverError =
        kms ? Fault.awsError("KMSInternalException", 500) : Fault.awsError("InternalError", 500);
    final List<Injection> injections = new ArrayList<>();
    if (firstCall) {
      injections.add(new Injection(Fault.delay(200), 1));
    }
    injections.add(new Injection(serverError, BEAT_RETRIES));
    injections.add(new Injection(Fault.of(Kind.HTML_500), BEAT_RETRIES));
    injections.add(new Injection(Fault.of(Kind.RESET), BEAT_RETRIES));
    injections.add(new Injection(Fault.of(Kind.ANSWER_LOST), BEAT_RETRIES));
    injections.add(new Injection(Fault.of(Kind.ANSWER_LOST), 1));
    injections.add(new Injection(Fault.of(Kind.UNPARSEABLE), BEAT_RETRIES));
    return injections;
  }

  private static boolean readsOnly(final String call) {
    final String action = call.substring(call.indexOf(':') + 1);
    return action.startsWith("Get") || action.startsWith("List") || action.startsWith("Describe");
  }

  /**
   * The answers a fault may end in. SUCCESS is always welcome (the state checks still apply). A
   * fault the SDK retries past, a delay, and a lost answer to a call that changes something
   * (settled by reading AWS) must end in SUCCESS.
   */
  private static Set<String> allowed(final Injection injection, final String call) {
    if (injection.fault().kind() == Kind.DELAY || injection.times() == 1) {
      return Set.of("SUCCESS");
    }
    return switch (injection.fault().kind()) {
      case AWS_ERROR, HTML_500, UNPARSEABLE ->
          Set.of("SUCCESS", "ServiceInternalError", "GeneralServiceException");
      case RESET -> Set.of("SUCCESS", "NetworkFailure");
      case ANSWER_LOST -> readsOnly(call) ? Set.of("SUCCESS", "NetworkFailure") : Set.of("SUCCESS");
      default -> Set.of();
    };
  }

  @TestFactory
  Stream<DynamicTest> everyCallOfEveryActionUnderEveryFault() {
    final List<DynamicTest> tests = new ArrayList<>();
    for (Scenario scenario : SCENARIOS) {
      final List<String> calls = cleanRun(scenario);
      final Map<String, Integer> occurrences = new HashMap<>();
      for (int position = 0; position < calls.size(); position++) {
        final String call = calls.get(position);
        final int skip = occurrences.merge(call, 1, Integer::sum) - 1;
        final int number = position + 1;
        for (Injection injection : injectionsFor(call, position == 0)) {
          tests.add(
              DynamicTest.dynamicTest(
                  scenario.label()
                      + " #"
                      + number
                      + " "
                      + call
                      + " "
                      + injection.fault().label()
                      + " x"
                      + injection.times(),
                  () -> runOne(scenario, number, call, skip, injection)));
        }
      }
    }
    return tests.stream();
  }

  /** The calls the action makes when nothing fails; the action must succeed and judge clean. */
  private static List<String> cleanRun(final Scenario scenario) {
    final Scene scene = scene(scenario);
    try {
      proxy.reset();
      final InProcessHandler.Outcome outcome = scenario.act().apply(scene);
      final List<String> calls = proxy.actions();
      final List<String> wrong = scenario.judge().judge(scene, outcome);
      row(scenario.label(), "-", String.join(" ", calls), "none", 0, outcome, wrong);
      assertThat(outcome.result())
          .as(scenario.label() + " without faults: " + outcome.last().message())
          .isEqualTo("SUCCESS");
      assertThat(wrong).as(scenario.label() + " without faults").isEmpty();
      return calls;
    } finally {
      cleanUp(scene);
    }
  }

  private static void runOne(
      final Scenario scenario,
      final int number,
      final String call,
      final int skip,
      final Injection injection) {
    final Scene scene = scene(scenario);
    try {
      proxy.reset();
      proxy.inject(call, injection.fault(), skip, injection.times());
      final InProcessHandler.Outcome outcome = scenario.act().apply(scene);
      proxy.reset();
      final List<String> wrong = new ArrayList<>();
      if (!allowed(injection, call).contains(outcome.result())) {
        wrong.add(
            "answered "
                + outcome.result()
                + " (expected one of "
                + new java.util.TreeSet<>(allowed(injection, call))
                + "): "
                + outcome.last().message());
      }
      if (outcome.longest().compareTo(InProcessHandler.LAMBDA_BUDGET) > 0) {
        wrong.add("an invocation ran " + outcome.longest().toSeconds() + " s");
      }
      wrong.addAll(scenario.judge().judge(scene, outcome));
      row(
          scenario.label(),
          String.valueOf(number),
          call,
          injection.fault().label(),
          injection.times(),
          outcome,
          wrong);
      assertThat(wrong)
          .as(scenario.label() + " with " + injection.fault().label() + " on " + call)
          .isEmpty();
    } finally {
      proxy.reset();
      cleanUp(scene);
    }
  }

  private static void row(
      final String scenario,
      final String number,
      final String call,
      final String fault,
      final int times,
      final InProcessHandler.Outcome outcome,
      final List<String> wrong) {
    TABLE.add(
        String.join(
            " | ",
            "| " + scenario,
            number,
            call,
            fault,
            String.valueOf(times),
            outcome.result(),
            String.valueOf(outcome.invocations().size()),
            String.format("%.1f s", outcome.longest().toMillis() / 1000.0),
            (wrong.isEmpty() ? "ok" : brief(String.join("; ", wrong))) + " |"));
  }

  /** One table cell: one line, no pipe, the handler's long messages cut short. */
  private static String brief(final String text) {
    final String line = text.replaceAll("\\s+", " ").replace('|', '/');
    return line.length() <= 160 ? line : line.substring(0, 157) + "...";
  }

  // ----- an endpoint that never answers ------------------------------------------------------

  /**
   * A hanging endpoint must not hold an invocation past the Lambda budget: the handler's clients
   * time out and the action answers (or yields IN_PROGRESS) in time. Two hung attempts outlast the
   * budget for a client whose only limit is the SDK's default 30 s socket read timeout. Two
   * dedicated cases, because each can cost a minute.
   */
  private static final int HUNG_ATTEMPTS = 2;

  @Test
  void aHangingCreateTopicDoesNotOutlastTheBudget() {
    hang(create("Manage"), "sns:CreateTopic");
  }

  @Test
  void aHangingKeyPolicyCallDoesNotOutlastTheBudget() {
    hang(create("Manage"), "kms:PutKeyPolicy");
  }

  private static void hang(final Scenario scenario, final String call) {
    final Scene scene = scene(scenario);
    try {
      proxy.reset();
      proxy.inject(call, Fault.of(Kind.HANG), 0, HUNG_ATTEMPTS);
      final InProcessHandler.Outcome outcome = scenario.act().apply(scene);
      proxy.reset();
      final List<String> wrong = new ArrayList<>();
      if (outcome.longest().compareTo(InProcessHandler.LAMBDA_BUDGET) > 0) {
        wrong.add("an invocation ran " + outcome.longest().toSeconds() + " s");
      }
      wrong.addAll(scenario.judge().judge(scene, outcome));
      row(scenario.label(), "-", call, "HANG", HUNG_ATTEMPTS, outcome, wrong);
      assertThat(wrong).as(scenario.label() + " with HANG on " + call).isEmpty();
    } finally {
      proxy.reset();
      cleanUp(scene);
    }
  }
}
