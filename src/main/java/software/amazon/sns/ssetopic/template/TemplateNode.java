package software.amazon.sns.ssetopic.template;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One value of a template, JSON-shaped (a map, a list, a scalar or null), with the line and column
 * where it stands in the file. A map entry's value carries the position of its key, the place a
 * reader looks for the property. YAML short-form tags are already in long form ({@code !Ref X} is
 * the map {@code {Ref: X}}).
 */
public final class TemplateNode {
  /** The shape of a node. */
  public enum Kind {
    MAP,
    LIST,
    SCALAR,
    NULL
  }

  private final Kind kind;
  private final String scalar;
  private final Map<String, TemplateNode> map;
  private final List<TemplateNode> list;
  private final int line;
  private final int column;

  private TemplateNode(
      final Kind kind,
      final String scalar,
      final Map<String, TemplateNode> map,
      final List<TemplateNode> list,
      final int line,
      final int column) {
    this.kind = kind;
    this.scalar = scalar;
    this.map = map;
    this.list = list;
    this.line = line;
    this.column = column;
  }

  static TemplateNode scalar(final String value, final int line, final int column) {
    return new TemplateNode(Kind.SCALAR, value, Map.of(), List.of(), line, column);
  }

  static TemplateNode nullNode(final int line, final int column) {
    return new TemplateNode(Kind.NULL, null, Map.of(), List.of(), line, column);
  }

  static TemplateNode map(
      final Map<String, TemplateNode> entries, final int line, final int column) {
    return new TemplateNode(
        Kind.MAP,
        null,
        Collections.unmodifiableMap(new LinkedHashMap<>(entries)),
        List.of(),
        line,
        column);
  }

  static TemplateNode list(final List<TemplateNode> items, final int line, final int column) {
    return new TemplateNode(Kind.LIST, null, Map.of(), List.copyOf(items), line, column);
  }

  /** The same node, placed at another position (a map value takes its key's). */
  TemplateNode at(final int newLine, final int newColumn) {
    return new TemplateNode(kind, scalar, map, list, newLine, newColumn);
  }

  public Kind kind() {
    return kind;
  }

  public boolean isMap() {
    return kind == Kind.MAP;
  }

  public boolean isList() {
    return kind == Kind.LIST;
  }

  public boolean isScalar() {
    return kind == Kind.SCALAR;
  }

  /** The scalar's text, or null for anything else. */
  public String text() {
    return scalar;
  }

  /** The map's entries in file order; empty for anything else. */
  public Map<String, TemplateNode> entries() {
    return map;
  }

  /** The list's items; empty for anything else. */
  public List<TemplateNode> items() {
    return list;
  }

  /** The map entry, or null. */
  public TemplateNode get(final String key) {
    return map.get(key);
  }

  /** The scalar text of the map entry, or null when absent or not a scalar. */
  public String textOf(final String key) {
    final TemplateNode value = map.get(key);
    return value == null ? null : value.text();
  }

  /** 1-based. */
  public int line() {
    return line;
  }

  /** 1-based. */
  public int column() {
    return column;
  }

  /** A map of exactly one entry whose key is an intrinsic function (Ref, Fn::*, Condition). */
  public boolean isIntrinsic() {
    if (kind != Kind.MAP || map.size() != 1) {
      return false;
    }
    final String key = map.keySet().iterator().next();
    return key.equals("Ref") || key.startsWith("Fn::");
  }

  /** The intrinsic's name (Ref, Fn::GetAtt, ...), or null. */
  public String intrinsicName() {
    return isIntrinsic() ? map.keySet().iterator().next() : null;
  }

  /** The intrinsic's argument, or null. */
  public TemplateNode intrinsicArgument() {
    return isIntrinsic() ? map.values().iterator().next() : null;
  }
}
