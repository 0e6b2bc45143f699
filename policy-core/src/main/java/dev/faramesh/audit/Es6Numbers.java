package dev.faramesh.audit;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats a double as ECMAScript's Number.prototype.toString does (ECMA-262 §6.1.6.1.20), which is the
 * number form RFC 8785 prescribes: the shortest decimal that round-trips, plain notation for exponents
 * in [-7, 21), otherwise {@code d.ddde±x}. Java 17's {@code Double.toString} is not always shortest, so
 * the digits are found by rounding the exact binary value to increasing precision.
 */
final class Es6Numbers {
    private Es6Numbers() {
    }

    static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("NaN and Infinity have no JSON form");
        }
        if (value == 0) {
            return "0";
        }
        double abs = Math.abs(value);
        String sign = value < 0 ? "-" : "";
        if (abs < 9.007199254740992E15 && abs == Math.rint(abs)) {
            return sign + (long) abs;
        }
        BigDecimal digits = shortestDigits(abs);
        String s = digits.unscaledValue().toString();
        int k = s.length();
        int n = k - digits.scale();
        StringBuilder out = new StringBuilder(sign);
        if (k <= n && n <= 21) {
            out.append(s).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            out.append(s, 0, n).append('.').append(s, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(s);
        } else {
            int e = n - 1;
            out.append(s.charAt(0));
            if (k > 1) {
                out.append('.').append(s, 1, k);
            }
            out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
        return out.toString();
    }

    /** The shortest decimal (trailing zeros stripped) that parses back to {@code abs}. */
    private static BigDecimal shortestDigits(double abs) {
        BigDecimal exact = new BigDecimal(abs);
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (Double.parseDouble(rounded.toString()) == abs) {
                return rounded.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }
}
