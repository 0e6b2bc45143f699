package dev.faramesh.interceptors;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One piece of advice: the type it goes into (exact binary name), the methods of that type it is
 * inlined into, and the advice class, named rather than referenced so the agent's own loader
 * never loads it (its bytes are read and copied into the target).
 */
public record Hook(String typeName, ElementMatcher<? super MethodDescription> methods, String adviceClass) {}
