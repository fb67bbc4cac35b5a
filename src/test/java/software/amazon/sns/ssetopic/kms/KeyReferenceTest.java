package software.amazon.sns.ssetopic.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyReferenceTest {

  private static final String ID = "1234abcd-12ab-34cd-56ef-1234567890ab";

  @ParameterizedTest
  @CsvSource({
    ID + ", KEY_ID, , ",
    "mrk-1234abcd12ab34cd56ef1234567890ab, KEY_ID, , ",
    "arn:aws:kms:us-east-1:123456789012:key/" + ID + ", KEY_ARN, us-east-1, 123456789012",
    "alias/orders, ALIAS_NAME, , ",
    "alias/aws/sns, ALIAS_NAME, , ",
    "arn:aws-us-gov:kms:us-gov-west-1:123456789012:alias/team/orders, ALIAS_ARN, us-gov-west-1, 123456789012",
  })
  void parsesTheFourForms(
      final String text, final KeyReference.Form form, final String region, final String account) {
    final KeyReference ref = KeyReference.parse(text);
    assertThat(ref.form()).isEqualTo(form);
    assertThat(ref.text()).isEqualTo(text);
    assertThat(ref.namedRegion().orElse(null)).isEqualTo(region);
    assertThat(ref.account()).isEqualTo(account);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "not a key!! | is not a KMS key reference",
        "orders | if it is an alias, write alias/orders",
        "alias/bad name | is not a valid alias name",
        "arn:aws:s3:::my-bucket | service 's3'",
        "arn:aws:kms:useast1:123456789012:key/" + ID + " | no valid region",
        "arn:aws:kms:us-east-1:1111:key/" + ID + " | 12-digit account",
        "arn:aws:kms:us-east-1:123456789012:grant/abc | neither key/<key ID> nor alias/<name>",
      })
  void refusesMalformedReferencesNamingTheValueAndTheForms(final String text, final String why) {
    assertThatThrownBy(() -> KeyReference.parse(text.strip()))
        .isInstanceOf(InvalidKeyReferenceException.class)
        .hasMessageContaining("'" + text.strip() + "'")
        .hasMessageContaining(why.strip())
        .hasMessageContaining("alias ARN");
  }

  @Test
  void anEmptyReferenceIsRefused() {
    assertThatThrownBy(() -> KeyReference.parse(" ")).hasMessageContaining("empty");
    assertThatThrownBy(() -> KeyReference.parse(null)).hasMessageContaining("empty");
  }

  @Test
  void derivesKeyArnsOnlyWhereTheReferenceFixesTheKey() {
    assertThat(KeyReference.parse(ID).derivedKeyArn("aws", "eu-west-1", "123456789012"))
        .contains("arn:aws:kms:eu-west-1:123456789012:key/" + ID);
    final String arn = "arn:aws:kms:us-east-1:444455556666:key/" + ID;
    assertThat(KeyReference.parse(arn).derivedKeyArn("aws", "us-east-1", "123456789012"))
        .contains(arn);
    assertThat(KeyReference.parse("alias/orders").derivedKeyArn("aws", "us-east-1", "123456789012"))
        .isEmpty();
  }

  @Test
  void recognisesTheAwsManagedSnsKeyInBothAliasForms() {
    assertThat(KeyReference.parse("alias/aws/sns").isAwsManagedSnsKey()).isTrue();
    assertThat(
            KeyReference.parse("arn:aws:kms:us-east-1:123456789012:alias/aws/sns")
                .isAwsManagedSnsKey())
        .isTrue();
    assertThat(KeyReference.parse("alias/aws/snsx").isAwsManagedSnsKey()).isFalse();
    assertThat(KeyReference.parse(ID).isAwsManagedSnsKey()).isFalse();
  }
}
