package dev.faramesh.audit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files that make up a WAL, in replay order: for a directory, the rotated archives
 * {@code faramesh.wal.<unixnano>.bak} sorted by name (oldest first, as the daemon sorts them) and then
 * the live {@code faramesh.wal}; for a file, just that file.
 */
final class WalSegments {
    private WalSegments() {
    }

    static List<Path> of(Path fileOrDir) throws IOException {
        if (!Files.isDirectory(fileOrDir)) {
            if (!Files.exists(fileOrDir)) {
                throw new java.nio.file.NoSuchFileException(fileOrDir.toString());
            }
            return List.of(fileOrDir);
        }
        List<Path> archives = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(fileOrDir, WalFormat.LIVE_FILE + ".*.bak")) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    archives.add(p);
                }
            }
        }
        archives.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        Path live = fileOrDir.resolve(WalFormat.LIVE_FILE);
        if (Files.exists(live)) {
            archives.add(live);
        }
        return archives;
    }
}
