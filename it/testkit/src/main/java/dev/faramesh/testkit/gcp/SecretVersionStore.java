package dev.faramesh.testkit.gcp;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * Secret Manager's data model shared by the gRPC and HTTP/JSON transports: secrets under a project,
 * each with versions numbered from 1 that are ENABLED, DISABLED or DESTROYED. {@code latest} is the
 * most recently created version whatever its state, as in Google's API. Errors are gRPC statuses with
 * Google's messages; the REST transport maps them to HTTP.
 */
final class SecretVersionStore {
    private static final Pattern VERSION = Pattern.compile("projects/([^/]+)/secrets/([^/]+)/versions/([^/]+)");
    private static final Pattern SECRET = Pattern.compile("projects/([^/]+)/secrets/([^/]+)");

    enum State { ENABLED, DISABLED, DESTROYED }

    /** One version; {@code data} is null once destroyed. */
    static final class Version {
        final String name;
        final int number;
        final Instant created;
        byte[] data;
        State state = State.ENABLED;

        Version(String name, int number, byte[] data, Instant created) {
            this.name = name;
            this.number = number;
            this.data = data;
            this.created = created;
        }
    }

    /** What an access returns: the resolved version name and the payload with its CRC32C. */
    record Access(String name, byte[] data, long crc32c) {
    }

    private final Map<String, List<Version>> secrets = new LinkedHashMap<>();
    private final Map<String, Instant> created = new LinkedHashMap<>();
    private final Clock clock;

    SecretVersionStore(Clock clock) {
        this.clock = clock;
    }

    synchronized void createSecret(String secretName) {
        if (secrets.containsKey(secretName)) {
            throw Status.ALREADY_EXISTS.withDescription("Secret [" + secretName + "] already exists.").asRuntimeException();
        }
        secrets.put(secretName, new ArrayList<>());
        created.put(secretName, clock.instant());
    }

    synchronized boolean exists(String secretName) {
        return secrets.containsKey(secretName);
    }

    synchronized Instant createdAt(String secretName) {
        return created.get(secretName);
    }

    synchronized Version add(String secretName, byte[] data) {
        parseSecret(secretName);
        List<Version> versions = secrets.get(secretName);
        if (versions == null) {
            throw Status.NOT_FOUND.withDescription("Secret [" + secretName + "] not found.").asRuntimeException();
        }
        int n = versions.size() + 1;
        Version v = new Version(secretName + "/versions/" + n, n, data.clone(), clock.instant());
        versions.add(v);
        return v;
    }

    /** Resolves a version name ("latest" or a number) to the stored version. */
    synchronized Version get(String versionName) {
        Matcher m = VERSION.matcher(versionName);
        if (!m.matches()) {
            throw Status.INVALID_ARGUMENT.withDescription("Invalid resource field value in the request.").asRuntimeException();
        }
        String secretName = "projects/" + m.group(1) + "/secrets/" + m.group(2);
        List<Version> versions = secrets.get(secretName);
        if (versions == null || versions.isEmpty()) {
            throw Status.NOT_FOUND.withDescription("Secret [" + secretName + "] not found or has no versions.").asRuntimeException();
        }
        String id = m.group(3);
        if (id.equals("latest")) {
            return versions.get(versions.size() - 1);
        }
        try {
            int n = Integer.parseInt(id);
            if (n >= 1 && n <= versions.size()) {
                return versions.get(n - 1);
            }
        } catch (NumberFormatException e) {
            throw Status.INVALID_ARGUMENT.withDescription("Invalid resource field value in the request.").asRuntimeException();
        }
        throw Status.NOT_FOUND.withDescription("Secret Version [" + versionName + "] not found.").asRuntimeException();
    }

    synchronized Access access(String versionName, boolean corruptCrc) {
        Version v = get(versionName);
        if (v.state != State.ENABLED) {
            throw Status.FAILED_PRECONDITION.withDescription("Secret Version [" + v.name + "] is in " + v.state + " state.")
                    .asRuntimeException();
        }
        long crc = crc32c(v.data);
        return new Access(v.name, v.data.clone(), corruptCrc ? crc ^ 0x1L : crc);
    }

    synchronized Version setState(String versionName, State state) {
        Version v = get(versionName);
        if (v.state == State.DESTROYED && state != State.DESTROYED) {
            throw Status.FAILED_PRECONDITION.withDescription("Secret Version [" + v.name + "] is in DESTROYED state.").asRuntimeException();
        }
        v.state = state;
        if (state == State.DESTROYED) {
            v.data = null;
        }
        return v;
    }

    static long crc32c(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return crc.getValue();
    }

    static void parseSecret(String secretName) {
        if (!SECRET.matcher(secretName).matches()) {
            throw Status.INVALID_ARGUMENT.withDescription("Invalid resource field value in the request.").asRuntimeException();
        }
    }

    static StatusRuntimeException permissionDenied(String permission, String resource) {
        return Status.PERMISSION_DENIED.withDescription("Permission '" + permission + "' denied for resource '" + resource
                + "' (or it may not exist).").asRuntimeException();
    }
}
