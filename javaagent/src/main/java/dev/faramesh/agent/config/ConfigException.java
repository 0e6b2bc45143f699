package dev.faramesh.agent.config;

/**
 * The agent's configuration is invalid. The message names where the bad value came from (agent
 * argument, system property, environment variable or policy file) and what is wrong with it.
 */
public class ConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
