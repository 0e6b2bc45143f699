package dev.faramesh.agent.audit;

import dev.faramesh.agent.decision.AuditFailure;
import dev.faramesh.agent.decision.DecisionRecord;
import dev.faramesh.agent.decision.DecisionRecorder;
import dev.faramesh.audit.ArgsSignature;
import dev.faramesh.audit.AuditWriteException;
import dev.faramesh.audit.DprRecord;
import dev.faramesh.audit.DprRecordBuilder;
import dev.faramesh.audit.DprWriter;
import dev.faramesh.audit.EnforcementMode;
import dev.faramesh.audit.PrincipalDigests;
import dev.faramesh.audit.WriterOptions;
import dev.faramesh.policy.Decision;
import dev.faramesh.policy.Effect;
import dev.faramesh.policy.Mode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place the agent writes DPRs: each decision becomes one record appended to the WAL by the
 * foundation's {@link DprWriter}, which returns once the record is durable (group commit). A writer
 * opened for the dev identity tags every record {@code dev_mode}. Network hosts are stored as the
 * first 16 hex digits of their SHA-256, like principal ids; credentials by name only.
 */
public final class WalRecorder implements DecisionRecorder {

  private final DprWriter writer;
  /** Host to its digest; a process talks to few hosts, so this stays small. */
  private final Map<String, String> hostHashes = new ConcurrentHashMap<>();
  /** Principal id to its digest: one or a few per process. */
  private final Map<String, String> principalHashes = new ConcurrentHashMap<>();
  /** The structural signature of no arguments, which every HTTP action has. */
  private static final String NO_ARGS = ArgsSignature.of(Map.of());

  private WalRecorder(DprWriter writer) {
    this.writer = writer;
  }

  public static WalRecorder open(Path dir, boolean devIdentity) throws AuditWriteException {
    DprWriter writer = DprWriter.open(dir, WriterOptions.defaults().withDevMode(devIdentity));
    if (writer.recovery().truncated()) {
      // A torn tail after a crash is expected, but an operator must hear about it.
      System.err.println("faramesh: " + writer.recovery().describe());
    }
    return new WalRecorder(writer);
  }

  @Override
  public void record(DecisionRecord r) throws AuditFailure {
    Decision d = r.decision();
    DprRecordBuilder b = DprRecord.builder()
        .agentId(r.principal().agentId())
        .toolId(r.action().toolId())
        .actionType(r.action().http() != null ? "http" : r.action().toolId().startsWith("process/") ? "process" : "tool")
        .interceptAdapter(r.action().adapter())
        .principalIdHash(principalHashes.computeIfAbsent(r.principal().id(), PrincipalDigests::idHash))
        .agentSvid(r.principal().svid())
        .agentSvidExpiry(r.principal().expiry())
        .effect(d.effect().name())
        .matchedRuleId(d.ruleId())
        .ruleRef(d.ruleRef() == null ? null : d.ruleRef().toString())
        .reasonCode(d.reasonCode())
        .reason(d.reason())
        .policyVersion(r.policyVersion())
        .argsStructuralSig(r.action().args().isEmpty() ? NO_ARGS : ArgsSignature.of(r.action().args()))
        .devMode(r.principal().dev())
        .enforcementMode(mode(r.mode()))
        .createdAt(r.decidedAt());
    if (!r.principal().claims().isEmpty()) {
      b.claims(r.principal().claims());
    }
    if (!r.principal().delegatedFrom().isEmpty()) {
      b.delegation(r.principal().delegatedFrom(), r.principal().id());
    }
    if (d.effect() == Effect.SHADOW_PERMIT && d.actualEffect() != d.effect()) {
      b.shadowActualEffect(d.actualEffect().name());
    }
    if (d.retryAfterSeconds() > 0) {
      b.retryAfterSeconds(d.retryAfterSeconds());
    }
    if (r.host() != null) {
      b.networkHostHash(hostHashes.computeIfAbsent(r.host(), WalRecorder::hash)).networkPort(r.port());
    }
    if (!r.credentials().isEmpty()) {
      b.credentialBrokered(true).credentialSource("broker").credentialScope(String.join(",", r.credentials()));
    }
    try {
      writer.append(b.build());
    } catch (AuditWriteException | RuntimeException e) {
      throw new AuditFailure("DPR append failed: " + e.getMessage(), e);
    }
  }

  private static EnforcementMode mode(Mode m) {
    switch (m) {
      case SHADOW: return EnforcementMode.SHADOW;
      case AUDIT: return EnforcementMode.AUDIT;
      default: return EnforcementMode.ENFORCE;
    }
  }

  private static String hash(String host) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(host.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
