package software.amazon.sns.ssetopic.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KmsCostModelTest {

  private static final KmsPrices PRICES = KmsPrices.defaults();

  private static CostEstimate estimate(final BillingPeriod period, final TopicLoad... topics) {
    return KmsCostModel.estimate(period, 300, List.of(topics), 0, PRICES);
  }

  @Test
  void seedJanuaryOneTopicOnePublisher() {
    final CostEstimate estimate =
        estimate(BillingPeriod.ofMonth(YearMonth.of(2026, 1)), new TopicLoad("orders", 1));

    assertThat(estimate.period().seconds()).isEqualTo(2_678_400);
    assertThat(estimate.reusePeriods()).isEqualTo(8_928);
    assertThat(estimate.topics())
        .containsExactly(new CostEstimate.TopicRequests("orders", 1, 17_856));
    assertThat(estimate.totalRequests()).isEqualTo(17_856);
    // Under the free tier: nothing to pay for requests.
    assertThat(estimate.billableRequests()).isZero();
    assertThat(estimate.totalCost()).isEqualByComparingTo("0");
  }

  @Test
  void seedFebruaryTwoTopicsWithThreeAndFivePublishers() {
    final CostEstimate estimate =
        estimate(
            BillingPeriod.ofMonth(YearMonth.of(2026, 2)),
            new TopicLoad("orders", 3),
            new TopicLoad("payments", 5));

    assertThat(estimate.period().seconds()).isEqualTo(2_419_200);
    assertThat(estimate.topics())
        .containsExactly(
            new CostEstimate.TopicRequests("orders", 3, 48_384),
            new CostEstimate.TopicRequests("payments", 5, 80_640));
    assertThat(estimate.totalRequests()).isEqualTo(129_024);
    assertThat(estimate.freeTierRequests()).isEqualTo(20_000);
    assertThat(estimate.billableRequests()).isEqualTo(109_024);
    // 109,024 / 10,000 * 0.03, exactly: no rounding to cents on the way.
    assertThat(estimate.requestsCost()).isEqualByComparingTo("0.327072");
    assertThat(estimate.totalCost()).isEqualByComparingTo("0.327072");
    assertThat(estimate.note()).contains("lower bound").contains("distributed nature");
  }

  @Test
  void aPartialReusePeriodStillCostsADataKey() {
    final CostEstimate justOver =
        estimate(BillingPeriod.ofSeconds(301), new TopicLoad("orders", 1));
    final CostEstimate exact = estimate(BillingPeriod.ofSeconds(600), new TopicLoad("orders", 1));

    assertThat(justOver.reusePeriods()).isEqualTo(2);
    assertThat(justOver.totalRequests()).isEqualTo(4);
    assertThat(exact.reusePeriods()).isEqualTo(2);
    assertThat(exact.totalRequests()).isEqualTo(4);
  }

  @Test
  void theFreeTierIsTakenOnceFromTheTotalNotPerTopic() {
    // 25 reuse periods x 2 x 300 publishers = 15,000 requests a topic, each under 20,000 alone.
    final CostEstimate estimate =
        KmsCostModel.estimate(
            BillingPeriod.ofSeconds(7_500),
            300,
            List.of(new TopicLoad("a", 300), new TopicLoad("b", 300)),
            0,
            PRICES);

    assertThat(estimate.totalRequests()).isEqualTo(30_000);
    assertThat(estimate.billableRequests()).isEqualTo(10_000);
    assertThat(estimate.requestsCost()).isEqualByComparingTo("0.03");
  }

  @Test
  void customerManagedKeysCostTheirPriceEachBillingMonth() {
    final CostEstimate month =
        KmsCostModel.estimate(
            BillingPeriod.ofMonth(YearMonth.of(2026, 3)),
            300,
            List.of(new TopicLoad("orders", 1)),
            2,
            PRICES);
    final CostEstimate year =
        KmsCostModel.estimate(
            BillingPeriod.ofSeconds(365 * BillingPeriod.SECONDS_PER_DAY),
            300,
            List.of(new TopicLoad("orders", 1)),
            2,
            PRICES);

    assertThat(month.keysCost()).isEqualByComparingTo("2");
    assertThat(month.totalCost()).isEqualByComparingTo("2");
    assertThat(year.period().billingMonths()).isEqualTo(12);
    assertThat(year.freeTierRequests()).isEqualTo(240_000);
    assertThat(year.keysCost()).isEqualByComparingTo("24");
  }

  @Test
  void everyPriceCanBeOverridden() {
    final KmsPrices prices =
        PRICES
            .withPerTenThousandRequests(new BigDecimal("0.05"))
            .withFreeRequestsPerMonth(0)
            .withCustomerManagedKeyPerMonth(new BigDecimal("0.5"));

    final CostEstimate estimate =
        KmsCostModel.estimate(
            BillingPeriod.ofMonth(YearMonth.of(2026, 1)),
            300,
            List.of(new TopicLoad("orders", 1)),
            1,
            prices);

    assertThat(estimate.billableRequests()).isEqualTo(17_856);
    assertThat(estimate.requestsCost()).isEqualByComparingTo("0.08928");
    assertThat(estimate.keysCost()).isEqualByComparingTo("0.5");
    assertThat(estimate.totalCost()).isEqualByComparingTo("0.58928");
    assertThat(estimate.prices()).isEqualTo(prices);
  }

  @Test
  void aLongerReusePeriodMeansFewerRequests() {
    final CostEstimate estimate =
        KmsCostModel.estimate(
            BillingPeriod.ofMonth(YearMonth.of(2026, 1)),
            86_400,
            List.of(new TopicLoad("orders", 1)),
            0,
            PRICES);

    assertThat(estimate.totalRequests()).isEqualTo(31 * 2);
  }

  @Test
  void aTopicWithoutPublishersCostsNoRequests() {
    final CostEstimate estimate =
        estimate(BillingPeriod.ofMonth(YearMonth.of(2026, 1)), new TopicLoad("quiet", 0));

    assertThat(estimate.totalRequests()).isZero();
  }

  @ParameterizedTest
  @CsvSource({
    "2026-01, 2678400",
    "2026-02, 2419200",
    "2028-02, 2505600",
    "2026-04, 2592000",
  })
  void aMonthLastsItsDays(final String month, final long seconds) {
    final BillingPeriod period = BillingPeriod.ofMonth(YearMonth.parse(month));

    assertThat(period.seconds()).isEqualTo(seconds);
    assertThat(period.month()).isEqualTo(month);
    assertThat(period.billingMonths()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({
    "1, 1",
    "86400, 1",
    "2678400, 1",
    "2678401, 2",
    "31536000, 12",
    "31622400, 12",
  })
  void periodsInSecondsCountOneBillingMonthPerStarted31Days(final long seconds, final long months) {
    final BillingPeriod period = BillingPeriod.ofSeconds(seconds);

    assertThat(period.billingMonths()).isEqualTo(months);
    assertThat(period.month()).isNull();
  }

  @Test
  void refusesInputOutOfRange() {
    final BillingPeriod january = BillingPeriod.ofMonth(YearMonth.of(2026, 1));
    final List<TopicLoad> orders = List.of(new TopicLoad("orders", 1));

    assertThatThrownBy(() -> KmsCostModel.estimate(january, 0, orders, 0, PRICES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reuse period must be more than 0 seconds, not 0");
    assertThatThrownBy(() -> KmsCostModel.estimate(january, 300, List.of(), 0, PRICES))
        .hasMessageContaining("at least one topic");
    assertThatThrownBy(() -> KmsCostModel.estimate(january, 300, orders, -1, PRICES))
        .hasMessageContaining("customer managed keys must be 0 or more, not -1");
    assertThatThrownBy(() -> BillingPeriod.ofSeconds(0))
        .hasMessageContaining("more than 0 seconds, not 0");
    assertThatThrownBy(() -> new BillingPeriod(-5, null, 1))
        .hasMessageContaining("more than 0 seconds, not -5");
    assertThatThrownBy(() -> new BillingPeriod(5, null, 0))
        .hasMessageContaining("at least one billing month");
    assertThatThrownBy(() -> new TopicLoad("orders", -1))
        .hasMessageContaining("topic 'orders': publishers must be 0 or more, not -1");
    assertThatThrownBy(() -> new TopicLoad(" ", 1)).hasMessageContaining("needs a name");
    assertThatThrownBy(() -> new TopicLoad(null, 1)).hasMessageContaining("needs a name");
  }

  @Test
  void refusesATopicNamedTwice() {
    assertThatThrownBy(
            () ->
                estimate(
                    BillingPeriod.ofMonth(YearMonth.of(2026, 1)),
                    new TopicLoad("orders", 1),
                    new TopicLoad("orders", 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("topic 'orders' is named twice");
  }

  @Test
  void refusesNumbersTooLargeToCountExactly() {
    final BillingPeriod huge = BillingPeriod.ofSeconds(Long.MAX_VALUE);
    final BillingPeriod second = BillingPeriod.ofSeconds(1);

    assertThatThrownBy(
            () -> KmsCostModel.estimate(huge, 1, List.of(new TopicLoad("orders", 1)), 0, PRICES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the requests of topic 'orders' would pass " + Long.MAX_VALUE);
    // Each topic fits (2 x MAX/2 = MAX - 1), their sum does not.
    assertThatThrownBy(
            () ->
                KmsCostModel.estimate(
                    second,
                    1,
                    List.of(new TopicLoad("a", Long.MAX_VALUE / 2), new TopicLoad("b", 1)),
                    0,
                    PRICES))
        .hasMessageContaining("the total requests would pass");
    assertThatThrownBy(
            () ->
                KmsCostModel.estimate(
                    huge,
                    Long.MAX_VALUE,
                    List.of(new TopicLoad("a", 0)),
                    0,
                    PRICES.withFreeRequestsPerMonth(Long.MAX_VALUE)))
        .hasMessageContaining("the free tier would pass");
  }
}
