package dev.faramesh.interceptors;

import static net.bytebuddy.matcher.ElementMatchers.hasDescriptor;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One piece of advice: the type it goes into (exact binary name), the method by name and JVM
 * descriptor ({@code null} for every overload), and the advice class, named rather than
 * referenced so the agent's own loader never loads it (its bytes are read and copied into the
 * target). Plain strings, so declaring hooks costs nothing at start-up; the matcher is built only
 * when a class is actually woven.
 *
 * <p>{@code subtypes}: the advice also goes into every class or interface that extends or
 * implements the type (methods with code only), which is how tool executors and callbacks that
 * applications write themselves are covered. {@code optional}: a type that has no such method is
 * left alone instead of being reported, for methods that exist in some versions of a library only.
 */
public record Hook(String typeName, String methodName, String descriptor, String adviceClass, boolean subtypes,
    boolean optional) {

  /** The method name of constructors ({@code <init>}, as in the class file). */
  public static final String CONSTRUCTOR = "<init>";

  /** Advice into exactly {@code typeName}; the method must exist. */
  public Hook(String typeName, String methodName, String descriptor, String adviceClass) {
    this(typeName, methodName, descriptor, adviceClass, false, false);
  }

  /** Advice into exactly {@code typeName}, where the method exists in some library versions only. */
  public static Hook optional(String typeName, String methodName, String descriptor, String adviceClass) {
    return new Hook(typeName, methodName, descriptor, adviceClass, false, true);
  }

  /** Advice into {@code typeName} and every subtype that declares the method with code. */
  public static Hook subtypes(String typeName, String methodName, String descriptor, String adviceClass) {
    return new Hook(typeName, methodName, descriptor, adviceClass, true, true);
  }

  /** The methods of {@link #typeName} this advice goes into. */
  public ElementMatcher<MethodDescription> methods() {
    // Byte Buddy names constructors by their type, so "<init>" is matched as "a constructor"
    ElementMatcher.Junction<MethodDescription> byName = CONSTRUCTOR.equals(methodName) ? isConstructor()
        : named(methodName);
    ElementMatcher.Junction<MethodDescription> m = descriptor == null ? byName : byName.and(hasDescriptor(descriptor));
    return subtypes ? m.and(not(isAbstract())) : m;
  }
}
