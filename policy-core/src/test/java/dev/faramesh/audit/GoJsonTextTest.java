package dev.faramesh.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Go's encoding/json string escaping. The expected texts follow Go's documented behaviour: HTML-safe
 * escaping of &lt; &gt; &amp;, U+2028/U+2029 escaped, and since Go 1.22 (the daemon builds with 1.25)
 * backspace and form feed as short escapes; the Go-generated fixture covers the rest byte for byte.
 */
class GoJsonTextTest {
    private static String go(String s) {
        ByteSink sink = new ByteSink(16);
        GoJsonText.putString(sink, s);
        return new String(sink.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void escapesHtmlSensitiveCharacters() {
        assertThat(go("a<b>&c")).isEqualTo("\"a\\u003cb\\u003e\\u0026c\"");
    }

    @Test
    void escapesLineAndParagraphSeparators() {
        assertThat(go("x\u2028y\u2029")).isEqualTo("\"x\\u2028y\\u2029\"");
    }

    @Test
    void controlCharactersUseShortFormsWhereGoDoes() {
        assertThat(go("\b\f\n\r\t")).isEqualTo("\"\\b\\f\\n\\r\\t\"");
        assertThat(go("\u0000\u0001\u001f")).isEqualTo("\"\\u0000\\u0001\\u001f\"");
        assertThat(go("\u007f")).isEqualTo("\"\u007f\"");
        assertThat(go("q\"b\\")).isEqualTo("\"q\\\"b\\\\\"");
    }

    @Test
    void nonAsciiIsWrittenAsUtf8AndLoneSurrogatesBecomeReplacementCharacters() {
        assertThat(go("ü😀")).isEqualTo("\"ü😀\"");
        assertThat(go("a\uD800b")).isEqualTo("\"a\uFFFDb\"");
        assertThat(go("\uDC00")).isEqualTo("\"\uFFFD\"");
    }
}
