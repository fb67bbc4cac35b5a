package software.amazon.sns.ssetopic.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Tag;

/** The whole lifecycle through the production entrypoint, checked against what AWS holds. */
class LifecycleIT {

  private final LocalHandler handler = new LocalHandler();
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void createReadUpdateListDelete() {
    try (SnsClient sns = LocalAws.sns()) {
      final String key = LocalAws.symmetricKey(LocalAws.kms(LocalHandler.REGION));
      final Map<String, Object> desired = new HashMap<>();
      desired.put("TopicName", "lifecycle-" + suffix + ".fifo");
      desired.put("FifoTopic", true);
      desired.put("KmsMasterKeyId", key);
      desired.put("Tags", List.of(Map.of("Key", "team", "Value", "payments")));

      final LocalHandler.Event created = handler.create(desired);
      assertThat(created.status()).as(created.message()).isEqualTo("SUCCESS");
      final String arn = created.model("TopicArn");
      assertThat(arn).endsWith(":lifecycle-" + suffix + ".fifo");
      assertThat(sns.getTopicAttributes(r -> r.topicArn(arn)).attributes())
          .containsEntry("FifoTopic", "true")
          .containsEntry("KmsMasterKeyId", key);

      final LocalHandler.Event again = handler.create(desired);
      assertThat(again.errorCode()).isEqualTo("AlreadyExists");

      final LocalHandler.Event read = handler.read(arn);
      assertThat(read.model("KmsKeyArn")).isEqualTo(key);
      assertThat(read.model().path("FifoTopic").asBoolean()).isTrue();

      final Map<String, Object> previous = new HashMap<>(desired);
      previous.put("TopicArn", arn);
      final Map<String, Object> next = new HashMap<>(previous);
      next.put("ContentBasedDeduplication", true);
      next.put("DisplayName", "Ledger");
      next.put("Tags", List.of(Map.of("Key", "team", "Value", "billing")));
      final LocalHandler.Event updated = handler.update(next, previous);
      assertThat(updated.status()).as(updated.message()).isEqualTo("SUCCESS");
      assertThat(sns.getTopicAttributes(r -> r.topicArn(arn)).attributes())
          .containsEntry("DisplayName", "Ledger")
          .containsEntry("ContentBasedDeduplication", "true");
      // The user's tags, and the creation token the type keeps for itself (never in the model).
      assertThat(sns.listTagsForResource(r -> r.resourceArn(arn)).tags())
          .filteredOn(tag -> !tag.key().startsWith("sns-ssetopic:"))
          .containsExactly(Tag.builder().key("team").value("billing").build());
      assertThat(sns.listTagsForResource(r -> r.resourceArn(arn)).tags())
          .extracting(Tag::key)
          .contains("sns-ssetopic:creation-token");

      assertThat(listAll()).contains(arn);

      assertThat(handler.delete(arn).status()).isEqualTo("SUCCESS");
      assertThat(handler.delete(arn).errorCode()).isEqualTo("NotFound");
      assertThat(handler.read(arn).errorCode()).isEqualTo("NotFound");
      assertThat(handler.update(next, previous).errorCode()).isEqualTo("NotFound");
    }
  }

  @Test
  void ofConcurrentCreatesOfOneNameExactlyOneOwnsTheTopic() throws Exception {
    final String key = LocalAws.symmetricKey(LocalAws.kms(LocalHandler.REGION));
    final Map<String, Object> desired = new HashMap<>();
    desired.put("TopicName", "contended-" + suffix);
    desired.put("KmsMasterKeyId", key);
    final java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(5);
    try {
      final List<java.util.concurrent.Future<LocalHandler.Event>> creates =
          new java.util.ArrayList<>();
      for (int i = 0; i < 5; i++) {
        creates.add(pool.submit(() -> handler.create(desired)));
      }
      int owners = 0;
      for (java.util.concurrent.Future<LocalHandler.Event> create : creates) {
        final LocalHandler.Event event = create.get();
        if (event.status().equals("SUCCESS")) {
          owners++;
        } else {
          assertThat(event.errorCode()).as(event.message()).isEqualTo("AlreadyExists");
          assertThat(event.model("TopicArn")).isNull();
        }
      }
      assertThat(owners).isEqualTo(1);
    } finally {
      pool.shutdown();
    }
    final String arn = "arn:aws:sns:us-east-1:" + LocalHandler.ACCOUNT + ":contended-" + suffix;
    assertThat(handler.delete(arn).status()).isEqualTo("SUCCESS");
  }

  private List<String> listAll() {
    final List<String> arns = new java.util.ArrayList<>();
    String token = null;
    do {
      final LocalHandler.Event page = handler.list(token);
      page.body().path("resourceModels").forEach(m -> arns.add(m.path("TopicArn").asText()));
      token = page.body().path("nextToken").asText(null);
    } while (token != null);
    return arns;
  }
}
