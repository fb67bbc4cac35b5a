package software.amazon.sns.ssetopic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CostCommandTest {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  @Test
  void seedJanuaryAsText() {
    final CliRun run = CliRun.of("cost", "--month", "2026-01", "--topic", "orders=1");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .contains("2026-01: 31 days = 2,678,400 s")
        .containsPattern("(?m)^orders +1 +17,856$")
        .containsPattern("(?m)^total +1 +17,856$")
        .containsPattern("(?m)^billable requests +0$")
        .containsPattern("(?m)^total cost +USD 0\\.00$")
        .contains(
            "The formula is a lower bound: actual costs might be higher because of the"
                + " distributed nature of Amazon SNS.");
  }

  @Test
  void seedFebruaryAsText() {
    final CliRun run =
        CliRun.of("cost", "--month", "2026-02", "--topic", "orders=3", "--topic", "payments=5");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .containsPattern("(?m)^topic +publishers +requests$")
        .containsPattern("(?m)^orders +3 +48,384$")
        .containsPattern("(?m)^payments +5 +80,640$")
        .containsPattern("(?m)^total +8 +129,024$")
        .containsPattern("(?m)^free tier +20,000 requests")
        .containsPattern("(?m)^billable requests +109,024$")
        .containsPattern("(?m)^requests cost +USD 0\\.327072 \\(USD 0\\.03 per 10,000")
        .containsPattern("(?m)^total cost +USD 0\\.327072$");
  }

  @Test
  void seedFebruaryAsJson() throws Exception {
    final CliRun run =
        CliRun.of(
            "cost",
            "--month",
            "2026-02",
            "--topic",
            "orders=3",
            "--topic",
            "payments=5",
            "--format",
            "json");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    final JsonNode json = JSON.readTree(run.out());
    assertThat(json.path("period").path("seconds").asLong()).isEqualTo(2_419_200);
    assertThat(json.path("period").path("month").asText()).isEqualTo("2026-02");
    assertThat(json.path("reuseSeconds").asLong()).isEqualTo(300);
    assertThat(json.path("topics").get(1).path("name").asText()).isEqualTo("payments");
    assertThat(json.path("topics").get(1).path("requests").asLong()).isEqualTo(80_640);
    assertThat(json.path("totalRequests").asLong()).isEqualTo(129_024);
    assertThat(json.path("billableRequests").asLong()).isEqualTo(109_024);
    assertThat(json.path("requestsCost").decimalValue()).isEqualTo(new BigDecimal("0.327072"));
    assertThat(json.path("prices").path("currency").asText()).isEqualTo("USD");
    assertThat(json.path("note").asText()).contains("lower bound");
  }

  @Test
  void theFormatOptionAlsoWorksBeforeTheCommand() throws Exception {
    final CliRun run =
        CliRun.of("--format", "JSON", "cost", "--month", "2026-01", "--topic", "orders=1");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(JSON.readTree(run.out()).path("totalRequests").asLong()).isEqualTo(17_856);
  }

  @Test
  void billingSecondsKeysAndPriceOverrides() {
    final CliRun run =
        CliRun.of(
            "cost",
            "--billing-seconds",
            "90061",
            "--reuse-seconds",
            "60",
            "--topic",
            "alarms=2",
            "--customer-managed-keys",
            "3",
            "--price-per-10k-requests",
            "0.05",
            "--free-requests",
            "0",
            "--key-price-per-month",
            "1234.5");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    // ceil(90,061 / 60) = 1,502 reuse periods (1,501 and a bit); x 2 x 2 publishers.
    assertThat(run.out())
        .contains("1 day 1 h 1 min 1 s = 90,061 s (1 billing month)")
        .contains("60 s: 1,502 reuse periods")
        .containsPattern("(?m)^alarms +2 +6,008$")
        .containsPattern("(?m)^requests cost +USD 0\\.03004 \\(USD 0\\.05 per 10,000")
        .containsPattern(
            "(?m)^customer managed keys +USD 3,703\\.50 \\(3 keys x USD 1,234\\.50 a month")
        .containsPattern("(?m)^total cost +USD 3,703\\.53004$");
  }

  @Test
  void severalBillingMonthsArePlural() {
    final CliRun run = CliRun.of("cost", "--billing-seconds", "31536000", "--topic", "orders=1");

    assertThat(run.out())
        .contains("365 days = 31,536,000 s (12 billing months)")
        .contains("240,000 requests (20,000 a month x 12 billing months)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--topic orders | '--topic' | 'orders' has no publisher count: write NAME=PUBLISHERS,"
            + " for example orders=3",
        "--topic orders=-1 | '--topic' | 'orders=-1': the publisher count must be 0 or more",
        "--topic orders=many | '--topic' | 'orders=many': the publisher count must be a whole"
            + " number",
        "--topic =3 | '--topic' | '=3' has no topic name",
        "--topic orders=1 --topic orders=2 | topic 'orders' | is named twice",
        "--topic orders=1 --reuse-seconds 0 | '--reuse-seconds' | '0' must be more than 0"
            + " seconds",
        "--topic orders=1 --reuse-seconds soon | '--reuse-seconds' | 'soon' is not a whole number"
            + " of seconds",
        "--topic orders=1 --customer-managed-keys -2 | '--customer-managed-keys' | '-2' must be"
            + " 0 or more",
        "--topic orders=1 --price-per-10k-requests cheap | '--price-per-10k-requests' | 'cheap'"
            + " is not an amount in USD",
        "--topic orders=1 --key-price-per-month -1 | '--key-price-per-month' | '-1' must be 0 or"
            + " more",
        "--topic orders=1 --format xml | '--format' | 'xml' is not a format: use text or json",
      })
  void badInputIsOneLineNamingTheValueAndTheFix(
      final String args, final String option, final String message) {
    final CliRun run = CliRun.of(("cost --month 2026-01 " + args).split(" "));

    assertBadInput(run);
    assertThat(run.err()).contains(option).contains(message);
  }

  @Test
  void aMonthMustBeYearDashMonth() {
    final CliRun run = CliRun.of("cost", "--month", "2026-13", "--topic", "orders=1");

    assertBadInput(run);
    assertThat(run.err())
        .contains("'--month'")
        .contains("'2026-13' is not a month: write YYYY-MM with a month from 01 to 12");
  }

  @Test
  void theBillingPeriodIsAMonthOrSecondsNotBoth() {
    final CliRun both =
        CliRun.of("cost", "--month", "2026-01", "--billing-seconds", "60", "--topic", "orders=1");
    final CliRun neither = CliRun.of("cost", "--topic", "orders=1");

    assertBadInput(both);
    assertThat(both.err()).contains("--month").contains("--billing-seconds").contains("only one");
    assertBadInput(neither);
    assertThat(neither.err()).contains("(--month=YYYY-MM | --billing-seconds=SECONDS)");
  }

  @Test
  void billingSecondsMustBePositive() {
    final CliRun run = CliRun.of("cost", "--billing-seconds", "-5", "--topic", "orders=1");

    assertBadInput(run);
    assertThat(run.err()).contains("'--billing-seconds'").contains("'-5' must be more than 0");
  }

  @Test
  void numbersTooLargeToCountAreBadInput() {
    final CliRun run =
        CliRun.of(
            "cost",
            "--billing-seconds",
            String.valueOf(Long.MAX_VALUE),
            "--reuse-seconds",
            "1",
            "--topic",
            "orders=1");

    assertBadInput(run);
    assertThat(run.err()).contains("cannot be counted exactly");
  }

  @Test
  void helpShowsTheFormulaTheOptionsAndTheExitCodes() {
    final CliRun run = CliRun.of("cost", "--help");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .contains("Usage: ssetopic cost")
        .contains("R = B / D * (2 * P)")
        .contains("--topic=NAME=PUBLISHERS")
        .contains("--price-per-10k-requests=USD")
        .contains("lower bound")
        .contains("Exit codes:");
  }

  static void assertBadInput(final CliRun run) {
    assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("ssetopic cost: ").endsWith("(see 'ssetopic cost --help')\n");
    assertThat(run.err().lines()).hasSize(1);
  }
}
