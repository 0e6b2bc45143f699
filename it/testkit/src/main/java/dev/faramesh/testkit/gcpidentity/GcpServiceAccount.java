package dev.faramesh.testkit.gcpidentity;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * The service account and VM a {@link GcpMetadataServer} speaks for: the account's e-mail and numeric
 * unique id (which Google puts in {@code sub} and {@code azp}), and the project, zone and instance the
 * {@code google.compute_engine} claim describes.
 *
 * @param email           e.g. {@code planner@proj.iam.gserviceaccount.com}
 * @param uniqueId        21-digit numeric id of the service account
 * @param projectId       e.g. {@code faramesh-test}
 * @param projectNumber   numeric project number
 * @param zone            e.g. {@code europe-west1-b}
 * @param instanceId      numeric instance id
 * @param instanceName    VM name
 * @param instanceCreated when the VM was created
 */
public record GcpServiceAccount(String email, String uniqueId, String projectId, String projectNumber, String zone,
                                String instanceId, String instanceName, Instant instanceCreated) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A service account {@code name@projectId.iam.gserviceaccount.com} on a VM with random ids. */
    public static GcpServiceAccount of(String projectId, String name) {
        return new GcpServiceAccount(name + "@" + projectId + ".iam.gserviceaccount.com", "1" + digits(20), projectId,
                digits(12), "europe-west1-b", digits(19), name + "-vm", Instant.now().minusSeconds(86_400));
    }

    private static String digits(int count) {
        StringBuilder out = new StringBuilder(count);
        out.append(1 + RANDOM.nextInt(9));
        for (int i = 1; i < count; i++) {
            out.append(RANDOM.nextInt(10));
        }
        return out.toString();
    }
}
