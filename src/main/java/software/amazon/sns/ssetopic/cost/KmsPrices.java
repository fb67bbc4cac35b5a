package software.amazon.sns.ssetopic.cost;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * The AWS KMS prices the estimate uses. They are data ({@code kms-prices.json}, with where and when
 * they were taken) rather than constants, and every one can be replaced with {@code with...}.
 */
public record KmsPrices(
    String currency,
    BigDecimal perTenThousandRequests,
    long freeRequestsPerMonth,
    BigDecimal customerManagedKeyPerMonth,
    String source,
    String recorded,
    String note) {

  static final String RESOURCE = "kms-prices.json";

  public KmsPrices {
    Objects.requireNonNull(currency, "currency");
    requireNotNegative(perTenThousandRequests, "the price per 10,000 requests");
    requireNotNegative(customerManagedKeyPerMonth, "the price of a customer managed key");
    if (freeRequestsPerMonth < 0) {
      throw new IllegalArgumentException(
          "the free requests a month must be 0 or more, not " + freeRequestsPerMonth);
    }
  }

  /** The prices shipped in {@code kms-prices.json}. */
  public static KmsPrices defaults() {
    return load(KmsPrices.class.getResourceAsStream(RESOURCE), RESOURCE);
  }

  static KmsPrices load(final InputStream in, final String name) {
    if (in == null) {
      throw new UncheckedIOException(new IOException(name + " is missing from the classpath"));
    }
    try (in) {
      return JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build()
          .readValue(in, KmsPrices.class);
    } catch (IOException e) {
      throw new UncheckedIOException(name + " is malformed: " + e.getMessage(), e);
    }
  }

  public KmsPrices withPerTenThousandRequests(final BigDecimal price) {
    return new KmsPrices(
        currency, price, freeRequestsPerMonth, customerManagedKeyPerMonth, source, recorded, note);
  }

  public KmsPrices withFreeRequestsPerMonth(final long freeRequests) {
    return new KmsPrices(
        currency,
        perTenThousandRequests,
        freeRequests,
        customerManagedKeyPerMonth,
        source,
        recorded,
        note);
  }

  public KmsPrices withCustomerManagedKeyPerMonth(final BigDecimal price) {
    return new KmsPrices(
        currency, perTenThousandRequests, freeRequestsPerMonth, price, source, recorded, note);
  }

  private static void requireNotNegative(final BigDecimal value, final String what) {
    Objects.requireNonNull(value, what);
    if (value.signum() < 0) {
      throw new IllegalArgumentException(what + " must be 0 or more, not " + value.toPlainString());
    }
  }
}
