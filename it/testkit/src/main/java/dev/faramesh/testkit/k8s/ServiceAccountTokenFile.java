package dev.faramesh.testkit.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A projected service-account token volume laid out the way the kubelet's atomic writer does it:
 * the token lives in a timestamped {@code ..<ts>} directory, {@code ..data} is a symlink to the
 * current one and {@code token} is a symlink to {@code ..data/token}. {@link #refresh()} writes a new
 * token and swaps {@code ..data} with an atomic rename, so a reader never sees a half-written file
 * and must re-read the path to see the rotation, exactly as on a node.
 */
public final class ServiceAccountTokenFile {

    private static final AtomicLong GENERATION = new AtomicLong();

    private final Path directory;
    private final Supplier<String> tokens;

    private ServiceAccountTokenFile(Path directory, Supplier<String> tokens) {
        this.directory = directory;
        this.tokens = tokens;
    }

    /** Creates the volume in {@code directory} with a first token from {@code tokens}. */
    public static ServiceAccountTokenFile project(Path directory, Supplier<String> tokens) {
        ServiceAccountTokenFile file = new ServiceAccountTokenFile(directory, tokens);
        file.refresh();
        return file;
    }

    /** The path a workload reads, e.g. {@code AWS_WEB_IDENTITY_TOKEN_FILE} or {@code AZURE_FEDERATED_TOKEN_FILE}. */
    public Path path() {
        return directory.resolve("token");
    }

    public Path directory() {
        return directory;
    }

    /** The token currently projected. */
    public String current() {
        try {
            return Files.readString(path(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a freshly minted token, as the kubelet does at 80% of the lifetime. Returns it. */
    public String refresh() {
        String token = tokens.get();
        write(token);
        return token;
    }

    /** Projects exactly {@code content} (an expired or foreign token, garbage) with the same atomic swap. */
    public void write(String content) {
        try {
            Files.createDirectories(directory);
            Path previous = Files.isSymbolicLink(directory.resolve("..data"))
                    ? directory.resolve(Files.readSymbolicLink(directory.resolve("..data"))) : null;
            String generation = "..gen_" + System.nanoTime() + "_" + GENERATION.incrementAndGet();
            Path payload = Files.createDirectory(directory.resolve(generation));
            Files.writeString(payload.resolve("token"), content, StandardCharsets.UTF_8);
            Path staging = directory.resolve("..data_tmp");
            Files.deleteIfExists(staging);
            Files.createSymbolicLink(staging, Path.of(generation));
            Files.move(staging, directory.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (!Files.isSymbolicLink(path())) {
                Files.createSymbolicLink(path(), Path.of("..data", "token"));
            }
            if (previous != null && !previous.getFileName().toString().equals(generation)) {
                Files.deleteIfExists(previous.resolve("token"));
                Files.deleteIfExists(previous);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot project a token into " + directory, e);
        }
    }
}
