package dev.faramesh.audit;

/**
 * Reads the three members WAL recovery needs from a record payload ({@code agent_id},
 * {@code record_hash}, {@code lamport_seq}) without building the record, so opening a WAL neither loads
 * Jackson nor decodes every member of every record. It validates the whole payload as JSON while it
 * skips the other members, but only a strict subset: ASCII only, at most {@link #MAX_DEPTH} levels of
 * nesting, the three members as an escape-free string or a plain integer. On anything outside that
 * subset (or anything invalid) it returns {@code null} and the caller parses the payload with
 * {@link DprRecord#parse}, which then decides exactly as before; for every payload it does accept, the
 * three values are those {@code DprRecord.parse} would give (the last occurrence of a repeated name).
 */
final class TipScanner {
    /** The members recovery needs; {@code agentId}/{@code recordHash} are "" when absent or not strings. */
    record Tip(String agentId, String recordHash, long lamportSeq) {
    }

    static final int MAX_DEPTH = 32;
    private static final int MAX_NUMBER_LENGTH = 64;

    private final byte[] b;
    private int i;
    private String agentId = "";
    private String recordHash = "";
    private long lamportSeq;

    private TipScanner(byte[] payload) {
        this.b = payload;
    }

    /** The tip members of {@code payload}, or {@code null} when the caller must parse it in full. */
    static Tip scan(byte[] payload) {
        TipScanner s = new TipScanner(payload);
        try {
            return s.record() ? new Tip(s.agentId, s.recordHash, s.lamportSeq) : null;
        } catch (RuntimeException e) {
            return null; // e.g. an index past the end: leave the verdict to the full parser
        }
    }

    private boolean record() {
        ws();
        if (!eat('{')) {
            return false;
        }
        ws();
        if (!eat('}')) {
            while (true) {
                ws();
                int nameStart = i + 1;
                if (!string()) {
                    return false;
                }
                int nameEnd = i - 1;
                for (int k = nameStart; k < nameEnd; k++) {
                    if (b[k] == '\\') {
                        return false; // an escaped name could spell one of ours
                    }
                }
                ws();
                if (!eat(':')) {
                    return false;
                }
                ws();
                int member = member(nameStart, nameEnd);
                if (member >= 0) {
                    if (!tipValue(member)) {
                        return false;
                    }
                } else if (!value(1)) {
                    return false;
                }
                ws();
                if (eat(',')) {
                    continue;
                }
                if (eat('}')) {
                    break;
                }
                return false;
            }
        }
        ws();
        return i == b.length;
    }

    /** 0, 1, 2 for agent_id, record_hash, lamport_seq; -1 for any other name. */
    private int member(int from, int to) {
        if (matches(from, to, "agent_id")) {
            return 0;
        }
        if (matches(from, to, "record_hash")) {
            return 1;
        }
        return matches(from, to, "lamport_seq") ? 2 : -1;
    }

    private boolean matches(int from, int to, String name) {
        if (to - from != name.length()) {
            return false;
        }
        for (int k = 0; k < name.length(); k++) {
            if (b[from + k] != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** A value of one of the three members: decoded when it is simple, else the full parser decides. */
    private boolean tipValue(int member) {
        int start = i;
        if (b[i] == '"') {
            if (!string()) {
                return false;
            }
            String text = new String(b, start + 1, i - start - 2, java.nio.charset.StandardCharsets.US_ASCII);
            if (text.indexOf('\\') >= 0) {
                return false;
            }
            switch (member) {
                case 0 -> agentId = text;
                case 1 -> recordHash = text;
                default -> lamportSeq = 0;
            }
            return true;
        }
        if (!value(1)) {
            return false;
        }
        switch (member) {
            case 0 -> agentId = "";
            case 1 -> recordHash = "";
            default -> {
                // only a plain integer that fits a long comfortably; floats and huge numbers go to the full parser
                int len = i - start;
                if (b[start] == '{' || b[start] == '[' || b[start] == 't' || b[start] == 'f' || b[start] == 'n') {
                    lamportSeq = 0;
                    return true;
                }
                if (len > 18) {
                    return false;
                }
                for (int k = start; k < i; k++) {
                    if (b[k] != '-' && (b[k] < '0' || b[k] > '9')) {
                        return false;
                    }
                }
                lamportSeq = Long.parseLong(new String(b, start, len, java.nio.charset.StandardCharsets.US_ASCII));
            }
        }
        return true;
    }

    private boolean value(int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        byte c = b[i];
        switch (c) {
            case '"':
                return string();
            case '{': {
                i++;
                ws();
                if (eat('}')) {
                    return true;
                }
                while (true) {
                    ws();
                    if (!string()) {
                        return false;
                    }
                    ws();
                    if (!eat(':')) {
                        return false;
                    }
                    ws();
                    if (!value(depth + 1)) {
                        return false;
                    }
                    ws();
                    if (eat(',')) {
                        continue;
                    }
                    return eat('}');
                }
            }
            case '[': {
                i++;
                ws();
                if (eat(']')) {
                    return true;
                }
                while (true) {
                    ws();
                    if (!value(depth + 1)) {
                        return false;
                    }
                    ws();
                    if (eat(',')) {
                        continue;
                    }
                    return eat(']');
                }
            }
            case 't':
                return literal("true");
            case 'f':
                return literal("false");
            case 'n':
                return literal("null");
            default:
                return number();
        }
    }

    /** A string token, ASCII only, valid escapes; leaves {@code i} after the closing quote. */
    private boolean string() {
        if (!eat('"')) {
            return false;
        }
        while (true) {
            byte c = b[i++];
            if (c == '"') {
                return true;
            }
            if (c < 0x20) {
                return false; // control characters, and (as negative bytes) anything non-ASCII
            }
            if (c == '\\') {
                byte e = b[i++];
                if (e == 'u') {
                    for (int k = 0; k < 4; k++) {
                        if (Character.digit(b[i++], 16) < 0) {
                            return false;
                        }
                    }
                } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r'
                        && e != 't') {
                    return false;
                }
            }
        }
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, at most {@link #MAX_NUMBER_LENGTH} bytes. */
    private boolean number() {
        int start = i;
        eat('-');
        if (eat('0')) {
            // no leading zeros
        } else if (!digits()) {
            return false;
        }
        if (eat('.') && !digits()) {
            return false;
        }
        if (i < b.length && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (!eat('+')) {
                eat('-');
            }
            if (!digits()) {
                return false;
            }
        }
        return i - start <= MAX_NUMBER_LENGTH;
    }

    private boolean digits() {
        int start = i;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i > start;
    }

    private boolean literal(String word) {
        for (int k = 0; k < word.length(); k++) {
            if (i >= b.length || b[i++] != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private boolean eat(char c) {
        if (i < b.length && b[i] == c) {
            i++;
            return true;
        }
        return false;
    }

    private void ws() {
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
            i++;
        }
    }
}
