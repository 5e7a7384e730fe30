package dev.brigade.process;

/** A frame on a fork channel that is not one JSON object, or is longer than the channel allows. */
public class MalformedFrameException extends RuntimeException {

    public MalformedFrameException(String message) {
        super(message);
    }
}
