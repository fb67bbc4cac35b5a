package software.amazon.sns.ssetopic.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The event-source page lists every catalog entry with the AWS pages it cites. */
class EventSourceDocsTest {
  private static final Path PAGE = Path.of("docs", "event-sources.md");

  @Test
  void listsEveryEntryWithItsSources() throws IOException {
    final String page = Files.readString(PAGE);
    assertThat(EventSourceCatalog.standard().all())
        .allSatisfy(
            profile -> {
              assertThat(page).as(profile.id()).contains("| `" + profile.id() + "` |");
              assertThat(profile.documentation())
                  .allSatisfy(url -> assertThat(page).as(profile.id()).contains("<" + url + ">"));
            });
  }

  @Test
  void namesEveryRefusedSourceWithItsPage() throws IOException {
    final String refused =
        Files.readString(PAGE).split("## Refused sources", 2)[1].split("\n## ", 2)[0];
    assertThat(EventSourceCatalog.standard().all())
        .filteredOn(profile -> profile.refused() != null)
        .allSatisfy(
            profile ->
                assertThat(profile.refused().documentation())
                    .allSatisfy(url -> assertThat(refused).as(profile.id()).contains(url)));
  }
}
