package software.amazon.sns.ssetopic.template;

/**
 * One problem in a template.
 *
 * @param file the template, as named on the command line
 * @param resource the logical ID of the resource to change
 * @param path the property path in that resource (Properties.KmsMasterKeyId)
 * @param line 1-based line of that property, or of the resource when it is absent
 * @param column 1-based column
 * @param message what is wrong, naming the topic and the publisher
 * @param fix what to change (a statement to add, a property to set), or null
 */
public record Finding(
    Rule rule,
    Severity severity,
    String file,
    String resource,
    String path,
    int line,
    int column,
    String message,
    String fix) {}
