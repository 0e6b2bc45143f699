package dev.faramesh.audit;

import java.util.HashSet;
import java.util.Set;

/**
 * Our canonical form, {@code jcs-rfc8785-full-v1}: RFC 8785 JSON over every member of the record except
 * {@code record_hash} and the signature members, nested objects included, so no member (the free-text
 * {@code reason} included) can change without changing the hash. Repeated member names make the form
 * ambiguous and are refused.
 */
final class FullCanonicalForm {
    private static final Set<String> EXCLUDED;

    static {
        Set<String> s = new HashSet<>(DprFields.SIGNATURE_FIELDS);
        s.add(DprFields.RECORD_HASH);
        EXCLUDED = Set.copyOf(s);
    }

    private FullCanonicalForm() {
    }

    static void write(DprRecord record, ByteSink sink) throws CanonicalizationException {
        if (!record.duplicateNames().isEmpty()) {
            throw new CanonicalizationException("member name repeated: " + record.duplicateNames().iterator().next());
        }
        JcsText.putObject(sink, record.fields(), EXCLUDED);
    }
}
