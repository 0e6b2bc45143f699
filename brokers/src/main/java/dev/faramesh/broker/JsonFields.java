package dev.faramesh.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faramesh.policy.CredentialBinding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One key of a secret stored as a JSON document ({@code {"username":..,"password":..}}), as AWS, GCP,
 * Azure and Infisical secrets often are. A binding names the key with {@code field} or with
 * {@code #key} after its path; errors list the document's keys, never its values.
 */
public final class JsonFields {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonFields() {}

  /** A path without its {@code #key} suffix, and the key ({@code field} wins); key {@code null} when none. */
  public record PathAndKey(String path, String key) {}

  public static PathAndKey split(CredentialBinding b) {
    String p = b.path();
    String key = b.field();
    int hash = p.lastIndexOf('#');
    if (hash > 0) {
      if (key == null && hash < p.length() - 1) {
        key = p.substring(hash + 1);
      }
      p = p.substring(0, hash);
    }
    return new PathAndKey(p, key);
  }

  /** {@code text} itself when {@code key} is null, else the text value of that key of the JSON document. */
  public static String pick(String where, String text, String key) throws BackendException {
    if (key == null) {
      return text;
    }
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (IOException e) {
      throw new BackendException(Failure.CREDENTIAL_NOT_FOUND, where + " is not a JSON document, so it has no key \""
          + key + "\"");
    }
    JsonNode v = n == null ? null : n.get(key);
    if (v == null || v.isNull() || v.isContainerNode()) {
      List<String> keys = new ArrayList<>();
      if (n != null) {
        n.fieldNames().forEachRemaining(keys::add);
      }
      throw new BackendException(Failure.CREDENTIAL_NOT_FOUND, where + " has no text key \"" + key + "\" (keys: "
          + keys + ")");
    }
    return v.asText();
  }
}
