package dev.brigade.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Tells whether a frame's bytes are one JSON object, either by reading its tree or, for a consumer that takes the
 * frame as it is, by stepping over its tokens without building anything. Both report a frame that is none with
 * the same {@link MalformedFrameException}. Thread-safe.
 * <p>
 * Frames of plain ASCII JSON (most messages) are read or checked by {@link AsciiJson}, which answers only when
 * its answer is Jackson's; it hands everything else to Jackson.
 * <p>
 * The tree reader is prepared once: {@code ObjectMapper.readTree} resolves the target type and its deserializer on
 * every call. Jackson cannot point a blocking parser at new bytes, so each frame still gets a parser of its own;
 * its non-blocking parser could be fed frame after frame, but stepping over a 1 KiB frame took it twice as long.
 */
final class FrameParser {

    private static final int EXCERPT = 80;

    private final JsonFactory factory;
    private final ObjectReader trees;
    private final JsonNodeFactory nodes;
    private final boolean asciiChecks;
    private final boolean asciiTrees;

    FrameParser(ObjectMapper mapper) {
        this.factory = mapper.getFactory();
        this.trees = mapper.readerFor(JsonNode.class);
        DeserializationConfig config = mapper.getDeserializationConfig();
        this.nodes = config.getNodeFactory();
        StreamReadConstraints limits = factory.streamReadConstraints();
        // AsciiJson is strict JSON within these limits; a mapper set up to be stricter still gets only Jackson.
        this.asciiChecks = !config.isEnabled(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, factory)
                && limits.getMaxNestingDepth() >= AsciiJson.MAX_DEPTH
                && limits.getMaxStringLength() >= AsciiJson.MAX_STRING_BYTES
                && limits.getMaxNameLength() >= AsciiJson.MAX_NAME_BYTES
                && limits.getMaxNumberLength() >= 19
                && !limits.hasMaxDocumentLength() && !limits.hasMaxTokenCount();
        this.asciiTrees = asciiChecks && nodes.getClass() == JsonNodeFactory.class
                && !config.isEnabled(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                && !config.isEnabled(DeserializationFeature.USE_LONG_FOR_INTS)
                && config.isEnabled(JsonNodeFeature.READ_NULL_PROPERTIES);
    }

    JsonNode tree(byte[] bytes, int offset, int length) {
        if (asciiTrees) {
            JsonNode tree = AsciiJson.tree(bytes, offset, length, nodes);
            if (tree != null) {
                return tree;
            }
        }
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
        if (asciiChecks && AsciiJson.isObject(bytes, offset, length)) {
            return;
        }
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
