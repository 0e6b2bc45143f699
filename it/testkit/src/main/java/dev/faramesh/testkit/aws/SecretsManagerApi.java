package dev.faramesh.testkit.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faramesh.testkit.HttpEndpoint;
import dev.faramesh.testkit.JsonExchange;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The AWS JSON 1.1 protocol of Secrets Manager: {@code POST /} with the operation in
 * {@code X-Amz-Target}, every request SigV4-verified first, errors as HTTP 400 with {@code __type}
 * in the body and {@code x-amzn-ErrorType} in the headers, timestamps as epoch seconds.
 */
final class SecretsManagerApi implements HttpEndpoint.Handler {
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String TARGET_PREFIX = "secretsmanager.";

    private final AwsSecretsManagerServer server;

    SecretsManagerApi(AwsSecretsManagerServer server) {
        this.server = server;
    }

    /** An error reply; AWS uses 400 for client errors of this protocol. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final String type;

        Failure(String type, String message) {
            super(message);
            this.type = type;
        }
    }

    @Override
    public void handle(JsonExchange ex) throws IOException {
        ex.setHeader("x-amzn-RequestId", UUID.randomUUID().toString());
        byte[] body = ex.body();
        SigV4Verifier.Rejection rejection = server.verifier.verify(ex.method(), ex.host(), ex.rawPath(), ex.headers(), body);
        if (rejection != null) {
            fail(ex, rejection.type(), rejection.message());
            return;
        }
        String target = ex.header("X-Amz-Target").orElse("");
        if (!ex.method().equals("POST") || !target.startsWith(TARGET_PREFIX)) {
            fail(ex, "UnknownOperationException", null);
            return;
        }
        if (server.denyingAll()) {
            String op = target.substring(TARGET_PREFIX.length());
            fail(ex, "AccessDeniedException", "User: arn:aws:iam::" + server.account() + ":user/testkit is not authorized to perform: "
                    + "secretsmanager:" + op + " because no identity-based policy allows the secretsmanager:" + op + " action");
            return;
        }
        try {
            JsonNode req = JsonExchange.JSON.readTree(body.length == 0 ? "{}".getBytes() : body);
            ObjectNode out = switch (target.substring(TARGET_PREFIX.length())) {
                case "GetSecretValue" -> getSecretValue(req);
                case "PutSecretValue" -> putSecretValue(req);
                case "CreateSecret" -> createSecret(req);
                case "DescribeSecret" -> describeSecret(req);
                case "RotateSecret" -> rotateSecret(req);
                default -> throw new Failure("UnknownOperationException", null);
            };
            ex.sendJson(200, out, CONTENT_TYPE);
        } catch (Failure f) {
            fail(ex, f.type, f.getMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            fail(ex, "SerializationException", "Start of structure or map found where not expected.");
        }
    }

    private ObjectNode getSecretValue(JsonNode req) throws Failure {
        SecretStore.Secret s = secret(req);
        String versionId = text(req, "VersionId");
        String stage = text(req, "VersionStage");
        SecretStore.Version v;
        synchronized (server.store) {
            if (versionId != null) {
                v = s.versions.get(versionId);
                if (v == null || stage != null && !v.stages().contains(stage)) {
                    throw new Failure("ResourceNotFoundException", "Secrets Manager can't find the specified secret value for VersionId: " + versionId);
                }
            } else {
                String label = stage == null ? SecretStore.CURRENT : stage;
                v = s.byStage(label).orElseThrow(() -> new Failure("ResourceNotFoundException",
                        "Secrets Manager can't find the specified secret value for staging label: " + label));
            }
        }
        ObjectNode out = identity(s);
        out.put("VersionId", v.id());
        if (v.string() != null) {
            out.put("SecretString", v.string());
        } else {
            out.put("SecretBinary", Base64.getEncoder().encodeToString(v.binary()));
        }
        out.set("VersionStages", JsonExchange.JSON.valueToTree(new ArrayList<>(v.stages())));
        out.put("CreatedDate", epoch(v.created()));
        return out;
    }

    private ObjectNode putSecretValue(JsonNode req) throws Failure {
        SecretStore.Secret s = secret(req);
        List<String> stages = new ArrayList<>();
        req.path("VersionStages").forEach(n -> stages.add(n.asText()));
        SecretStore.Version v = addVersion(s, req, stages.isEmpty() ? List.of(SecretStore.CURRENT) : stages);
        ObjectNode out = identity(s);
        out.put("VersionId", v.id());
        out.set("VersionStages", JsonExchange.JSON.valueToTree(new ArrayList<>(v.stages())));
        return out;
    }

    private ObjectNode createSecret(JsonNode req) throws Failure {
        String name = text(req, "Name");
        if (name == null) {
            throw new Failure("InvalidParameterException", "You must provide a value for the Name parameter.");
        }
        SecretStore.Secret s;
        synchronized (server.store) {
            if (server.store.find(name).isPresent()) {
                throw new Failure("ResourceExistsException", "The operation failed because the secret " + name + " already exists.");
            }
            s = server.store.create(name, text(req, "Description"), server.clock.instant());
        }
        ObjectNode out = identity(s);
        if (req.has("SecretString") || req.has("SecretBinary")) {
            out.put("VersionId", addVersion(s, req, List.of(SecretStore.CURRENT)).id());
        }
        return out;
    }

    private ObjectNode describeSecret(JsonNode req) throws Failure {
        SecretStore.Secret s = secret(req);
        ObjectNode out = identity(s);
        if (s.description != null) {
            out.put("Description", s.description);
        }
        out.put("RotationEnabled", false);
        out.put("CreatedDate", epoch(s.created));
        out.put("LastChangedDate", epoch(s.lastChanged));
        out.set("VersionIdsToStages", JsonExchange.JSON.valueToTree(server.store.stages(s)));
        return out;
    }

    /** Stands in for the rotation Lambda: a new value from the server's generator becomes current. */
    private ObjectNode rotateSecret(JsonNode req) throws Failure {
        SecretStore.Secret s = secret(req);
        String token = text(req, "ClientRequestToken");
        SecretStore.Version v = server.store.addVersion(s, token, server.rotationValue.get(), null,
                List.of(SecretStore.CURRENT), server.clock.instant());
        ObjectNode out = identity(s);
        out.put("VersionId", v.id());
        return out;
    }

