package software.amazon.sns.ssetopic.cost;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The seed's KMS cost formula, {@code R = B / D * (2 * P)} per topic, summed over topics, and its
 * price in money. Pure: no I/O, exact arithmetic (long, BigDecimal).
 *
 * <p>B / D is rounded up before it is multiplied: SNS reuses a data key for at most D seconds, so a
 * period that ends part-way through a reuse window still paid for that window's data key. When D
 * divides B (every whole month with the default 300 s) this is exactly the seed's ratio.
 *
 * <p>The free tier is monthly and counts across all regions, so it is taken once per billing month
 * from the total over all topics, not per topic.
 */
public final class KmsCostModel {

  /** SNS reuses a data key for up to 300 seconds. */
  public static final long DEFAULT_REUSE_SECONDS = 300;

  private static final int TEN_THOUSAND_DIGITS = 4;

  private KmsCostModel() {}

  /**
   * Estimates the KMS requests and their cost.
   *
   * @throws IllegalArgumentException when an input is out of range, a topic name repeats, or a
   *     number is too large to count exactly
   */
  public static CostEstimate estimate(
      final BillingPeriod period,
      final long reuseSeconds,
      final List<TopicLoad> topics,
      final long customerManagedKeys,
      final KmsPrices prices) {
    if (reuseSeconds <= 0) {
      throw new IllegalArgumentException(
          "the data-key reuse period must be more than 0 seconds, not " + reuseSeconds);
    }
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("name at least one topic");
    }
    if (customerManagedKeys < 0) {
      throw new IllegalArgumentException(
          "customer managed keys must be 0 or more, not " + customerManagedKeys);
    }
    final long reusePeriods = BillingPeriod.ceilDiv(period.seconds(), reuseSeconds);
    final List<CostEstimate.TopicRequests> lines = new ArrayList<>(topics.size());
    final Set<String> names = new HashSet<>();
    long total = 0;
    for (final TopicLoad topic : topics) {
      if (!names.add(topic.name())) {
        throw new IllegalArgumentException(
            String.format(
                "topic '%s' is named twice: give each topic once, with all its publishers",
                topic.name()));
      }
      final long requests =
          exact(
              () -> Math.multiplyExact(reusePeriods, Math.multiplyExact(2, topic.publishers())),
              "the requests of topic '" + topic.name() + "'");
      lines.add(new CostEstimate.TopicRequests(topic.name(), topic.publishers(), requests));
      final long sum = total;
      total = exact(() -> Math.addExact(sum, requests), "the total requests");
    }
    final long months = period.billingMonths();
    final long freeTier =
        exact(() -> Math.multiplyExact(prices.freeRequestsPerMonth(), months), "the free tier");
    final long billable = Math.max(0, total - freeTier);
    final BigDecimal requestsCost =
        BigDecimal.valueOf(billable)
            .multiply(prices.perTenThousandRequests())
            .movePointLeft(TEN_THOUSAND_DIGITS);
    final BigDecimal keysCost =
        prices
            .customerManagedKeyPerMonth()
            .multiply(BigDecimal.valueOf(customerManagedKeys))
            .multiply(BigDecimal.valueOf(months));
    return new CostEstimate(
        period,
        reuseSeconds,
        reusePeriods,
        lines,
        total,
        freeTier,
        billable,
        customerManagedKeys,
        requestsCost,
        keysCost,
        requestsCost.add(keysCost),
        prices,
        CostEstimate.LOWER_BOUND_NOTE);
  }

  private static long exact(final LongSupplier computation, final String what) {
    try {
      return computation.getAsLong();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          String.format(
              "%s would pass %d and cannot be counted exactly: use smaller numbers",
              what, Long.MAX_VALUE),
          e);
    }
  }
}
