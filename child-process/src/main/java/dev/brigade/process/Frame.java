package dev.brigade.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One frame as it came from the child: the UTF-8 bytes of one JSON object, without the newline. It was checked to
 * be a JSON object when it arrived, but not parsed: a consumer that stores, forwards or counts messages pays for no
 * tree. Immutable; safe to hand to another thread.
 */
public final class Frame {

    private final byte[] bytes;
    private final FrameParser parser;

    private Frame(byte[] bytes, FrameParser parser) {
        this.bytes = bytes;
        this.parser = parser;
    }

    /** A frame of its own, copied out of the reader's buffer (which is reused for the next chunk). */
    static Frame copyOf(byte[] buffer, int offset, int length, FrameParser parser) {
        return new Frame(Arrays.copyOfRange(buffer, offset, offset + length), parser);
    }

    /** Its length in bytes. */
    public int size() {
        return bytes.length;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes);
    }

    /**
     * Parses it. Throws {@link MalformedFrameException} only for what was not checked on arrival: a string longer
     * than Jackson's limit (20 million characters by default).
     */
    public JsonNode tree() {
        return parser.tree(bytes, 0, bytes.length);
    }

    /** The JSON text. */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
