package software.amazon.sns.ssetopic.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicArnTest {

  @Test
  void exposesTheParts() {
    final TopicArn topic = TopicArn.of("arn:aws:sns:eu-west-1:123456789012:orders.fifo");
    assertThat(topic.partition()).isEqualTo("aws");
    assertThat(topic.region()).isEqualTo("eu-west-1");
    assertThat(topic.account()).isEqualTo("123456789012");
    assertThat(topic.name()).isEqualTo("orders.fifo");
    assertThat(topic.accountRootArn()).isEqualTo("arn:aws:iam::123456789012:root");
    assertThat(topic.snsViaService()).isEqualTo("sns.eu-west-1.amazonaws.com");
    assertThat(topic).hasToString("arn:aws:sns:eu-west-1:123456789012:orders.fifo");
  }

  @Test
  void chinaRegionsUseTheirDnsSuffix() {
    final TopicArn topic = TopicArn.of("arn:aws-cn:sns:cn-north-1:123456789012:t");
    assertThat(topic.snsViaService()).isEqualTo("sns.cn-north-1.amazonaws.com.cn");
    assertThat(topic.accountRootArn()).isEqualTo("arn:aws-cn:iam::123456789012:root");
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "alerts",
        "arn:aws:sqs:us-east-1:123456789012:alerts",
        "arn:aws:sns:us-east-1:1111:alerts",
        "arn:aws:sns:us-east-1:123456789012:bad:name"
      })
  void refusesWhatIsNotATopicArn(final String value) {
    assertThatThrownBy(() -> TopicArn.of(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an SNS topic ARN");
  }
}
