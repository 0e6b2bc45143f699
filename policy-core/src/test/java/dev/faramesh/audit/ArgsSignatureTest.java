package dev.faramesh.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ArgsSignatureTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theReferenceExample() {
        // pre-image from the reference; hash computed with: printf '%s' '{amount:number,currency:string}' | sha256sum
        Map<String, Object> args = Map.of("amount", 80, "currency", "USD");
        assertThat(ArgsSignature.shape(args)).isEqualTo("{amount:number,currency:string}");
        assertThat(ArgsSignature.of(args)).isEqualTo("8dfd58bdf94bd190");
    }

    @Test
    void emptyArgumentsAreTheLiteralBraces() {
        assertThat(ArgsSignature.of(Map.of())).isEqualTo("{}");
        assertThat(ArgsSignature.of(null)).isEqualTo("{}");
    }

    @Test
    void matchesTheGoGeneratedVectors() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/audit/args-signatures.jsonl")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).hasSizeGreaterThanOrEqualTo(7);
            for (String line : lines) {
                JsonNode v = JSON.readTree(line);
                Map<String, Object> args = JSON.readValue(v.get("args_json").asText(), new TypeReference<Map<String, Object>>() { });
                if (!args.isEmpty()) {
                    assertThat(ArgsSignature.shape(args)).as(line).isEqualTo(v.get("preimage").asText());
                }
                assertThat(ArgsSignature.of(args)).as(line).isEqualTo(v.get("sig").asText());
            }
        }
    }

    @Property(tries = 200)
    void valuesNeverInfluenceTheSignature(@ForAll String a, @ForAll String b, @ForAll long x, @ForAll double y) {
        Map<String, Object> one = Map.of("s", a, "n", x, "nested", Map.of("list", List.of(y)));
        Map<String, Object> two = Map.of("s", b, "n", x + 1, "nested", Map.of("list", List.of(y * 2)));
        assertThat(ArgsSignature.of(one)).isEqualTo(ArgsSignature.of(two)).doesNotContain(a.isEmpty() ? "\u0000" : a);
    }
}
