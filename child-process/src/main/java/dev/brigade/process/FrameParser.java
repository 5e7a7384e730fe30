package dev.brigade.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * Tells whether a frame's bytes are one JSON object, either by reading its tree or, for a consumer that takes the
 * frame as it is, by stepping over its tokens without building anything. Both report a frame that is none with
 * the same {@link MalformedFrameException}. Thread-safe.
 * <p>
 * The tree reader is prepared once: {@code ObjectMapper.readTree} resolves the target type and its deserializer on
 * every call. Jackson cannot point a blocking parser at new bytes, so each frame still gets a parser of its own;
 * its non-blocking parser could be fed frame after frame, but stepping over a 1 KiB frame took it twice as long.
 */
final class FrameParser {

    private static final int EXCERPT = 80;

    private final JsonFactory factory;
    private final ObjectReader trees;

    FrameParser(ObjectMapper mapper) {
        this.factory = mapper.getFactory();
        this.trees = mapper.readerFor(JsonNode.class);
    }

    JsonNode tree(byte[] bytes, int offset, int length) {
        JsonNode tree;
        try {
            tree = trees.readTree(bytes, offset, length);
        } catch (IOException e) {
            throw notJson(bytes, offset, length);
        }
        if (tree == null || !tree.isObject()) {
            throw notAnObject(bytes, offset, length);
        }
        return tree;
    }

    /**
     * The same verdict as {@link #tree} without the tree. Strings are stepped over, not built, so Jackson's limit
     * on a string's length applies only when a tree is read.
     */
    void checkObject(byte[] bytes, int offset, int length) {
        try (JsonParser parser = factory.createParser(bytes, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw notAnObject(bytes, offset, length);
            }
            parser.skipChildren();
        } catch (IOException e) {
            throw notJson(bytes, offset, length);
        }
    }

    static String excerpt(byte[] bytes, int offset, int length) {
        String text = new String(bytes, offset, Math.min(length, EXCERPT), StandardCharsets.UTF_8);
        return "\"" + text + (length > EXCERPT ? "...\" (" + length + " bytes)" : "\"");
    }

    private static MalformedFrameException notJson(byte[] bytes, int offset, int length) {
        return new MalformedFrameException("not a JSON frame: " + excerpt(bytes, offset, length));
    }

    private static MalformedFrameException notAnObject(byte[] bytes, int offset, int length) {
        return new MalformedFrameException("frame is not a JSON object: " + excerpt(bytes, offset, length));
    }
}
