/**
 * The advice the agent puts into the tool-call methods third-party {@code InterceptorPlugin}s
 * declare with {@code toolHooks()}; the plugins themselves write no bytecode-level code.
 */
package dev.faramesh.interceptors.plugin;
