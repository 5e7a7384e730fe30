package dev.brigade.worker.child;

/**
 * A file a job made, e.g. an invoice PDF. Travels to the parent as JSON ({@code content} in base64); worker-service
 * stores it with the job and serves it with this media type and file name.
 */
public record Artifact(String fileName, String mediaType, byte[] content) implements JobOutput {
}
