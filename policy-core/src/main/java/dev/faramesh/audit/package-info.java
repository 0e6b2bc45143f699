/**
 * The Decision Provenance Record (DPR) audit chain and its write-ahead log, compatible with the Faramesh
 * daemon's record format, hash chain and WAL framing. Entry points: {@link dev.faramesh.audit.DprWriter}
 * appends records durably (group commit), {@link dev.faramesh.audit.AuditVerifier} checks a WAL file or
 * directory and names the first bad record, {@link dev.faramesh.audit.AuditReader} reads records back for
 * {@code audit tail|show}; records are built with {@link dev.faramesh.audit.DprRecord#builder()}.
 */
package dev.faramesh.audit;
