package dev.faramesh.broker.gcp;

import dev.faramesh.broker.BackendException;
import dev.faramesh.broker.Failure;
import dev.faramesh.broker.JsonFields;
import dev.faramesh.policy.CredentialBinding;

/**
 * The secret version a binding names, as a full resource name
 * ({@code projects/p/secrets/s/versions/v}), and the JSON key to pick, if any. The binding's
 * {@code version} wins over a version in the path; without either it is {@code latest}.
 */
record GcpSecretName(String resource, String key) {

  static GcpSecretName of(CredentialBinding b, String project) throws BackendException {
    JsonFields.PathAndKey pk = JsonFields.split(b);
    String p = pk.path().trim();
    String version = null;
    int v = p.indexOf("/versions/");
    if (v >= 0) {
      version = p.substring(v + "/versions/".length());
      p = p.substring(0, v);
    }
    if (b.version() != null) {
      version = b.version();
    }
    String secret;
    if (p.startsWith("projects/")) {
      String[] parts = p.split("/");
      if (parts.length != 4 || !parts[2].equals("secrets")) {
        throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, "credential \"" + b.name() + "\": \"" + b.path()
            + "\" is not projects/<project>/secrets/<secret>[/versions/<version>]");
      }
      secret = p;
    } else {
      if (project == null) {
        throw new BackendException(Failure.BACKEND_NOT_CONFIGURED, "credential \"" + b.name() + "\": gcp-sm needs a "
            + "project for the short path \"" + b.path() + "\" (set FARAMESH_CREDENTIAL_GCP_PROJECT, pass "
            + "--gcp-secrets-project, or give projects/<project>/secrets/<secret>)");
      }
      secret = "projects/" + project + "/secrets/" + p;
    }
    return new GcpSecretName(secret + "/versions/" + (version == null || version.isEmpty() ? "latest" : version),
        pk.key());
  }
}
