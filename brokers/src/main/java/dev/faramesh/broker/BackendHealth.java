package dev.faramesh.broker;

import java.time.Duration;

/**
 * The result of checking one backend for real: it authenticated and read the bound credential
 * {@code probe} ({@code null} when nothing is bound to it, then only the login was checked), how long
 * that took, and for a backend that is down the reason code and what failed.
 */
public record BackendHealth(String backend, boolean up, Duration latency, String probe, String reasonCode,
    String detail) {}
