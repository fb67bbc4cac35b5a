package software.amazon.sns.ssetopic.cost;

import java.math.BigDecimal;
import java.util.List;

/**
 * What the KMS cost model answers: requests per topic and in total, then the money.
 *
 * @param reusePeriods B / D rounded up: how many data keys each publisher needs in the period
 * @param freeTierRequests the free requests for the whole period (free a month x billing months)
 * @param billableRequests total requests less the free tier, never below 0
 * @param requestsCost billable requests at the price per 10,000, exact (not rounded to cents)
 * @param keysCost customer managed keys x key price a month x billing months
 */
public record CostEstimate(
    BillingPeriod period,
    long reuseSeconds,
    long reusePeriods,
    List<TopicRequests> topics,
    long totalRequests,
    long freeTierRequests,
    long billableRequests,
    long customerManagedKeys,
    BigDecimal requestsCost,
    BigDecimal keysCost,
    BigDecimal totalCost,
    KmsPrices prices,
    String note) {

  /** The seed's own warning, with its reason. */
  public static final String LOWER_BOUND_NOTE =
      "The formula is a lower bound: actual costs might be higher because of the distributed"
          + " nature of Amazon SNS.";

  public CostEstimate {
    topics = List.copyOf(topics);
  }

  /** One topic's line: R = ceil(B / D) * 2 * P. */
  public record TopicRequests(String name, long publishers, long requests) {}
}
