package dev.brigade.worker.protocol;

/** A frame that is no message of the brigade's protocol; the message says why, for the log. */
public final class ProtocolException extends RuntimeException {

    public ProtocolException(String message) {
        super(message);
    }
}
