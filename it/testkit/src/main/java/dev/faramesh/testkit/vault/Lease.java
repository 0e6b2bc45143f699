package dev.faramesh.testkit.vault;

import java.time.Instant;

/**
 * A snapshot of one dynamic-secret lease as the server holds it, for assertions: who it was issued
 * to, when it expires and whether it was revoked. The password itself is not part of the snapshot;
 * use {@link VaultServer#credentialsValid} to check a credential the client received.
 */
public record Lease(String id, String role, String username, Instant issued, Instant lastRenewal,
                    Instant expires, Instant maxExpires, boolean renewable, boolean revoked) {

    /** True while the lease is neither revoked nor past its expiry at {@code now}. */
    public boolean activeAt(Instant now) {
        return !revoked && now.isBefore(expires);
    }
}
