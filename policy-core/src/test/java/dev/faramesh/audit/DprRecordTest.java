package dev.faramesh.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DprRecordTest {
    @Test
    void builderStatesDevModeAndEnforcementModeAndSchema() {
        DprRecord r = Records.minimal("a");
        assertThat(r.fields()).containsEntry("dev_mode", false).containsEntry("enforcement_mode", "enforce")
                .containsEntry("schema_version", "dpr/2.0").containsKeys("reason", "session_id", "created_at");
        assertThat(r.denialToken()).isEmpty();
        assertThat(r.createdAtInstant()).isPresent();
    }

    @Test
    void nonPermitsGetADenialTokenDerivedFromTheCall() {
        DprRecord deny = DprRecord.builder().agentId("a").toolId("shell/run").effect("DENY").matchedRuleId("fpl-0")
                .callId("call-1").build();
        assertThat(deny.denialToken()).isEqualTo(DenialTokens.derive("call-1", "shell/run", "a", "fpl-0"));
        assertThat(DenialTokens.isWellFormed(deny.denialToken())).isTrue();
        // the daemon's formula: "dnl_" + first 16 hex of sha256(callID+toolID+agentID+ruleID)
        assertThat(deny.denialToken()).isEqualTo("dnl_" + TestWal.sha256Hex("call-1shell/runafpl-0".getBytes(StandardCharsets.UTF_8)).substring(0, 16));
        DprRecord defer = DprRecord.builder().agentId("a").effect("DEFER").build();
        DprRecord defer2 = DprRecord.builder().agentId("a").effect("DEFER").build();
        assertThat(defer.denialToken()).isNotEqualTo(defer2.denialToken());
        assertThatThrownBy(() -> DprRecord.builder().denialToken("dnl_xyz")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requiredMembersAndChainMembersAreEnforced() {
        assertThatThrownBy(() -> DprRecord.builder().effect("PERMIT").build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> DprRecord.builder().agentId("a").build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> DprRecord.builder().field("record_hash", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DprRecord.builder().field("x", new Object())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DprRecord.builder().field("x", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsedRecordsKeepUnknownMembersAndTheirTypes() throws Exception {
        String json = "{\"agent_id\":\"a\",\"future_field\":{\"z\":[1,2.50,true,null,\"s\"]},\"big\":123456789012345678901234567890,"
                + "\"lamport_seq\":7,\"created_at\":\"2026-01-02T03:04:05+05:30\"}";
        DprRecord r = DprRecord.parse(json.getBytes(StandardCharsets.UTF_8));
        assertThat(r.fields().keySet()).containsExactly("agent_id", "future_field", "big", "lamport_seq", "created_at");
        assertThat(r.lamportSeq()).isEqualTo(7);
        assertThat(r.get("big")).isInstanceOf(java.math.BigInteger.class);
        assertThat(r.createdAtInstant()).contains(Instant.parse("2026-01-01T21:34:05Z"));
        DprRecord again = DprRecord.parse(r.toJson());
        assertThat(again).isEqualTo(r);
        assertThat(Canonicalization.FULL_JCS.recordHash(again)).isEqualTo(Canonicalization.FULL_JCS.recordHash(r));
    }

    @Test
    void malformedPayloadsAreRejected() {
        for (String bad : new String[] {"", "[]", "\"s\"", "{", "{\"a\":1} x", "{\"a\":NaN}", "{'a':1}"}) {
            assertThatThrownBy(() -> DprRecord.parse(bad.getBytes(StandardCharsets.UTF_8))).as(bad)
                    .isInstanceOf(MalformedRecordException.class);
        }
    }

    @Test
    void principalDigestsHideIdentityData() {
        String id = "user-" + System.nanoTime();
        assertThat(PrincipalDigests.idHash(id)).hasSize(16).isEqualTo(TestWal.sha256Hex(id.getBytes(StandardCharsets.UTF_8)).substring(0, 16));
        Map<String, Object> claims = Map.of("sub", id, "groups", List.of("ops", "dev"), "exp", 1_900_000_000L);
        String h = PrincipalDigests.claimsHash(claims);
        assertThat(h).hasSize(64).doesNotContain(id);
        // RFC 8785: key order does not matter
        Map<String, Object> reordered = new java.util.LinkedHashMap<>();
        reordered.put("sub", id);
        reordered.put("exp", 1_900_000_000);
        reordered.put("groups", List.of("ops", "dev"));
        assertThat(PrincipalDigests.claimsHash(reordered)).isEqualTo(h);
        assertThat(PrincipalDigests.claimsHash(Map.of("sub", id + "x"))).isNotEqualTo(h);
        DprRecord r = DprRecord.builder().agentId("a").effect("PERMIT").principalId(id).claims(claims).build();
        assertThat(new String(r.toJson(), StandardCharsets.UTF_8)).doesNotContain(id);
    }

    @Test
    void ourMembersRoundTrip() {
        DprRecord r = Records.full("payments-bot", 4);
        assertThat(r.ruleRef()).isEqualTo("governance.fms:14:5");
        assertThat(r.delegatedFrom()).containsExactly("spiffe://example.org/supervisor");
        assertThat(r.agentSvidExpiry()).isEqualTo("2030-01-01T00:00:00.5Z");
        assertThat(r.devMode()).isTrue();
        assertThat(r.enforcementMode()).isEqualTo("shadow");
        assertThat(r.retryAfterSeconds()).isEqualTo(30);
        assertThat(r.networkPort()).isEqualTo(443);
        assertThat(r.credentialBrokered()).isTrue();
        assertThat(r.get("incident_category")).isEqualTo("destructive_command");
        assertThat(r.toString()).doesNotContain("refund <=");
    }
}
