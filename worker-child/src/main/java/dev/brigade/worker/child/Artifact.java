package dev.brigade.worker.child;

/**
 * A file a job made, e.g. an invoice PDF. Travels to the parent as JSON ({@code content} in base64); worker-service
 * stores it with the job and serves it with this media type and file name.
 */
public record Artifact(String fileName, String mediaType, byte[] content) implements JobOutput {

    /** The longest file name worker-service keeps (its column); a longer one fails the job at once, not its store. */
    public static final int MAX_FILE_NAME = 200;

    public Artifact {
        if (fileName == null || fileName.isBlank() || fileName.length() > MAX_FILE_NAME) {
            throw new IllegalArgumentException("an artifact needs a file name of 1 to " + MAX_FILE_NAME
                    + " characters, was " + (fileName == null ? "none" : fileName.length() + " characters"));
        }
    }
}
