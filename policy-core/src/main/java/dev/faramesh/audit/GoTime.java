package dev.faramesh.audit;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reads and writes timestamps the way Go's {@code time.Time} JSON methods do: RFC 3339 with up to nine
 * fractional digits on input, and on output the RFC3339Nano layout in UTC with trailing fractional
 * zeros trimmed and a {@code Z} suffix ({@code 2026-05-26T09:30:00.1234Z}). The daemon hashes
 * {@code created_at} in this form after converting it to UTC, whatever offset the WAL payload carries.
 */
final class GoTime {
    /** Go's zero time, which is what a missing or null {@code created_at} decodes to. */
    static final Instant ZERO = Instant.parse("0001-01-01T00:00:00Z");

    private GoTime() {
    }

    /** The date and time of day of the last second formatted, which every record of that second shares. */
    private record Second(long epochSecond, String text) {
    }

    private static volatile Second lastSecond;

    static String format(Instant instant) {
        long epochSecond = instant.getEpochSecond();
        Second second = lastSecond;
        if (second == null || second.epochSecond != epochSecond) {
            second = new Second(epochSecond, formatSecond(epochSecond));
            lastSecond = second;
        }
        int nanos = instant.getNano();
        if (nanos == 0) {
            return second.text + "Z";
        }
        StringBuilder sb = new StringBuilder(30).append(second.text).append('.');
        int digits = 9;
        while (nanos % 10 == 0) {
            nanos /= 10;
            digits--;
        }
        return pad(sb, nanos, digits).append('Z').toString();
    }

    /** {@code yyyy-MM-ddTHH:mm:ss} in UTC. */
    private static String formatSecond(long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            throw new DateTimeException("year " + year + " is outside RFC 3339's range");
        }
        StringBuilder sb = new StringBuilder(19);
        pad(sb, year, 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append('T');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2);
        return sb.toString();
    }

    /**
     * Parses an RFC 3339 timestamp as Go's strict {@code time.Time.UnmarshalJSON} accepts it.
     *
     * @throws DateTimeException if the text is not such a timestamp
     */
    static Instant parse(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            throw new DateTimeException("not an RFC 3339 timestamp");
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        int i = 19;
        int nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
            }
            int count = i - start;
            if (count == 0) {
                throw new DateTimeException("empty fraction");
            }
            // Go keeps nanosecond precision and drops further digits.
            String frac = s.substring(start, start + Math.min(count, 9));
            nanos = Integer.parseInt(frac) * (int) Math.pow(10, 9 - frac.length());
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh > 23 || om > 59) {
                throw new DateTimeException("offset out of range");
            }
            offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
        } else {
            throw new DateTimeException("bad zone designator");
        }
        LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
        return local.toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new DateTimeException("digit expected at " + i);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
