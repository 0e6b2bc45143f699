package dev.faramesh.audit;

/**
 * How a decision was applied, recorded in {@code enforcement_mode}: {@code enforce} blocks non-permits,
 * {@code shadow} evaluates and records what would have happened ({@code shadow_actual_effect}) but lets
 * the call through, {@code audit} only records.
 */
public enum EnforcementMode {
    ENFORCE("enforce"),
    SHADOW("shadow"),
    AUDIT("audit");

    private final String wireName;

    EnforcementMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
