package dev.faramesh.testkit;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/node/oracle.js}, where an official vendor npm client talks to a testkit server,
 * and returns what it printed (one JSON object per step, keyed by {@code step}). The packages are
 * installed by {@code .ci/run}; when they are missing the test fails, naming the command to run.
 */
public final class NodeOracle {
    public static final String INSTALL = "(cd it/testkit/src/test/node && npm ci --ignore-scripts)";
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeOracle() {
    }

    /** Runs one oracle and returns its steps; fails the test on a non-zero exit or a timeout. */
    public static Map<String, JsonNode> run(String oracle, Map<String, String> environment) throws Exception {
        Path dir = directory();
        if (!Files.isDirectory(dir.resolve("node_modules/@1password/connect"))
                || !Files.isDirectory(dir.resolve("node_modules/@infisical/sdk"))) {
            fail("the official npm clients are not installed in " + dir.toAbsolutePath() + "; run: " + INSTALL);
        }
        ProcessBuilder pb = new ProcessBuilder("node", "oracle.js", oracle).directory(dir.toFile());
        pb.environment().putAll(environment);
        Path err = Files.createTempFile("oracle", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("node oracle " + oracle + " timed out");
        }
        String stderr = Files.readString(err);
        Files.deleteIfExists(err);
        if (p.exitValue() != 0) {
            fail("node oracle " + oracle + " exited " + p.exitValue() + ": " + stderr);
        }
        Map<String, JsonNode> steps = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>(out.lines().toList());
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            steps.put(n.path("step").asText(), n);
        }
        return steps;
    }

    /** The same digest the script prints instead of a secret. */
    public static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path directory() throws IOException {
        // Surefire runs in the module directory; an IDE may run from the repository root.
        for (Path candidate : List.of(Path.of("src/test/node"), Path.of("it/testkit/src/test/node"))) {
            if (Files.isRegularFile(candidate.resolve("oracle.js"))) {
                return candidate;
            }
        }
        throw new IOException("cannot find src/test/node/oracle.js from " + Path.of("").toAbsolutePath());
    }
}
