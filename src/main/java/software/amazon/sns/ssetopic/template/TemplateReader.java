package software.amazon.sns.ssetopic.template;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation template, YAML (with the short-form intrinsic tags) or JSON, into {@link
 * TemplateNode}s that know their line numbers. YAML goes through SnakeYAML's composer (nodes with
 * tags and marks, nothing constructed); JSON through Jackson's streaming parser, since JSON files
 * may be indented with tabs, which YAML forbids.
 */
public final class TemplateReader {
  /** The short forms CloudFormation's YAML accepts, mapped to their long-form keys. */
  private static final Set<String> FN_TAGS =
      Set.of(
          "And",
          "Base64",
          "Cidr",
          "Equals",
          "FindInMap",
          "GetAZs",
          "GetAtt",
          "If",
          "ImportValue",
          "Join",
          "Not",
          "Or",
          "Select",
          "Split",
          "Sub",
          "Transform",
          "Length",
          "ToJsonString");

  private TemplateReader() {}

  /**
   * @param name the file name, for messages
   * @throws TemplateException naming the file, line and problem
   */
  public static TemplateNode read(final String name, final String text) {
    final String trimmed = text.stripLeading();
    if (trimmed.startsWith("{")) {
      return readJson(name, text);
    }
    return readYaml(name, text);
  }

  private static TemplateNode readYaml(final String name, final String text) {
    final LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    final Node root;
    try {
      root = new Yaml(options).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      final Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new TemplateException(
          name
              + (mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1))
              + ": not valid YAML: "
              + oneLine(e.getProblem() == null ? e.getMessage() : e.getProblem()),
          e);
    } catch (YAMLException e) {
      throw new TemplateException(name + ": not valid YAML: " + oneLine(e.getMessage()), e);
    }
    if (root == null) {
      throw new TemplateException(name + ": the file is empty, not a template");
    }
    final TemplateNode node = yaml(name, root);
    requireTemplate(name, node);
    return node;
  }

  private static TemplateNode yaml(final String name, final Node node) {
    final int line = node.getStartMark().getLine() + 1;
    final int column = node.getStartMark().getColumn() + 1;
    final TemplateNode plain;
    if (node instanceof MappingNode mapping) {
      final Map<String, TemplateNode> entries = new LinkedHashMap<>();
      for (final NodeTuple tuple : mapping.getValue()) {
        if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
          throw new TemplateException(
              name
                  + ":"
                  + (tuple.getKeyNode().getStartMark().getLine() + 1)
                  + ": a mapping key is not a plain name");
        }
        final TemplateNode value = yaml(name, tuple.getValueNode());
        entries.put(
            key.getValue(),
            value.at(key.getStartMark().getLine() + 1, key.getStartMark().getColumn() + 1));
      }
      plain = TemplateNode.map(entries, line, column);
    } else if (node instanceof SequenceNode sequence) {
      final List<TemplateNode> items = new ArrayList<>();
      for (final Node item : sequence.getValue()) {
        items.add(yaml(name, item));
      }
      plain = TemplateNode.list(items, line, column);
    } else {
      final ScalarNode scalar = (ScalarNode) node;
      plain =
          scalar.getTag().equals(Tag.NULL)
              ? TemplateNode.nullNode(line, column)
              : TemplateNode.scalar(scalar.getValue(), line, column);
    }
    final Tag tag = node.getTag();
    if (!tag.getValue().startsWith("!")) {
      return plain;
    }
    return longForm(name, tag.getValue().substring(1), plain);
  }

  /** {@code !Ref X} as {@code {Ref: X}}; {@code !GetAtt A.B} as {@code {Fn::GetAtt: [A, B]}}. */
  private static TemplateNode longForm(
      final String name, final String tag, final TemplateNode value) {
    final String key;
    TemplateNode argument = value;
    if (tag.equals("Ref") || tag.equals("Condition")) {
      key = tag;
    } else if (FN_TAGS.contains(tag)) {
      key = "Fn::" + tag;
      if (tag.equals("GetAtt") && value.isScalar()) {
        final String text = value.text();
        final int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
          throw new TemplateException(
              name
                  + ":"
                  + value.line()
                  + ": !GetAtt "
                  + text
                  + " names no attribute: write !GetAtt LogicalId.Attribute");
        }
        argument =
            TemplateNode.list(
                List.of(
                    TemplateNode.scalar(text.substring(0, dot), value.line(), value.column()),
                    TemplateNode.scalar(text.substring(dot + 1), value.line(), value.column())),
                value.line(),
                value.column());
      }
    } else {
      throw new TemplateException(
          name
              + ":"
              + value.line()
              + ": unknown tag !"
              + tag
              + "; CloudFormation's short forms are !Ref, !GetAtt, !Sub, !Join, !If and the other"
              + " Fn:: names");
    }
    return TemplateNode.map(Map.of(key, argument), value.line(), value.column());
  }

  private static TemplateNode readJson(final String name, final String text) {
    try (JsonParser parser = new JsonFactory().createParser(text)) {
      parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      if (parser.nextToken() == null) {
        throw new TemplateException(name + ": the file is empty, not a template");
      }
      final TemplateNode node = json(parser);
      if (parser.nextToken() != null) {
        final JsonLocation where = parser.currentTokenLocation();
        throw new TemplateException(
            name + ":" + where.getLineNr() + ": text after the end of the JSON document");
      }
      requireTemplate(name, node);
      return node;
    } catch (JsonProcessingException e) {
      final JsonLocation where = e.getLocation();
      throw new TemplateException(
          name
              + (where == null ? "" : ":" + where.getLineNr() + ":" + where.getColumnNr())
              + ": not valid JSON: "
              + oneLine(e.getOriginalMessage()),
          e);
    } catch (IOException e) {
      throw new TemplateException(name + ": cannot be read: " + e.getMessage(), e);
    }
  }

  private static TemplateNode json(final JsonParser parser) throws IOException {
    final JsonLocation where = parser.currentTokenLocation();
    final int line = where.getLineNr();
    final int column = where.getColumnNr();
    final JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT) {
      final Map<String, TemplateNode> entries = new LinkedHashMap<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        final JsonLocation key = parser.currentTokenLocation();
        final String field = parser.currentName();
        parser.nextToken();
        entries.put(field, json(parser).at(key.getLineNr(), key.getColumnNr()));
      }
      return TemplateNode.map(entries, line, column);
    }
    if (token == JsonToken.START_ARRAY) {
      final List<TemplateNode> items = new ArrayList<>();
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        items.add(json(parser));
      }
      return TemplateNode.list(items, line, column);
    }
    if (token == JsonToken.VALUE_NULL) {
      return TemplateNode.nullNode(line, column);
    }
    return TemplateNode.scalar(parser.getText(), line, column);
  }

  private static void requireTemplate(final String name, final TemplateNode node) {
    if (!node.isMap()) {
      throw new TemplateException(
          name + ":" + node.line() + ": a template is a mapping with a Resources section");
    }
    final TemplateNode resources = node.get("Resources");
    if (resources == null || !resources.isMap()) {
      throw new TemplateException(
          name
              + ":"
              + (resources == null ? 1 : resources.line())
              + ": no Resources mapping, so this is not a CloudFormation template");
    }
  }

  private static String oneLine(final String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
