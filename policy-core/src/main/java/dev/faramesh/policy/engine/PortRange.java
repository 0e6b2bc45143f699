package dev.faramesh.policy.engine;

/** A port or an inclusive range of ports from a {@code port} clause ({@code 443}, {@code 8000-8999}). */
public record PortRange(long low, long high) {

  public boolean contains(long port) {
    return port >= low && port <= high;
  }
}
