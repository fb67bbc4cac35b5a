package software.amazon.sns.ssetopic.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.sns.ssetopic.cost.BillingPeriod;
import software.amazon.sns.ssetopic.cost.CostEstimate;
import software.amazon.sns.ssetopic.cost.KmsCostModel;
import software.amazon.sns.ssetopic.cost.KmsPrices;
import software.amazon.sns.ssetopic.cost.TopicLoad;

/** {@code ssetopic cost}: the seed's KMS request formula per topic, and what it costs. */
@Command(
    name = "cost",
    sortOptions = false,
    header = "Estimates the KMS requests and cost of SNS topics encrypted with a KMS key.",
    description = {
      "The formula R = B / D * (2 * P) per topic, summed: B the billing period in"
          + " seconds, D the data-key reuse period, P the principals that publish to the topic."
          + " B / D is rounded up: a period that ends inside a reuse window still paid for its"
          + " data key. The free tier is taken once per billing month from the total.",
      "",
      CostEstimate.LOWER_BOUND_NOTE,
      ""
    },
    footer = {
      "",
      "Examples:",
      "  ssetopic cost --month 2026-01 --topic orders=1",
      "  ssetopic cost --month 2026-02 --topic orders=3 --topic payments=5 --format json",
      "  ssetopic cost --billing-seconds 86400 --topic alarms=2 --customer-managed-keys 1"
    })
final class CostCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ParentCommand SsetopicCommand parent;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Period period;

  /** B: exactly one of a calendar month or a number of seconds. */
  static final class Period {
    @Option(
        names = "--month",
        paramLabel = "YYYY-MM",
        required = true,
        converter = Converters.Month.class,
        description = "the billing period is this calendar month (days x 86,400 seconds)")
    YearMonth month;

    @Option(
        names = "--billing-seconds",
        paramLabel = "SECONDS",
        required = true,
        converter = Converters.Seconds.class,
        description =
            "the billing period B in seconds; every started 31 days counts as one billing month"
                + " for the free tier and the key price")
    Long seconds;
  }

  @Option(
      names = "--reuse-seconds",
      paramLabel = "SECONDS",
      defaultValue = "" + KmsCostModel.DEFAULT_REUSE_SECONDS,
      converter = Converters.Seconds.class,
      description = "D, how long SNS reuses a data key (default: ${DEFAULT-VALUE})")
  long reuseSeconds;

  @Option(
      names = "--topic",
      paramLabel = "NAME=PUBLISHERS",
      required = true,
      converter = Converters.Topic.class,
      description = "a topic and P, the principals that publish to it; repeat for each topic")
  List<TopicLoad> topics;

  @Option(
      names = "--customer-managed-keys",
      paramLabel = "N",
      defaultValue = "0",
      converter = Converters.Count.class,
      description = "customer managed keys to pay for (default: ${DEFAULT-VALUE})")
  long customerManagedKeys;

  @Option(
      names = "--price-per-10k-requests",
      paramLabel = "USD",
      converter = Converters.Amount.class,
      description = "price of 10,000 symmetric KMS requests (default: from kms-prices.json)")
  BigDecimal pricePerTenThousandRequests;

  @Option(
      names = "--free-requests",
      paramLabel = "N",
      converter = Converters.Count.class,
      description = "free KMS requests a month, across all regions (default: from kms-prices.json)")
  Long freeRequestsPerMonth;

  @Option(
      names = "--key-price-per-month",
      paramLabel = "USD",
      converter = Converters.Amount.class,
      description = "price of a customer managed key a month (default: from kms-prices.json)")
  BigDecimal keyPricePerMonth;

  @Override
  public Integer call() {
    final CostEstimate estimate;
    try {
      estimate =
          KmsCostModel.estimate(
              billingPeriod(), reuseSeconds, topics, customerManagedKeys, prices());
    } catch (IllegalArgumentException e) {
      // The model's checks (a topic named twice, numbers past a long) are about the input.
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    final PrintWriter out = spec.commandLine().getOut();
    if (parent.format == OutputFormat.JSON) {
      Json.print(out, estimate);
    } else {
      out.print(CostText.render(estimate));
    }
    out.flush();
    return ExitCodes.OK;
  }

  private BillingPeriod billingPeriod() {
    return period.month != null
        ? BillingPeriod.ofMonth(period.month)
        : BillingPeriod.ofSeconds(period.seconds);
  }

  private KmsPrices prices() {
    KmsPrices prices = KmsPrices.defaults();
    if (pricePerTenThousandRequests != null) {
      prices = prices.withPerTenThousandRequests(pricePerTenThousandRequests);
    }
    if (freeRequestsPerMonth != null) {
      prices = prices.withFreeRequestsPerMonth(freeRequestsPerMonth);
    }
    if (keyPricePerMonth != null) {
      prices = prices.withCustomerManagedKeyPerMonth(keyPricePerMonth);
    }
    return prices;
  }
}