    private SecretStore.Version addVersion(SecretStore.Secret s, JsonNode req, List<String> stages) throws Failure {
        String string = text(req, "SecretString");
        String binary = text(req, "SecretBinary");
        if ((string == null) == (binary == null)) {
            throw new Failure("InvalidParameterException", "You must provide either SecretString or SecretBinary.");
        }
        String token = text(req, "ClientRequestToken");
        synchronized (server.store) {
            if (token != null && s.versions.containsKey(token)) {
                SecretStore.Version existing = s.versions.get(token);
                if (string != null && string.equals(existing.string())) {
                    return existing;
                }
                throw new Failure("ResourceExistsException", "You can't modify an existing version, you can only create a new version.");
            }
            return server.store.addVersion(s, token, string, binary == null ? null : Base64.getDecoder().decode(binary),
                    stages, server.clock.instant());
        }
    }

    private SecretStore.Secret secret(JsonNode req) throws Failure {
        Optional<SecretStore.Secret> s = server.store.find(text(req, "SecretId"));
        return s.orElseThrow(() -> new Failure("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
    }

    private static ObjectNode identity(SecretStore.Secret s) {
        ObjectNode out = JsonExchange.JSON.createObjectNode();
        out.put("ARN", s.arn);
        out.put("Name", s.name);
        return out;
    }

    private static String text(JsonNode req, String field) {
        JsonNode n = req.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static double epoch(Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }

    private static void fail(JsonExchange ex, String type, String message) throws IOException {
        ex.setHeader("x-amzn-ErrorType", type + ":");
        ObjectNode body = JsonExchange.JSON.createObjectNode();
        body.put("__type", type);
        if (message != null) {
            body.put("message", message);
        }
        ex.sendJson(400, body, CONTENT_TYPE);
    }

}
