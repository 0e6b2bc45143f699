package dev.faramesh.audit;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A growable byte buffer that canonical forms and WAL payloads are written into. It exists so the
 * append path can serialize, hash and frame a record without intermediate strings or streams; one
 * instance is reused per thread or per lock holder, never shared concurrently.
 */
final class ByteSink {
    private byte[] buf;
    private int len;

    ByteSink(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    void reset() {
        len = 0;
    }

    int length() {
        return len;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    void digestInto(MessageDigest digest) {
        digest.update(buf, 0, len);
    }

    /** Drops everything after the first {@code length} bytes. */
    void truncate(int length) {
        len = length;
    }

    /** Skips {@code n} bytes (to be filled in later with {@link #setIntLE}/{@link #setByte}). */
    void skip(int n) {
        ensure(n);
        len += n;
    }

    void setByte(int at, int b) {
        buf[at] = (byte) b;
    }

    void setIntLE(int at, int v) {
        buf[at] = (byte) v;
        buf[at + 1] = (byte) (v >>> 8);
        buf[at + 2] = (byte) (v >>> 16);
        buf[at + 3] = (byte) (v >>> 24);
    }

    int crc32(int from, int count) {
        return WalFormat.crc32(buf, from, count);
    }

    void put(int b) {
        if (len == buf.length) {
            grow(1);
        }
        buf[len++] = (byte) b;
    }

    void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    /** Appends a string known to be 7-bit ASCII (field names, numbers, hex). */
    void putAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    /**
     * Appends {@code s} as is when every character is printable ASCII that needs no escape in a JSON
     * string ({@code "} and {@code &#92;} never; {@code < > &} too when {@code html}); otherwise appends
     * nothing and returns false, for the caller's escaping writer. One pass for the check and the copy.
     */
    boolean putPlain(String s, boolean html) {
        int n = s.length();
        ensure(n);
        byte[] b = buf;
        int at = len;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\' || (html && (c == '<' || c == '>' || c == '&'))) {
                return false;
            }
            b[at + i] = (byte) c;
        }
        len = at + n;
        return true;
    }

    /** Appends a long in decimal. */
    void putLong(long v) {
        if (v == Long.MIN_VALUE) {
            putAscii(Long.toString(v));
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int start = len;
        do {
            buf[len++] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        } while (v != 0);
        for (int i = start, j = len - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    /** Overwrites bytes from {@code at} with the characters of an ASCII string. */
    void setAscii(int at, String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            buf[at + i] = (byte) s.charAt(i);
        }
    }

    /** The internal buffer, valid up to {@link #length()} until the next write. */
    byte[] array() {
        return buf;
    }

    /** Appends one Unicode code point as UTF-8. */
    void putCodePoint(int cp) {
        ensure(4);
        if (cp < 0x80) {
            buf[len++] = (byte) cp;
        } else if (cp < 0x800) {
            buf[len++] = (byte) (0xC0 | (cp >> 6));
            buf[len++] = (byte) (0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            buf[len++] = (byte) (0xE0 | (cp >> 12));
            buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            buf[len++] = (byte) (0x80 | (cp & 0x3F));
        } else {
            buf[len++] = (byte) (0xF0 | (cp >> 18));
            buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            buf[len++] = (byte) (0x80 | (cp & 0x3F));
        }
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            grow(extra);
        }
    }

    private void grow(int extra) {
        int wanted = Math.max(buf.length * 2, len + extra);
        buf = Arrays.copyOf(buf, wanted);
    }
}
