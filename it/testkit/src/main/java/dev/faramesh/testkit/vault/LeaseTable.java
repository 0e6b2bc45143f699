package dev.faramesh.testkit.vault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Leases for dynamic database credentials, on the server's clock: issue, renew (capped at the role's
 * max TTL, refused when not renewable or already expired), revoke one or by prefix, and lookup.
 * Revoking invalidates the issued credential, which is what a real database plugin would do.
 */
final class LeaseTable {

    /** The outcome of a renewal: the new TTL, and a warning when the max TTL capped it. */
    record Renewal(Lease lease, long ttlSeconds, String warning) {
    }

    /** Thrown with Vault's own error text when a lease cannot be renewed. */
    static final class NotRenewable extends Exception {
        private static final long serialVersionUID = 1L;

        NotRenewable(String message) {
            super(message);
        }
    }

    private static final class Entry {
        Lease lease;
        final String password;

        Entry(Lease lease, String password) {
            this.lease = lease;
            this.password = password;
        }
    }

    private final Map<String, Entry> leases = new LinkedHashMap<>();
    private final Clock clock;

    LeaseTable(Clock clock) {
        this.clock = clock;
    }

    /** Issues new credentials for a role; returns the lease and the password. */
    synchronized Map.Entry<Lease, String> issue(String mount, DatabaseRole role) {
        Instant now = clock.instant();
        String id = mount + "/creds/" + role.name() + "/" + TokenStore.newId("").replace('-', 'x').replace('_', 'y');
        String username = "v-" + role.name() + "-" + TokenStore.newId("").substring(0, 10).toLowerCase().replace('-', 'x').replace('_', 'y');
        String password = TokenStore.newId("A1a-");
        Instant max = now.plus(role.maxTtl());
        Instant expires = min(now.plus(role.ttl()), max);
        Lease lease = new Lease(id, role.name(), username, now, null, expires, max, role.renewable(), false);
        leases.put(id, new Entry(lease, password));
        return Map.entry(lease, password);
    }

    synchronized Renewal renew(String id, Duration increment, Duration defaultTtl) throws NotRenewable {
        Instant now = clock.instant();
        Entry e = leases.get(id);
        if (e == null || !e.lease.activeAt(now)) {
            throw new NotRenewable("lease not found");
        }
        if (!e.lease.renewable()) {
            throw new NotRenewable("lease is not renewable");
        }
        Duration wanted = increment.isZero() ? defaultTtl : increment;
        Instant expires = now.plus(wanted);
        String warning = null;
        if (expires.isAfter(e.lease.maxExpires())) {
            expires = e.lease.maxExpires();
            warning = "TTL of \"" + wanted.toSeconds() + "s\" exceeded the effective max_ttl of \""
                    + Duration.between(now, expires).toSeconds() + "s\"; TTL value is capped accordingly";
        }
        Lease l = e.lease;
        e.lease = new Lease(l.id(), l.role(), l.username(), l.issued(), now, expires, l.maxExpires(), l.renewable(), false);
        return new Renewal(e.lease, Duration.between(now, expires).toSeconds(), warning);
    }

    synchronized void revoke(String id) {
        Entry e = leases.get(id);
        if (e != null) {
            Lease l = e.lease;
            e.lease = new Lease(l.id(), l.role(), l.username(), l.issued(), l.lastRenewal(), l.expires(), l.maxExpires(), l.renewable(), true);
        }
    }

    synchronized int revokePrefix(String prefix) {
        List<String> ids = new ArrayList<>();
        for (String id : leases.keySet()) {
            if (id.startsWith(prefix)) {
                ids.add(id);
            }
        }
        ids.forEach(this::revoke);
        return ids.size();
    }

    synchronized Optional<Lease> find(String id) {
        Entry e = leases.get(id);
        return e == null ? Optional.empty() : Optional.of(e.lease);
    }

    synchronized List<Lease> all() {
        return leases.values().stream().map(e -> e.lease).toList();
    }

    /** Whether a username/password pair is a live credential now, as the database would see it. */
    synchronized boolean valid(String username, String password) {
        Instant now = clock.instant();
        return leases.values().stream().anyMatch(e -> e.lease.username().equals(username)
                && java.security.MessageDigest.isEqual(e.password.getBytes(), password.getBytes())
                && e.lease.activeAt(now));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
