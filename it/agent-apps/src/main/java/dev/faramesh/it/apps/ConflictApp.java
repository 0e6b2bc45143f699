package dev.faramesh.it.apps;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * An application that brings its own Jackson and Byte Buddy, in versions other than the agent's:
 * it prints which versions it actually runs with, uses both, and reads a brokered variable.
 */
public final class ConflictApp {

  private ConflictApp() {}

  public static void main(String[] args) throws Exception {
    System.out.println("APP STARTED");
    System.out.println("jackson=" + com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION);
    System.out.println("jackson.loader=" + ObjectMapper.class.getClassLoader());
    System.out.println("json=" + new ObjectMapper().writeValueAsString(Map.of("k", "v")));
    java.util.Properties pom = new java.util.Properties();
    try (java.io.InputStream in = ByteBuddy.class.getResourceAsStream(
        "/META-INF/maven/net.bytebuddy/byte-buddy/pom.properties")) {
      pom.load(in);
    }
    System.out.println("bytebuddy=" + pom.getProperty("version"));
    System.out.println("bytebuddy.jar=" + ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation());
    Class<?> made = new ByteBuddy().subclass(Object.class).method(ElementMatchers.named("toString"))
        .intercept(FixedValue.value("made by the app's byte buddy")).make()
        .load(ConflictApp.class.getClassLoader()).getLoaded();
    System.out.println("subclass=" + made.getDeclaredConstructor().newInstance());
    System.out.println("getenv=" + System.getenv("OPENAI_API_KEY"));
    System.out.println("APP DONE");
  }
}
