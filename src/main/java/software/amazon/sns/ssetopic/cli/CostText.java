package software.amazon.sns.ssetopic.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.sns.ssetopic.cost.BillingPeriod;
import software.amazon.sns.ssetopic.cost.CostEstimate;
import software.amazon.sns.ssetopic.cost.KmsPrices;

/** The cost estimate for people: a table per topic, then the money, then the caveats. */
final class CostText {

  private static final String LABEL = "%-23s";

  private CostText() {}

  static String render(final CostEstimate estimate) {
    final StringBuilder text = new StringBuilder();
    final BillingPeriod period = estimate.period();
    final KmsPrices prices = estimate.prices();
    final String months = months(period.billingMonths());
    text.append("KMS cost of SNS topics encrypted with a KMS key\n");
    line(
        text,
        "billing period",
        "%s%s = %s s (%s)",
        period.month() == null ? "" : period.month() + ": ",
        duration(period.seconds()),
        count(period.seconds()),
        months);
    line(
        text,
        "data-key reuse",
        "%s s: %s reuse periods; requests = %2$s x 2 x publishers",
        count(estimate.reuseSeconds()),
        count(estimate.reusePeriods()));
    text.append('\n');
    topicTable(text, estimate);
    text.append('\n');
    line(
        text,
        "free tier",
        "%s requests (%s a month x %s)",
        count(estimate.freeTierRequests()),
        count(prices.freeRequestsPerMonth()),
        months);
    line(text, "billable requests", "%s", count(estimate.billableRequests()));
    line(
        text,
        "requests cost",
        "%s (%s per 10,000 requests)",
        usd(estimate.requestsCost()),
        usd(prices.perTenThousandRequests()));
    line(
        text,
        "customer managed keys",
        "%s (%s x %s a month x %s)",
        usd(estimate.keysCost()),
        plural(estimate.customerManagedKeys(), "key"),
        usd(prices.customerManagedKeyPerMonth()),
        months);
    line(text, "total cost", "%s", usd(estimate.totalCost()));
    text.append('\n').append(estimate.note()).append('\n');
    text.append(
        String.format(
            Locale.ROOT,
            "Prices: %s, recorded %s;%noverride them with --price-per-10k-requests,"
                + " --free-requests and --key-price-per-month.%n",
            prices.source(),
            prices.recorded()));
    return text.toString();
  }

  private static void topicTable(final StringBuilder text, final CostEstimate estimate) {
    final List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"topic", "publishers", "requests"});
    long publishers = 0;
    for (final CostEstimate.TopicRequests topic : estimate.topics()) {
      rows.add(new String[] {topic.name(), count(topic.publishers()), count(topic.requests())});
      publishers += topic.publishers();
    }
    rows.add(new String[] {"total", count(publishers), count(estimate.totalRequests())});
    final int[] widths = new int[3];
    for (final String[] row : rows) {
      for (int column = 0; column < widths.length; column++) {
        widths[column] = Math.max(widths[column], row[column].length());
      }
    }
    final String format = "%-" + widths[0] + "s  %" + widths[1] + "s  %" + widths[2] + "s%n";
    for (final String[] row : rows) {
      text.append(String.format(Locale.ROOT, format, (Object[]) row));
    }
  }

  private static void line(
      final StringBuilder text, final String label, final String format, final Object... values) {
    text.append(String.format(Locale.ROOT, LABEL, label))
        .append(String.format(Locale.ROOT, format, values))
        .append('\n');
  }

  static String count(final long number) {
    return String.format(Locale.ROOT, "%,d", number);
  }

  private static String months(final long months) {
    return plural(months, "billing month");
  }

  private static String plural(final long number, final String noun) {
    return count(number) + " " + noun + (number == 1 ? "" : "s");
  }

  /** Exact: at least cents, and every further digit the price produces (0.327072). */
  static String usd(final BigDecimal amount) {
    final DecimalFormat format =
        new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
    format.setMaximumFractionDigits(Integer.MAX_VALUE);
    format.setRoundingMode(RoundingMode.UNNECESSARY);
    return "USD " + format.format(amount);
  }

  /** 2,419,200 s reads as "28 days"; 90,061 s as "1 day 1 h 1 min 1 s". */
  static String duration(final long seconds) {
    final long[] sizes = {BillingPeriod.SECONDS_PER_DAY, 3600, 60, 1};
    final String[] units = {" day", " h", " min", " s"};
    final List<String> parts = new ArrayList<>();
    long rest = seconds;
    for (int unit = 0; unit < sizes.length; unit++) {
      final long amount = rest / sizes[unit];
      rest %= sizes[unit];
      if (amount > 0) {
        parts.add(count(amount) + units[unit] + (unit == 0 && amount != 1 ? "s" : ""));
      }
    }
    return String.join(" ", parts);
  }
}
