package software.amazon.sns.ssetopic.cli;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import software.amazon.sns.ssetopic.cost.TopicLoad;
import software.amazon.sns.ssetopic.kms.KeyReference;
import software.amazon.sns.ssetopic.policy.EventSource;
import software.amazon.sns.ssetopic.policy.PublisherPolicy;
import software.amazon.sns.ssetopic.policy.TopicArn;
import software.amazon.sns.ssetopic.template.Severity;

/**
 * Option values checked as they are read, so a bad one is reported with the option's name (picocli
 * prefixes "Invalid value for option '--x'") and the fix.
 */
final class Converters {

  private Converters() {}

  /** text or json, as the help spells them. */
  static final class Format implements ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(final String value) {
      for (final OutputFormat format : OutputFormat.values()) {
        if (format.name().equalsIgnoreCase(value.strip())) {
          return format;
        }
      }
      throw new TypeConversionException(
          "'" + value + "' is not a format: use text or json (or sarif, for check)");
    }
  }

  /** A number of seconds, more than 0. */
  /** A finding severity: error, warning or info. */
  static final class SeverityValue implements ITypeConverter<Severity> {
    @Override
    public Severity convert(final String value) {
      for (final Severity severity : Severity.values()) {
        if (severity.label().equalsIgnoreCase(value.strip())) {
          return severity;
        }
      }
      throw new TypeConversionException(
          "'" + value + "' is not a severity: use error, warning or info");
    }
  }

  /** A 12-digit AWS account ID. */
  static final class Account implements ITypeConverter<String> {
    @Override
    public String convert(final String value) {
      if (!EventSource.ACCOUNT_PATTERN.matcher(value.strip()).matches()) {
        throw new TypeConversionException(
            "'" + value + "' is not a 12-digit AWS account ID: write all 12 digits");
      }
      return value.strip();
    }
  }

  static final class Seconds implements ITypeConverter<Long> {
    @Override
    public Long convert(final String value) {
      final long seconds = wholeNumber(value, "a whole number of seconds, for example 2678400");
      if (seconds <= 0) {
        throw new TypeConversionException(
            "'" + value + "' must be more than 0 seconds, for example 300");
      }
      return seconds;
    }
  }

  /** A count of things, 0 or more. */
  static final class Count implements ITypeConverter<Long> {
    @Override
    public Long convert(final String value) {
      final long count = wholeNumber(value, "a whole number, 0 or more");
      if (count < 0) {
        throw new TypeConversionException("'" + value + "' must be 0 or more");
      }
      return count;
    }
  }

  /** An amount of money, 0 or more, kept exact. */
  static final class Amount implements ITypeConverter<BigDecimal> {
    @Override
    public BigDecimal convert(final String value) {
      final BigDecimal amount;
      try {
        amount = new BigDecimal(value.strip());
      } catch (NumberFormatException e) {
        throw new TypeConversionException(
            "'" + value + "' is not an amount in USD: write it like 0.03 or 1");
      }
      if (amount.signum() < 0) {
        throw new TypeConversionException("'" + value + "' must be 0 or more");
      }
      return amount;
    }
  }

  /** A calendar month, YYYY-MM. */
  static final class Month implements ITypeConverter<YearMonth> {
    @Override
    public YearMonth convert(final String value) {
      try {
        return YearMonth.parse(value.strip());
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is not a month: write YYYY-MM with a month from 01 to 12, for example"
                + " 2026-02");
      }
    }
  }

  /** NAME=PUBLISHERS: a topic and how many principals publish to it. */
  static final class Topic implements ITypeConverter<TopicLoad> {
    @Override
    public TopicLoad convert(final String value) {
      // The last '=' splits: SNS topic names cannot contain one, so the count is what follows it.
      final int split = value.lastIndexOf('=');
      if (split < 0) {
        throw new TypeConversionException(
            "'"
                + value
                + "' has no publisher count: write NAME=PUBLISHERS, for example "
                + value.strip()
                + "=3");
      }
      final String name = value.substring(0, split).strip();
      if (name.isEmpty()) {
        throw new TypeConversionException(
            "'" + value + "' has no topic name: write NAME=PUBLISHERS, for example orders=3");
      }
      final Long publishers = parseLong(value.substring(split + 1));
      if (publishers == null) {
        throw new TypeConversionException(
            "'"
                + value
                + "': the publisher count must be a whole number, the principals that"
                + " publish to '"
                + name
                + "', for example "
                + name
                + "=3");
      }
      if (publishers < 0) {
        throw new TypeConversionException(
            "'" + value + "': the publisher count must be 0 or more, for example " + name + "=3");
      }
      return new TopicLoad(name, publishers);
    }
  }

  /** An SNS topic ARN. */
  static final class TopicArnValue implements ITypeConverter<TopicArn> {
    @Override
    public TopicArn convert(final String value) {
      try {
        return TopicArn.of(value.strip());
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A KMS key ARN: policies name keys by ARN, so an alias or a bare key ID is refused. */
  static final class KeyArnValue implements ITypeConverter<KeyReference> {
    @Override
    public KeyReference convert(final String value) {
      try {
        return PublisherPolicy.keyArn(value.strip());
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A CloudFormation logical ID: letters and digits. */
  static final class LogicalId implements ITypeConverter<String> {
    private static final Pattern PATTERN = Pattern.compile("^[A-Za-z0-9]{1,255}$");

    @Override
    public String convert(final String value) {
      if (!PATTERN.matcher(value).matches()) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is not a CloudFormation logical ID: use letters and digits only, for"
                + " example OrdersTopic");
      }
      return value;
    }
  }

  private static long wholeNumber(final String value, final String expected) {
    final Long number = parseLong(value);
    if (number == null) {
      throw new TypeConversionException("'" + value + "' is not " + expected);
    }
    return number;
  }

  private static Long parseLong(final String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
