package dev.faramesh.agent.install;

import dev.faramesh.interceptors.CallSite;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Applies {@link CallSite} rewrites: in the classes whose names start with a site's prefix, each
 * {@code invokeinterface} of the site's method becomes an {@code invokestatic} of its bridge
 * method. The replacement consumes the same stack words and leaves the same type, so stack map
 * frames and maximum stack sizes are copied unchanged. Classes that do not mention the interface
 * in their constant pool are not parsed at all.
 */
final class CallSiteRewriter {

  private final List<CallSite> sites;

  CallSiteRewriter(List<CallSite> sites) {
    this.sites = List.copyOf(sites);
  }

  boolean isEmpty() {
    return sites.isEmpty();
  }

  /** The sites whose prefix covers {@code internalName}. */
  List<CallSite> sitesFor(String internalName) {
    List<CallSite> out = null;
    for (CallSite s : sites) {
      if (internalName.startsWith(s.callerPrefix())) {
        if (out == null) {
          out = new ArrayList<>(2);
        }
        out.add(s);
      }
    }
    return out;
  }

  /** {@code bytes} with the calls rerouted, or {@code null} when nothing was rerouted. */
  static byte[] rewrite(byte[] bytes, List<CallSite> candidates) {
    String pool = new String(bytes, StandardCharsets.ISO_8859_1);
    List<CallSite> present = new ArrayList<>(candidates.size());
    for (CallSite s : candidates) {
      if (pool.contains(s.owner())) {
        present.add(s);
      }
    }
    if (present.isEmpty()) {
      return null;
    }
    ClassReader reader = new ClassReader(bytes);
    if ((reader.getAccess() & Opcodes.ACC_INTERFACE) != 0) {
      return null;
    }
    ClassWriter writer = new ClassWriter(reader, 0);
    boolean[] changed = new boolean[1];
    reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
          String[] exceptions) {
        MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
        return new MethodVisitor(Opcodes.ASM9, mv) {
          @Override
          public void visitMethodInsn(int opcode, String owner, String n, String d, boolean isInterface) {
            if (opcode == Opcodes.INVOKEINTERFACE) {
              for (CallSite s : present) {
                if (s.owner().equals(owner) && s.name().equals(n) && s.descriptor().equals(d)) {
                  changed[0] = true;
                  super.visitMethodInsn(Opcodes.INVOKESTATIC, s.bridgeOwner(), s.bridgeName(), s.bridgeDescriptor(),
                      false);
                  return;
                }
              }
            }
            super.visitMethodInsn(opcode, owner, n, d, isInterface);
          }
        };
      }
    }, 0);
    return changed[0] ? writer.toByteArray() : null;
  }
}
