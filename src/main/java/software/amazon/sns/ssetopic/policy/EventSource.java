package software.amazon.sns.ssetopic.policy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service that publishes to the topic: either a service principal (such as {@code
 * cloudwatch.amazonaws.com}) or the IAM role a role-based service publishes with, never both.
 * {@code sourceArn} and {@code sourceAccount} narrow a service principal to the resource and
 * account that publish (confused-deputy protection); a role is already narrowed by its ARN.
 *
 * <p>Absent optional values are {@code null}. Every component is validated on construction.
 *
 * @param servicePrincipal the service principal, or null for a role source
 * @param roleArn the IAM role ARN, or null for a service source
 * @param sourceArn the ARN (wildcards allowed, as in ArnLike) of the publishing resource, or null
 * @param sourceAccount the 12-digit account of the publishing resource, or null
 */
public record EventSource(
    String servicePrincipal, String roleArn, String sourceArn, String sourceAccount) {

  /** Service principals as AWS names them; unknown ones of this form get conservative defaults. */
  public static final Pattern SERVICE_PRINCIPAL_PATTERN =
      Pattern.compile("^[a-z0-9.-]+\\.amazonaws\\.com(\\.cn)?$");

  /** An IAM role ARN, with path (service-linked roles live under aws-service-role/...). */
  public static final Pattern ROLE_ARN_PATTERN =
      Pattern.compile(
          "^arn:(aws[a-z-]*):iam::(\\d{12}):role/((?:[\\w+=,.@-]+/)*)([\\w+=,.@-]{1,64})$");

  /** An ARN, wildcards allowed in region, account and resource as ArnLike allows them. */
  public static final Pattern SOURCE_ARN_PATTERN =
      Pattern.compile("^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9*?-]*:(\\d{12}|[*?]+)?:\\S+$");

  public static final Pattern ACCOUNT_PATTERN = Pattern.compile("^\\d{12}$");

  private static final String WHERE = "EventSources: ";

  /**
   * @throws InvalidEventSourceException naming the offending value and the fix
   */
  public EventSource {
    if (servicePrincipal == null && roleArn == null) {
      throw new InvalidEventSourceException(
          WHERE
              + "an event source names neither ServicePrincipal nor RoleArn: give exactly one,"
              + " for example ServicePrincipal: cloudwatch.amazonaws.com");
    }
    if (servicePrincipal != null && roleArn != null) {
      throw new InvalidEventSourceException(
          WHERE
              + "an event source names both ServicePrincipal '"
              + servicePrincipal
              + "' and RoleArn '"
              + roleArn
              + "': give exactly one (a role-based service publishes with its role, a"
              + " service-principal source without one), and list the other as its own source");
    }
    if (servicePrincipal != null
        && !SERVICE_PRINCIPAL_PATTERN.matcher(servicePrincipal).matches()) {
      throw new InvalidEventSourceException(
          WHERE
              + "ServicePrincipal '"
              + servicePrincipal
              + "' is not a service principal: write <service>.amazonaws.com in lower case, for"
              + " example cloudwatch.amazonaws.com (amazonaws.com.cn in the China regions)");
    }
    if (roleArn != null && !ROLE_ARN_PATTERN.matcher(roleArn).matches()) {
      throw new InvalidEventSourceException(
          WHERE
              + "RoleArn '"
              + roleArn
              + "' is not an IAM role ARN: write arn:<partition>:iam::<12-digit account>:role/<path/name>,"
              + " for example arn:aws:iam::111122223333:role/aws-service-role/"
              + "autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling");
    }
    if (roleArn != null && (sourceArn != null || sourceAccount != null)) {
      throw new InvalidEventSourceException(
          WHERE
              + "RoleArn '"
              + roleArn
              + "' has SourceArn or SourceAccount: those scope service principals only (a role"
              + " calls KMS as itself and sends neither); remove them, the role ARN already"
              + " narrows the grant");
    }
    if (sourceArn != null && !SOURCE_ARN_PATTERN.matcher(sourceArn).matches()) {
      throw new InvalidEventSourceException(
          WHERE
              + "SourceArn '"
              + sourceArn
              + "' of "
              + servicePrincipal
              + " is not an ARN: write the ARN of the publishing resource, for example"
              + " arn:aws:s3:::my-bucket or arn:aws:cloudwatch:us-east-1:111122223333:alarm:*");
    }
    if (sourceAccount != null && !ACCOUNT_PATTERN.matcher(sourceAccount).matches()) {
      throw new InvalidEventSourceException(
          WHERE
              + "SourceAccount '"
              + sourceAccount
              + "' of "
              + servicePrincipal
              + " is not a 12-digit AWS account ID: write it with all 12 digits, leading zeros"
              + " included");
    }
    final String arnAccount = sourceArn == null ? null : sourceArn.split(":", 6)[4];
    if (sourceAccount != null
        && arnAccount != null
        && ACCOUNT_PATTERN.matcher(arnAccount).matches()
        && !arnAccount.equals(sourceAccount)) {
      throw new InvalidEventSourceException(
          WHERE
              + "SourceArn '"
              + sourceArn
              + "' is in account "
              + arnAccount
              + " but SourceAccount is "
              + sourceAccount
              + ": make them name the same account, or drop SourceAccount");
    }
  }

  public static EventSource service(final String servicePrincipal) {
    return new EventSource(servicePrincipal, null, null, null);
  }

  public static EventSource role(final String roleArn) {
    return new EventSource(null, roleArn, null, null);
  }

  public EventSource withSourceArn(final String arn) {
    return new EventSource(servicePrincipal, roleArn, arn, sourceAccount);
  }

  public EventSource withSourceAccount(final String account) {
    return new EventSource(servicePrincipal, roleArn, sourceArn, account);
  }

  public boolean isRole() {
    return roleArn != null;
  }

  /** The principal a policy names: the service principal or the role ARN. */
  public String principal() {
    return isRole() ? roleArn : servicePrincipal;
  }

  /** The account the role belongs to; empty for service sources. */
  public Optional<String> roleAccount() {
    return Optional.ofNullable(roleArn).map(arn -> roleMatcher(arn).group(2));
  }

  /** The role's name without its path; empty for service sources. */
  public Optional<String> roleName() {
    return Optional.ofNullable(roleArn).map(arn -> roleMatcher(arn).group(4));
  }

  /** The role's partition; empty for service sources. */
  public Optional<String> rolePartition() {
    return Optional.ofNullable(roleArn).map(arn -> roleMatcher(arn).group(1));
  }

  private static Matcher roleMatcher(final String arn) {
    final Matcher matcher = ROLE_ARN_PATTERN.matcher(arn);
    matcher.matches(); // validated by the constructor
    return matcher;
  }

  /**
   * The account whose resources may make this source publish, as aws:SourceAccount names it: the
   * declared SourceAccount, else the account in SourceArn, else the topic's own account (the common
   * case: the alarm or bucket lives beside the topic).
   */
  public String effectiveSourceAccount(final TopicArn topic) {
    return effectiveSourceAccount(topic.account());
  }

  /**
   * As {@link #effectiveSourceAccount(TopicArn)}, with the account that applies when neither
   * SourceAccount nor SourceArn names one.
   */
  public String effectiveSourceAccount(final String defaultAccount) {
    if (sourceAccount != null) {
      return sourceAccount;
    }
    if (sourceArn != null) {
      final String arnAccount = sourceArn.split(":", 6)[4];
      if (ACCOUNT_PATTERN.matcher(arnAccount).matches()) {
        return arnAccount;
      }
    }
    return defaultAccount;
  }

  /** A stable text naming everything that distinguishes this source; its hash goes into Sids. */
  String identity() {
    return (isRole() ? "role:" : "service:")
        + principal()
        + "|"
        + (sourceArn == null ? "" : sourceArn)
        + "|"
        + (sourceAccount == null ? "" : sourceAccount);
  }

  @Override
  public String toString() {
    final StringBuilder text = new StringBuilder(principal());
    if (sourceArn != null) {
      text.append(" (SourceArn ").append(sourceArn).append(')');
    }
    if (sourceAccount != null) {
      text.append(" (SourceAccount ").append(sourceAccount).append(')');
    }
    return text.toString();
  }
}
