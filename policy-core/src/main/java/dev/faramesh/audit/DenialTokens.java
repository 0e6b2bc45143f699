package dev.faramesh.audit;

import java.util.regex.Pattern;

/**
 * Opaque {@code denial_token}s ({@code dnl_} + 16 hex characters) that let an operator find the record of
 * a blocked call without telling the agent which rule blocked it. Derived as the daemon does, from the
 * call's identity and the matched rule, so a retry of the same call gets the same token.
 */
public final class DenialTokens {
    private static final Pattern SHAPE = Pattern.compile("dnl_[0-9a-f]{16}");

    private DenialTokens() {
    }

    public static String derive(String callId, String toolId, String agentId, String ruleId) {
        return "dnl_" + Sha256.hex(nz(callId) + nz(toolId) + nz(agentId) + nz(ruleId)).substring(0, 16);
    }

    public static boolean isWellFormed(String token) {
        return token != null && SHAPE.matcher(token).matches();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
