package software.amazon.sns.ssetopic.cost;

import java.time.YearMonth;

/**
 * The billing period B of the seed's formula, in seconds, and how many billing months it counts for
 * the monthly amounts (free tier, key price).
 *
 * @param seconds B, more than 0
 * @param month the calendar month (YYYY-MM) when the period is one, else null
 * @param billingMonths a calendar month is one; a period given in seconds counts one month per
 *     started 31 days (the longest month), so any period that fits in a calendar month is one and a
 *     year of 365 or 366 days is twelve
 */
public record BillingPeriod(long seconds, String month, long billingMonths) {

  public static final long SECONDS_PER_DAY = 86_400;
  static final long LONGEST_MONTH_SECONDS = 31 * SECONDS_PER_DAY;

  public BillingPeriod {
    if (seconds <= 0) {
      throw new IllegalArgumentException(
          "the billing period must be more than 0 seconds, not " + seconds);
    }
    if (billingMonths <= 0) {
      throw new IllegalArgumentException("a billing period counts at least one billing month");
    }
  }

  /** A calendar month: B is its days times 86,400 (January 2,678,400; February 2026 2,419,200). */
  public static BillingPeriod ofMonth(final YearMonth month) {
    return new BillingPeriod(month.lengthOfMonth() * SECONDS_PER_DAY, month.toString(), 1);
  }

  public static BillingPeriod ofSeconds(final long seconds) {
    if (seconds <= 0) {
      throw new IllegalArgumentException(
          "the billing period must be more than 0 seconds, not " + seconds);
    }
    return new BillingPeriod(seconds, null, ceilDiv(seconds, LONGEST_MONTH_SECONDS));
  }

  /** a / b rounded up, for a >= 0 and b > 0. */
  static long ceilDiv(final long a, final long b) {
    return a / b + (a % b == 0 ? 0 : 1);
  }
}
