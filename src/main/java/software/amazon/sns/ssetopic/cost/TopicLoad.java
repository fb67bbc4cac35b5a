package software.amazon.sns.ssetopic.cost;

/**
 * One topic of the estimate: a name to show and P, the principals that publish to it.
 *
 * @param publishers P of the seed's formula, 0 or more
 */
public record TopicLoad(String name, long publishers) {

  public TopicLoad {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a topic needs a name");
    }
    if (publishers < 0) {
      throw new IllegalArgumentException(
          "topic '" + name + "': publishers must be 0 or more, not " + publishers);
    }
  }
}
