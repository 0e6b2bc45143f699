package dev.faramesh.interceptors;

/**
 * A call-site rewrite: inside every class (not interface) whose internal name starts with
 * {@code callerPrefix}, each {@code invokeinterface owner.name descriptor} becomes an
 * {@code invokestatic} of the bridge method {@code bridgeOwner.bridgeName bridgeDescriptor}, which
 * takes the receiver and the arguments (as {@code Object}) and returns the same type. It reaches
 * implementations no transformer sees, such as lambdas. The stack shape is unchanged, so frames
 * and the maximum stack stay valid.
 */
public record CallSite(String callerPrefix, String owner, String name, String descriptor, String bridgeOwner,
    String bridgeName, String bridgeDescriptor) {}
