package dev.faramesh.interceptors;

import static net.bytebuddy.matcher.ElementMatchers.hasDescriptor;
import static net.bytebuddy.matcher.ElementMatchers.named;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One piece of advice: the type it goes into (exact binary name), the method by name and JVM
 * descriptor ({@code null} for every overload), and the advice class, named rather than
 * referenced so the agent's own loader never loads it (its bytes are read and copied into the
 * target). Plain strings, so declaring hooks costs nothing at start-up; the matcher is built only
 * when a class is actually woven.
 */
public record Hook(String typeName, String methodName, String descriptor, String adviceClass) {

  /** The methods of {@link #typeName} this advice goes into. */
  public ElementMatcher<MethodDescription> methods() {
    ElementMatcher.Junction<MethodDescription> byName = named(methodName);
    return descriptor == null ? byName : byName.and(hasDescriptor(descriptor));
  }
}
