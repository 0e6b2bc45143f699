package dev.faramesh.broker;

import java.util.Locale;
import java.util.Map;

/**
 * The {@code FARAMESH_CREDENTIAL_*} variable names of backend settings: the backend's short name
 * ({@code VAULT}, {@code AWS}, {@code GCP}, {@code AZURE}, {@code 1PASSWORD}, {@code INFISICAL}) and
 * the key in upper case, e.g. {@code FARAMESH_CREDENTIAL_AWS_REGION} for {@code region} of
 * {@code aws-sm}. The short names are the ones the Faramesh daemon documents.
 */
public final class EnvironmentNames {

  public static final String PREFIX = "FARAMESH_CREDENTIAL_";

  private static final Map<String, String> SHORT = Map.of("aws-sm", "AWS", "gcp-sm", "GCP", "azure-kv", "AZURE");

  private EnvironmentNames() {}

  /** {@code FARAMESH_CREDENTIAL_VAULT_} for {@code vault}. */
  public static String prefix(String type) {
    String s = SHORT.getOrDefault(type, type.toUpperCase(Locale.ROOT).replace('-', '_'));
    return PREFIX + s + "_";
  }

  public static String variable(String type, String key) {
    return prefix(type) + key.toUpperCase(Locale.ROOT);
  }
}
