package dev.brigade.process;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads the frames most messages are, without Jackson's parser: a JSON object whose names and strings are ASCII
 * without escapes, whose numbers are integers of up to 18 digits, with {@code true}, {@code false}, {@code null},
 * arrays and objects up to {@value #MAX_DEPTH} deep. It builds the tree Jackson builds ({@code TextNode},
 * {@code IntNode}/{@code LongNode}, ... in the same order) or only checks the frame. Anything else (an escape, a
 * byte above 127, a fraction or exponent, a name seen twice in one object, a long string, bytes after the object,
 * and anything malformed) makes it answer {@code null}: the caller then asks Jackson, which reads the frame or says
 * what is wrong with it. So this reader changes no verdict; it only skips work.
 * <p>
 * Why: under C1 (the children's JIT) Jackson turns a string's bytes into chars and the chars into a
 * {@code String} in two per-character loops ({@code StringUTF16.compress} is intrinsic only in C2): 40 % of a
 * child's CPU for a 1 KiB echo. An ASCII string's bytes are already its Latin-1 value, so here a string is found
 * eight bytes at a time and copied. Not thread-safe: one instance per frame.
 */
final class AsciiJson {

    static final int MAX_DEPTH = 64;
    static final int MAX_STRING_BYTES = 1024 * 1024;
    static final int MAX_NAME_BYTES = 1024;
    private static final JsonNode CHECKED = MissingNode.getInstance();
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private final byte[] bytes;
    private final int end;
    private final JsonNodeFactory nodes;
    private int pos;
    private int depth;

    private AsciiJson(byte[] bytes, int offset, int length, JsonNodeFactory nodes) {
        this.bytes = bytes;
        this.pos = offset;
        this.end = offset + length;
        this.nodes = nodes;
    }

    /** The frame's tree, or {@code null} when Jackson has to read it. */
    static ObjectNode tree(byte[] bytes, int offset, int length, JsonNodeFactory nodes) {
        return (ObjectNode) new AsciiJson(bytes, offset, length, nodes).root();
    }

    /** {@code true} when the frame is one JSON object; {@code false} when only Jackson can tell. */
    static boolean isObject(byte[] bytes, int offset, int length) {
        return new AsciiJson(bytes, offset, length, null).root() != null;
    }

    private JsonNode root() {
        skipSpace();
        if (pos >= end || bytes[pos] != '{') {
            return null;
        }
        JsonNode root = object();
        if (root == null) {
            return null;
        }
        skipSpace();
        return pos == end ? root : null;
    }

    private JsonNode value() {
        if (pos >= end) {
            return null;
        }
        return switch (bytes[pos]) {
            case '"' -> {
                int start = pos + 1;
                int close = closingQuote(start);
                if (close < 0) {
                    yield null;
                }
                pos = close + 1;
                yield nodes == null ? CHECKED : nodes.textNode(new String(bytes, start, close - start,
                        StandardCharsets.ISO_8859_1));
            }
            case '{' -> object();
            case '[' -> array();
            case 't' -> literal("true", nodes == null ? CHECKED : nodes.booleanNode(true));
            case 'f' -> literal("false", nodes == null ? CHECKED : nodes.booleanNode(false));
            case 'n' -> literal("null", nodes == null ? CHECKED : nodes.nullNode());
            default -> integer();
        };
    }

    private JsonNode object() {
        if (++depth > MAX_DEPTH) {
            return null;
        }
        pos++;
        ObjectNode object = nodes == null ? null : nodes.objectNode();
        skipSpace();
        if (pos < end && bytes[pos] == '}') {
            pos++;
            depth--;
            return nodes == null ? CHECKED : object;
        }
        while (true) {
            skipSpace();
            if (pos >= end || bytes[pos] != '"') {
                return null;
            }
            int start = pos + 1;
            int close = closingQuote(start);
            if (close < 0 || close - start > MAX_NAME_BYTES) {
                return null;
            }
            pos = close + 1;
            skipSpace();
            if (pos >= end || bytes[pos] != ':') {
                return null;
            }
            pos++;
            skipSpace();
            JsonNode value = value();
            if (value == null) {
                return null;
            }
            if (object != null
                    && object.replace(new String(bytes, start, close - start, StandardCharsets.ISO_8859_1), value) != null) {
                return null; // a name twice: Jackson's configuration decides
            }
            skipSpace();
            if (pos >= end) {
                return null;
            }
            byte next = bytes[pos++];
            if (next == '}') {
                depth--;
                return nodes == null ? CHECKED : object;
            }
            if (next != ',') {
                return null;
            }
        }
    }

    private JsonNode array() {
        if (++depth > MAX_DEPTH) {
            return null;
        }
        pos++;
        ArrayNode array = nodes == null ? null : nodes.arrayNode();
        skipSpace();
        if (pos < end && bytes[pos] == ']') {
            pos++;
            depth--;
            return nodes == null ? CHECKED : array;
        }
        while (true) {
            skipSpace();
            JsonNode value = value();
            if (value == null) {
                return null;
            }
            if (array != null) {
                array.add(value);
            }
            skipSpace();
            if (pos >= end) {
                return null;
            }
            byte next = bytes[pos++];
            if (next == ']') {
                depth--;
                return nodes == null ? CHECKED : array;
            }
            if (next != ',') {
                return null;
            }
        }
    }

    private JsonNode literal(String word, JsonNode node) {
        int length = word.length();
        if (end - pos < length) {
            return null;
        }
        for (int i = 0; i < length; i++) {
            if (bytes[pos + i] != word.charAt(i)) {
                return null;
            }
        }
        pos += length;
        return endsValue() ? node : null;
    }

    /** An integer without sign-zero or leading zeros, of at most 18 digits: Jackson reads it as an int or a long. */
    private JsonNode integer() {
        int start = pos;
        boolean negative = bytes[pos] == '-';
        if (negative) {
            pos++;
        }
        int digitsFrom = pos;
        long value = 0;
        while (pos < end && bytes[pos] >= '0' && bytes[pos] <= '9') {
            value = value * 10 + (bytes[pos] - '0');
            pos++;
        }
        int digits = pos - digitsFrom;
        if (digits == 0 || digits > 18 || (bytes[digitsFrom] == '0' && (digits > 1 || negative)) || !endsValue()) {
            pos = start;
            return null;
        }
        if (nodes == null) {
            return CHECKED;
        }
        value = negative ? -value : value;
        return value == (int) value ? nodes.numberNode((int) value) : nodes.numberNode(value);
    }

    /** A scalar must be followed by a separator, a closing bracket, space or the frame's end. */
    private boolean endsValue() {
        if (pos >= end) {
            return true;
        }
        byte next = bytes[pos];
        return next == ',' || next == '}' || next == ']' || next == ' ' || next == '\t' || next == '\r';
    }

    private void skipSpace() {
        while (pos < end && (bytes[pos] == ' ' || bytes[pos] == '\t' || bytes[pos] == '\r')) {
            pos++;
        }
    }

    /**
     * Where the string starting at {@code from} ends, if no byte before its closing quote is a backslash, a control
     * character or above 127; else -1. Eight bytes per step, as in {@link FrameDecoder#indexOfNewline}.
     */
    private int closingQuote(int from) {
        int limit = Math.min(end, from + MAX_STRING_BYTES);
        int i = from;
        for (; i + 8 <= limit; i += 8) {
            long x = (long) LONGS.get(bytes, i);
            if (special(x) != 0) {
                break;
            }
        }
        for (; i < limit; i++) {
            byte b = bytes[i];
            if (b == '"') {
                return i;
            }
            if (b == '\\' || b < 0x20) { // a byte above 127 is negative
                return -1;
            }
        }
        return -1;
    }

    /**
     * {@code true} when none of the bytes is a quote, a backslash, a control character, above 0x7f or a question
     * mark (what {@code String.getBytes(ISO_8859_1)} writes for a character it cannot encode): then the bytes are
     * the string's characters, and JSON writes them as they are.
     */
    static boolean plainAscii(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        for (; i + 8 <= end; i += 8) {
            long x = (long) LONGS.get(bytes, i);
            long question = x ^ 0x3F3F3F3F3F3F3F3FL;
            if ((special(x) | ((question - ONES) & ~question & HIGHS)) != 0) {
                return false;
            }
        }
        for (; i < end; i++) {
            byte b = bytes[i];
            if (b == '"' || b == '\\' || b == '?' || b < 0x20) {
                return false;
            }
        }
        return true;
    }

    /** Non-zero when one of the eight bytes is a quote, a backslash, below 0x20 or above 0x7f. */
    private static long special(long x) {
        long quote = x ^ 0x2222222222222222L;
        long backslash = x ^ 0x5C5C5C5C5C5C5C5CL;
        return (((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((x - 0x2020202020202020L) & ~x) | x)
                & HIGHS;
    }
}
