package dev.brigade.worker.child.handlers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * For handlers that misbehave on a job's first attempt only: with {@code "marker":"/some/file"} in the payload, the
 * first attempt creates the file and misbehaves; a later attempt, on a fresh child, finds it and succeeds.
 */
final class FirstAttempt {

    private FirstAttempt() {
    }

    /** False when the marker exists (a retry); otherwise creates it (if named) and answers true. */
    static boolean isFirst(JsonNode payload) throws IOException {
        String marker = payload.path("marker").asText(null);
        if (marker == null) {
            return true;
        }
        if (Files.exists(Path.of(marker))) {
            return false;
        }
        Files.createFile(Path.of(marker));
        return true;
    }
}
