package dev.faramesh.broker;

/**
 * What {@code rotate} did: whether the backend itself made a new value (AWS Secrets Manager's
 * {@code RotateSecret}) or only the broker's cache was dropped because the backend has no rotation
 * call (the next lease reads whatever the backend holds then), the new version when known, and a
 * sentence for the operator.
 */
public record Rotation(String credential, boolean byBackend, String version, String detail) {

  public static Rotation cacheOnly(String credential, String why) {
    return new Rotation(credential, false, null, why);
  }
}
