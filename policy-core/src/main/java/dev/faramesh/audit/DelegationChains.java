package dev.faramesh.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * Which trust domains a delegation crossed, for {@code cross_domain_delegation}: the trust domain of
 * each identity of {@code delegated_from} (outermost first), then of the identity acting, with
 * consecutive repeats collapsed. Identities that are not SPIFFE IDs ({@code spiffe://DOMAIN/...})
 * have no trust domain and are passed over. A chain within one trust domain crossed none.
 */
public final class DelegationChains {

    private static final String SCHEME = "spiffe://";

    private DelegationChains() {
    }

    /**
     * The trust domains the chain passed through, outermost first, or an empty list when it stayed in one
     * (or names fewer than two SPIFFE IDs).
     */
    public static List<String> crossedTrustDomains(List<String> delegatedFrom, String identity) {
        List<String> domains = new ArrayList<>(delegatedFrom.size() + 1);
        for (String id : delegatedFrom) {
            add(domains, trustDomain(id));
        }
        add(domains, trustDomain(identity));
        return domains.size() < 2 ? List.of() : List.copyOf(domains);
    }

    private static void add(List<String> domains, String domain) {
        if (domain != null && (domains.isEmpty() || !domains.get(domains.size() - 1).equals(domain))) {
            domains.add(domain);
        }
    }

    /** The trust domain of a SPIFFE ID (lowercase, as SPIFFE requires), or null when it is not one. */
    static String trustDomain(String id) {
        if (id == null || !id.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        int end = id.indexOf('/', SCHEME.length());
        String domain = end < 0 ? id.substring(SCHEME.length()) : id.substring(SCHEME.length(), end);
        return domain.isEmpty() ? null : domain.toLowerCase(java.util.Locale.ROOT);
    }
}
