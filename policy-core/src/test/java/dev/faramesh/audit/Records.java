package dev.faramesh.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Draft records for tests, with every member we set filled in and random (never secret) values. */
final class Records {
    private Records() {
    }

    static DprRecord full(String agent, int n) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return DprRecord.builder()
                .agentId(agent)
                .sessionId("sess-" + r.nextInt(1000))
                .toolId("stripe/refund")
                .actionType("tool_call")
                .interceptAdapter("sdk")
                .principalId("user-" + r.nextLong())
                .effect(n % 3 == 0 ? "DENY" : "PERMIT")
                .matchedRuleId("fpl-" + n)
                .ruleRef("governance.fms:" + (10 + n) + ":5")
                .reasonCode(n % 3 == 0 ? "RULE_DENY" : "RULE_PERMIT")
                .reason("refund <= $500 & \"ok\" \u2028 " + n)
                .policyVersion("a1b2c3d4e5f60718")
                .args(Map.of("amount", 80 + n, "currency", "USD"))
                .networkHostHash("9f86d081884c7d65")
                .networkPort(443)
                .credentialBrokered(true)
                .credentialSource("vault")
                .credentialScope("refund")
                .degradedMode("FULL")
                .agentSvid("spiffe://example.org/agent/" + agent)
                .agentSvidExpiry(Instant.parse("2030-01-01T00:00:00.5Z"))
                .claims(Map.of("sub", "user", "groups", List.of("a", "b"), "n", n))
                .delegatedFrom(List.of("spiffe://example.org/supervisor"))
                .crossDomainDelegation(List.of("example.org", "partner.example"))
                .devMode(n % 2 == 0)
                .enforcementMode(EnforcementMode.SHADOW)
                .shadowActualEffect("DENY")
                .retryAfterSeconds(30)
                .executionTimeoutMs(5000)
                .field("incident_category", "destructive_command")
                .field("workflow_phase", "intake")
                .build();
    }

    static DprRecord minimal(String agent) {
        return DprRecord.builder().agentId(agent).toolId("http/get").effect("PERMIT").build();
    }
}
