package software.amazon.sns.ssetopic.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * A key policy a person hands the toolkit: the document itself, or the response of {@code aws kms
 * get-key-policy} (an object whose {@code Policy} field holds the document as a string), checked to
 * be a key policy before anything is merged into it.
 */
public final class KeyPolicyInput {
  /** The policy-language versions IAM and KMS accept. */
  static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");

  private static final String POLICY = "Policy";
  private static final String VERSION = "Version";

  private KeyPolicyInput() {}

  /**
   * The key-policy document in this text.
   *
   * @return the document as JSON (the {@code Policy} string of a get-key-policy response, else the
   *     text itself)
   * @throws InvalidPolicyDocumentException naming what is missing and how to get a key policy
   */
  public static String read(final String text) {
    ObjectNode document = PolicyJson.readPolicy(text);
    String json = text;
    final JsonNode wrapped = document.get(POLICY);
    if (wrapped != null && !document.has(PolicyJson.STATEMENT)) {
      if (!wrapped.isTextual()) {
        throw new InvalidPolicyDocumentException(
            "its Policy field is not a string, so it is not an 'aws kms get-key-policy' response;"
                + " pass the key policy itself");
      }
      json = wrapped.asText();
      document = PolicyJson.readPolicy(json);
    }
    final JsonNode statements = document.get(PolicyJson.STATEMENT);
    if (statements == null || !statements.isArray() || statements.isEmpty()) {
      throw new InvalidPolicyDocumentException(
          "it has no Statement list, so it is not a key policy; save the key's policy with aws kms"
              + " get-key-policy --key-id KEY --policy-name default --query Policy --output text");
    }
    for (final JsonNode statement : statements) {
      if (!statement.isObject()) {
        throw new InvalidPolicyDocumentException(
            "its Statement list holds " + statement + ", which is not a statement object");
      }
    }
    final JsonNode version = document.get(VERSION);
    if (version == null || !VERSIONS.contains(version.asText())) {
      throw new InvalidPolicyDocumentException(
          "its Version is "
              + (version == null ? "missing" : "'" + version.asText() + "'")
              + "; a key policy says \"Version\": \"2012-10-17\"");
    }
    return json;
  }
}
