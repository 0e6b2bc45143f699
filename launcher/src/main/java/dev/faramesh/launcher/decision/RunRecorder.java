package dev.faramesh.launcher.decision;

import dev.faramesh.audit.ArgsSignature;
import dev.faramesh.audit.AuditWriteException;
import dev.faramesh.audit.DprRecord;
import dev.faramesh.audit.DprRecordBuilder;
import dev.faramesh.audit.DprWriter;
import dev.faramesh.audit.EnforcementMode;
import dev.faramesh.audit.PrincipalDigests;
import dev.faramesh.audit.WriterOptions;
import dev.faramesh.policy.Action;
import dev.faramesh.policy.Decision;
import dev.faramesh.policy.Effect;
import dev.faramesh.policy.Mode;
import dev.faramesh.policy.Principal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the launcher's DPRs: one per request its proxy decides and one per credential it issues
 * to the in-JVM agent, appended to the launcher's own WAL by the foundation's {@link DprWriter}
 * (the agent keeps its own WAL: one writer per WAL file) and durable before the call goes on. The
 * record has the same shape as the agent's: hosts and principal ids as SHA-256 digests, credentials
 * by name only, dev-tagged under the dev identity.
 */
public final class RunRecorder implements AutoCloseable {

  private static final String NO_ARGS = ArgsSignature.of(Map.of());

  private final DprWriter writer;
  private final Map<String, String> hostHashes = new ConcurrentHashMap<>();
  private final Map<String, String> principalHashes = new ConcurrentHashMap<>();

  private RunRecorder(DprWriter writer) {
    this.writer = writer;
  }

  public static RunRecorder open(Path dir, boolean devIdentity) throws AuditWriteException {
    return new RunRecorder(DprWriter.open(dir, WriterOptions.defaults().withDevMode(devIdentity)));
  }

  /** Appends one record; returns once it is durable. */
  public void record(Action action, Principal principal, Decision d, Mode mode, String policyVersion, String host,
      int port, List<String> credentials, Instant decidedAt) throws AuditWriteException {
    DprRecordBuilder b = DprRecord.builder()
        .agentId(principal.agentId())
        .toolId(action.toolId())
        .actionType(action.http() != null ? "http" : "tool")
        .interceptAdapter(action.adapter())
        .principalIdHash(principalHashes.computeIfAbsent(principal.id(), PrincipalDigests::idHash))
        .agentSvid(principal.svid())
        .effect(d.effect().name())
        .matchedRuleId(d.ruleId())
        .ruleRef(d.ruleRef() == null ? null : d.ruleRef().toString())
        .reasonCode(d.reasonCode())
        .reason(d.reason())
        .policyVersion(policyVersion)
        .argsStructuralSig(action.args().isEmpty() ? NO_ARGS : ArgsSignature.of(action.args()))
        .devMode(principal.dev())
        .enforcementMode(mode == Mode.SHADOW ? EnforcementMode.SHADOW
            : mode == Mode.AUDIT ? EnforcementMode.AUDIT : EnforcementMode.ENFORCE)
        .createdAt(decidedAt);
    if (!principal.claims().isEmpty()) {
      b.claims(principal.claims());
    }
    if (!principal.delegatedFrom().isEmpty()) {
      b.delegatedFrom(principal.delegatedFrom());
    }
    if (d.effect() == Effect.SHADOW_PERMIT && d.actualEffect() != d.effect()) {
      b.shadowActualEffect(d.actualEffect().name());
    }
    if (d.retryAfterSeconds() > 0) {
      b.retryAfterSeconds(d.retryAfterSeconds());
    }
    if (host != null) {
      b.networkHostHash(hostHashes.computeIfAbsent(host, PrincipalDigests::idHash)).networkPort(port);
    }
    if (!credentials.isEmpty()) {
      b.credentialBrokered(true).credentialSource("broker").credentialScope(String.join(",", credentials));
    }
    writer.append(b.build());
  }

  @Override
  public void close() {
    try {
      writer.close();
    } catch (AuditWriteException ignored) {
      // every appended record was already durable
    }
  }
}
