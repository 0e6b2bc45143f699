package dev.faramesh.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cross_domain_delegation}: the trust domains a delegation crossed, outermost first, set next to
 * {@code delegated_from} only when the chain leaves one trust domain; a member of the record like any
 * other, so it is hashed, written the same by the typed and the generic encoder, and its change, removal
 * or insertion breaks verification.
 */
class CrossDomainDelegationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String SUPERVISOR = "spiffe://example.org/agents/supervisor";
    private static final String PARTNER_WORKER = "spiffe://partner.example/agents/worker";

    @TempDir
    Path dir;

    @Test
    void theTrustDomainsOfTheChainOutermostFirstOnlyWhenItCrossesOne() {
        assertThat(DelegationChains.crossedTrustDomains(List.of(SUPERVISOR), PARTNER_WORKER))
                .containsExactly("example.org", "partner.example");
        assertThat(DelegationChains.crossedTrustDomains(List.of(SUPERVISOR), "spiffe://example.org/agents/worker"))
                .isEmpty();
        // consecutive repeats collapse; a return to a domain is a further crossing
        assertThat(DelegationChains.crossedTrustDomains(List.of(SUPERVISOR, "spiffe://example.org/x", PARTNER_WORKER),
                "spiffe://Example.ORG/back")).containsExactly("example.org", "partner.example", "example.org");
        // identities that are not SPIFFE IDs name no domain
        assertThat(DelegationChains.crossedTrustDomains(List.of("unattested"), PARTNER_WORKER)).isEmpty();
        assertThat(DelegationChains.crossedTrustDomains(List.of(SUPERVISOR), "unattested")).isEmpty();
        assertThat(DelegationChains.crossedTrustDomains(List.of(), PARTNER_WORKER)).isEmpty();
    }

    @Test
    void theBuilderSetsItNextToDelegatedFromOnlyForACrossing() {
        DprRecord crossed = DprRecord.builder().agentId("worker").effect("PERMIT")
                .delegation(List.of(SUPERVISOR), PARTNER_WORKER).build();
        assertThat(crossed.delegatedFrom()).containsExactly(SUPERVISOR);
        assertThat(crossed.crossDomainDelegation()).containsExactly("example.org", "partner.example");
        assertThat(crossed.get(DprFields.CROSS_DOMAIN_DELEGATION)).isEqualTo(List.of("example.org", "partner.example"));

        DprRecord within = DprRecord.builder().agentId("worker").effect("PERMIT")
                .delegation(List.of(SUPERVISOR), "spiffe://example.org/agents/worker").build();
        assertThat(within.delegatedFrom()).containsExactly(SUPERVISOR);
        assertThat(within.has(DprFields.CROSS_DOMAIN_DELEGATION)).isFalse();

        DprRecord alone = DprRecord.builder().agentId("supervisor").effect("PERMIT")
                .delegation(List.of(), SUPERVISOR).build();
        assertThat(alone.has(DprFields.DELEGATED_FROM)).isFalse();
        assertThat(alone.has(DprFields.CROSS_DOMAIN_DELEGATION)).isFalse();
        assertThat(alone.crossDomainDelegation()).isEmpty();
    }

    @Test
    void itIsHashedAndVerifiedLikeEveryOtherMember() throws Exception {
        DprRecord built = DprRecord.builder().agentId("worker").effect("PERMIT").toolId("http/get")
                .delegation(List.of(SUPERVISOR), PARTNER_WORKER).build();
        Path wal = Files.createDirectories(dir.resolve("wal"));
        DprRecord sealed;
        try (DprWriter w = DprWriter.open(wal)) {
            w.append(DprRecord.builder().agentId("supervisor").effect("PERMIT").toolId("http/get").build());
            sealed = w.append(built);
            w.append(DprRecord.builder().agentId("worker").effect("PERMIT").toolId("http/get")
                    .delegation(List.of(SUPERVISOR), PARTNER_WORKER).build());
        }
        assertThat(AuditVerifier.verify(wal).valid()).isTrue();

        // the stored hash is the hash of the canonical form with the member in it
        ByteSink canonical = new ByteSink(1024);
        FullCanonicalForm.write(sealed, canonical);
        assertThat(Sha256.hex(canonical)).isEqualTo(sealed.recordHash());
        assertThat(new String(canonical.toByteArray(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"cross_domain_delegation\":[\"example.org\",\"partner.example\"]");

        // the typed encoder writes what the generic one writes
        DprRecord parsedBack = DprRecord.parse(sealed.toJson());
        assertThat(parsedBack.crossDomainDelegation()).containsExactly("example.org", "partner.example");

        // rewriting it (here: hiding the crossing) breaks verification
        Path file = wal.resolve("faramesh.wal");
        List<TestWal.RawFrame> frames = TestWal.read(file);
        ObjectNode record = (ObjectNode) JSON.readTree(frames.get(1).payload());
        record.remove(DprFields.CROSS_DOMAIN_DELEGATION);
        byte[] rewritten = JSON.writeValueAsBytes(record);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < frames.size(); i++) {
            all.write((i == 1 ? frames.get(i).withPayload(rewritten) : frames.get(i)).bytes());
        }
        Files.write(file, all.toByteArray());
        assertThat(AuditVerifier.verify(wal).valid()).isFalse();
    }
}
