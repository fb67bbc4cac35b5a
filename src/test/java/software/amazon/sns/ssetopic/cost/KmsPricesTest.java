package software.amazon.sns.ssetopic.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KmsPricesTest {

  @Test
  void theShippedPricesAreTheSeedsWithTheirSource() {
    final KmsPrices prices = KmsPrices.defaults();

    assertThat(prices.currency()).isEqualTo("USD");
    assertThat(prices.perTenThousandRequests()).isEqualByComparingTo("0.03");
    assertThat(prices.freeRequestsPerMonth()).isEqualTo(20_000);
    assertThat(prices.customerManagedKeyPerMonth()).isEqualByComparingTo("1");
    assertThat(prices.source()).startsWith("https://aws.amazon.com/kms/pricing");
    assertThat(prices.recorded()).matches("\\d{4}-\\d{2}-\\d{2}");
  }

  @Test
  void amountsAreReadExactly() {
    final KmsPrices prices =
        load(
            "{\"currency\":\"USD\",\"perTenThousandRequests\":0.1,"
                + "\"freeRequestsPerMonth\":0,\"customerManagedKeyPerMonth\":0.3}");

    // A double would read 0.1 as 0.1000000000000000055511151231257827.
    assertThat(prices.perTenThousandRequests()).isEqualTo(new BigDecimal("0.1"));
    assertThat(prices.customerManagedKeyPerMonth()).isEqualTo(new BigDecimal("0.3"));
  }

  @Test
  void aMissingOrMalformedFileIsAnInstallationError() {
    assertThatThrownBy(() -> KmsPrices.load(null, "kms-prices.json"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("kms-prices.json is missing");
    assertThatThrownBy(() -> load("{\"currency\":\"USD\",\"perTenThousandRequest\":0.03}"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("test.json is malformed");
  }

  @Test
  void refusesNegativeOrMissingPrices() {
    final KmsPrices prices = KmsPrices.defaults();

    assertThatThrownBy(() -> prices.withPerTenThousandRequests(new BigDecimal("-0.01")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("price per 10,000 requests must be 0 or more, not -0.01");
    assertThatThrownBy(() -> prices.withFreeRequestsPerMonth(-1))
        .hasMessageContaining("free requests a month must be 0 or more, not -1");
    assertThatThrownBy(() -> prices.withCustomerManagedKeyPerMonth(new BigDecimal("-1")))
        .hasMessageContaining("price of a customer managed key must be 0 or more");
    assertThatThrownBy(() -> prices.withCustomerManagedKeyPerMonth(null))
        .isInstanceOf(NullPointerException.class);
  }

  private static KmsPrices load(final String json) {
    return KmsPrices.load(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
  }
}
