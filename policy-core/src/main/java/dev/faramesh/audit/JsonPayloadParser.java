package dev.faramesh.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes a WAL payload into plain Java values with Jackson's streaming parser, keeping every member
 * and its order so a record's hash can be recomputed exactly. Numbers keep their literal kind: integer
 * literals become {@code Long} or {@code BigInteger}, others {@code BigDecimal}. Member names that occur
 * more than once are reported (by path), because a canonical form over such an object is ambiguous.
 */
final class JsonPayloadParser {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    /** The decoded object and the paths of repeated member names. */
    record Parsed(Map<String, Object> fields, Set<String> duplicateNames) {
    }

    private JsonPayloadParser() {
    }

    static Parsed parseObject(byte[] payload) throws MalformedRecordException {
        // Decode as UTF-8 ourselves: Go reads only UTF-8 and Jackson would otherwise guess UTF-16/32.
        String text = new String(payload, StandardCharsets.UTF_8);
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedRecordException("payload is not a JSON object");
            }
            Set<String> duplicates = new LinkedHashSet<>();
            Map<String, Object> fields = readObject(p, "", duplicates);
            if (p.nextToken() != null) {
                throw new MalformedRecordException("trailing data after the JSON object");
            }
            return new Parsed(fields, Collections.unmodifiableSet(duplicates));
        } catch (JsonProcessingException e) {
            throw new MalformedRecordException("invalid JSON: " + e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            throw new MalformedRecordException("invalid JSON: " + e.getMessage());
        }
    }

    private static Map<String, Object> readObject(JsonParser p, String path, Set<String> duplicates) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            String childPath = path.isEmpty() ? name : path + "." + name;
            Object value = readValue(p, childPath, duplicates);
            if (map.containsKey(name)) {
                duplicates.add(childPath);
            }
            map.put(name, value);
        }
        if (t != JsonToken.END_OBJECT) {
            throw new JsonParseProblem("unexpected token " + t);
        }
        return Collections.unmodifiableMap(map);
    }

    private static Object readValue(JsonParser p, String path, Set<String> duplicates) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            throw new JsonParseProblem("unexpected end of input");
        }
        switch (t) {
            case START_OBJECT:
                return readObject(p, path, duplicates);
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (p.currentToken() == null) {
                        throw new JsonParseProblem("unexpected end of input in array");
                    }
                    list.add(readValue(p, path + "[]", duplicates));
                }
                return Collections.unmodifiableList(list);
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDecimalValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new JsonParseProblem("unexpected token " + t);
        }
    }

    /** An internal signal for structural problems Jackson itself does not report. */
    private static final class JsonParseProblem extends IOException {
        private static final long serialVersionUID = 1L;

        JsonParseProblem(String message) {
            super(message);
        }
    }
}
