package dev.faramesh.audit;

import static dev.faramesh.audit.DprFields.*;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns a draft record into the next link of its agent's chain: sets the chain members, computes
 * {@code record_hash} over the configured canonical form and renders the WAL frame. A draft from
 * {@link DprRecordBuilder} under the default canonical form is encoded straight from its positional
 * members by {@link RecordEncoder}; any other draft (a parsed record, a daemon canonical form) takes the
 * generic path through an ordered map. Not thread-safe; the writer calls it while holding its chain
 * lock, so its scratch buffers are reused without copying.
 */
final class RecordSealer {
    private static final Set<String> ORDERED = Set.copyOf(WRITE_ORDER);

    /**
     * A sealed record and its complete WAL frame: the first {@code frameLength} bytes of {@code frame},
     * a scratch buffer that the next {@link #seal} overwrites.
     */
    record Sealed(DprRecord record, byte[] frame, int frameLength, ChainTip tip) {
    }

    private final Canonicalization canonicalization;
    private final boolean devMode;
    private final ByteSink canonical = new ByteSink(1024);
    private final ByteSink payload = new ByteSink(1024);
    private final RecordEncoder.Cache canonicalCache = new RecordEncoder.Cache();
    private final RecordEncoder.Cache payloadCache = new RecordEncoder.Cache();

    RecordSealer(Canonicalization canonicalization, boolean devMode) {
        this.canonicalization = canonicalization;
        this.devMode = devMode;
    }

    Sealed seal(DprRecord draft, String recordId, ChainTip previous) throws CanonicalizationException, AuditWriteException {
        RecordMembers members = draft.members();
        if (members != null && canonicalization == Canonicalization.FULL_JCS) {
            return sealMembers(members, recordId, previous);
        }
        return sealGeneric(draft, recordId, previous);
    }

    private Sealed sealMembers(RecordMembers draft, String recordId, ChainTip previous)
            throws CanonicalizationException, AuditWriteException {
        long seq = previous.lamportSeq() + 1;
        RecordMembers m = draft.sealed(canonicalization.id(), recordId, previous.recordHash(), "", seq, devMode);
        canonical.reset();
        RecordEncoder.writeCanonical(m, canonical, canonicalCache);
        String hash = Sha256.hex(canonical);
        m.values[RecordMembers.RECORD_HASH] = hash;
        payload.reset();
        payload.skip(WalFormat.HEADER_SIZE);
        int hashAt = RecordEncoder.writePayload(m, payload, payloadCache);
        payload.setAscii(hashAt, hash);
        return frame(new DprRecord(m), hash, seq);
    }

    private Sealed sealGeneric(DprRecord draft, String recordId, ChainTip previous)
            throws CanonicalizationException, AuditWriteException {
        long seq = previous.lamportSeq() + 1;
        Map<String, Object> draftFields = draft.fields();
        Map<String, Object> m = new LinkedHashMap<>(64);
        for (String name : WRITE_ORDER) {
            switch (name) {
                case CANONICALIZATION_ALGORITHM -> m.put(name, canonicalization.id());
                case RECORD_ID -> m.put(name, recordId);
                case PREV_RECORD_HASH -> m.put(name, previous.recordHash());
                case RECORD_HASH -> m.put(name, "");
                case LAMPORT_SEQ -> m.put(name, seq);
                case DEV_MODE -> m.put(name, devMode ? Boolean.TRUE : draftFields.getOrDefault(name, Boolean.FALSE));
                default -> {
                    Object v = draftFields.get(name);
                    if (v != null || draftFields.containsKey(name)) {
                        m.put(name, v);
                    }
                }
            }
        }
        for (Map.Entry<String, Object> e : draftFields.entrySet()) {
            if (!ORDERED.contains(e.getKey())) {
                m.put(e.getKey(), e.getValue());
            }
        }
        Map<String, Object> view = Collections.unmodifiableMap(m);
        canonical.reset();
        canonicalization.write(new DprRecord(view, Set.of()), canonical);
        String hash = Sha256.hex(canonical);
        m.put(RECORD_HASH, hash);
        payload.reset();
        payload.skip(WalFormat.HEADER_SIZE);
        RecordJson.putObject(payload, view);
        return frame(new DprRecord(view, Set.of()), hash, seq);
    }

    /** Fills in the frame header in front of the payload: one buffer, no copy. */
    private Sealed frame(DprRecord sealed, String hash, long seq) throws AuditWriteException {
        int length = payload.length() - WalFormat.HEADER_SIZE;
        if (length > WalFormat.MAX_PAYLOAD) {
            throw new AuditWriteException("DPR payload of " + length + " bytes exceeds the WAL frame limit of "
                    + WalFormat.MAX_PAYLOAD);
        }
        payload.setIntLE(0, WalFormat.MAGIC);
        payload.setByte(4, WalFormat.VERSION_RECORD);
        payload.setIntLE(5, length);
        payload.setIntLE(9, payload.crc32(WalFormat.HEADER_SIZE, length));
        return new Sealed(sealed, payload.array(), payload.length(), new ChainTip(hash, seq));
    }
}
