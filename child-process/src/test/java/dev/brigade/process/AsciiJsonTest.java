package dev.brigade.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The ASCII reader answers only with Jackson's answer: the same tree (types, values, order), the same verdict on
 * junk, and no answer (so Jackson reads the frame) for anything outside plain ASCII JSON.
 */
class AsciiJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectReader TREES = MAPPER.readerFor(JsonNode.class);

    @Test
    void plainFramesGetJacksonsTreeWithoutJackson() {
        for (String frame : List.of("{}", " {\"a\":1} ", "{\"type\":\"echo\",\"id\":100000,\"payload\":\"xxxx\"}",
                "{\"n\":[-1,0,7,2147483647,2147483648,-2147483648,-2147483649,999999999999999999,-999999999999999999]}",
                "{\"a\" : { \"b\" : [ true , false , null , [] , {} , \"\" ] } ,\t\"c\":\"/~ !#$%&'()*+,-.:;<=>@[]^_`{|}\"}",
                "{\"\":\"\",\"x\":{\"y\":{\"z\":[[[1]]]}}}\r")) {
            JsonNode expected = jackson(frame);
            JsonNode fast = fast(frame);
            assertNotNull(fast, frame);
            assertSame(expected, fast, frame);
            assertTrue(AsciiJson.isObject(bytes(frame), 0, bytes(frame).length), frame);
        }
    }

    @Test
    void whatOnlyJacksonCanTellIsLeftToIt() {
        for (String frame : List.of("{\"a\":\"tab\\there\"}", "{\"a\":\"zwölf\"}", "{\"zwölf\":1}", "{\"a\":1.5}",
                "{\"a\":1e3}", "{\"a\":1234567890123456789}", "{\"a\":-0}", "{\"a\":01}", "{\"a\":1,\"a\":2}",
                "{\"a\":1} {}", "[1]", "\"text\"", "{\"a\":tru}", "{\"a\":truex}", "{\"a\":1,}", "{,}", "{\"a\"}",
                "{\"a\":[1,]}", "{\"a\":-}", "{\"a\":\"open}", "{\"a\":1", "{\"a\":\"\u0001\"}", "\uFEFF{\"a\":1}",
                "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}", "{\"" + "n".repeat(2000) + "\":1}", "{\"a\":NaN}")) {
            assertNull(fast(frame), frame);
        }
    }

    @Test
    void randomFramesAndTheirCorruptionsGetJacksonsAnswer() {
        Random random = new Random(13);
        int answered = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder frame = new StringBuilder();
            object(random, frame, 0);
            String text = frame.toString();
            if (random.nextInt(3) == 0) {
                text = corrupt(random, text);
            }
            JsonNode expected = jackson(text);
            JsonNode fast = fast(text);
            byte[] bytes = bytes(text);
            boolean checked = AsciiJson.isObject(bytes, 0, bytes.length);
            if (checked) {
                assertNotNull(expected, "Jackson refuses what the ASCII check took: " + text);
            }
            if (fast != null) {
                assertTrue(checked, text);
                answered++;
                assertNotNull(expected, "Jackson refuses what the ASCII reader took: " + text);
                assertSame(expected, fast, text);
            }
        }
        assertTrue(answered > 3_000, "the ASCII reader answered for " + answered + " frames");
    }

    private static void object(Random random, StringBuilder out, int depth) {
        out.append('{');
        int fields = random.nextInt(depth == 0 ? 6 : 4);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                out.append(',');
            }
            space(random, out);
            string(random, out);
            out.append(random.nextInt(8) == 0 ? " : " : ":");
            value(random, out, depth + 1);
        }
        out.append('}');
    }

    private static void value(Random random, StringBuilder out, int depth) {
        switch (random.nextInt(depth > 4 ? 6 : 8)) {
            case 0 -> string(random, out);
            case 1 -> out.append(random.nextInt(2) == 0 ? random.nextInt() : random.nextLong() >> random.nextInt(64));
            case 2 -> out.append(random.nextInt(3) == 0 ? "true" : random.nextInt(2) == 0 ? "false" : "null");
            case 3 -> out.append(random.nextInt(4) == 0 ? random.nextDouble() * 1000 : random.nextInt(100));
            case 4 -> string(random, out);
            case 5 -> out.append(random.nextInt(10));
            case 6 -> object(random, out, depth);
            default -> {
                out.append('[');
                int items = random.nextInt(4);
                for (int i = 0; i < items; i++) {
                    out.append(i > 0 ? "," : "");
                    value(random, out, depth + 1);
                }
                out.append(']');
            }
        }
        space(random, out);
    }

    private static void string(Random random, StringBuilder out) {
        out.append('"');
        int length = random.nextInt(4) == 0 ? random.nextInt(40) : random.nextInt(6);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(60);
            out.append(switch (kind) {
                case 0 -> "\\\"";
                case 1 -> "\\n";
                case 2 -> "\\u00e9";
                case 3 -> "ü";
                case 4 -> "😀";
                case 5 -> "?";
                default -> {
                    char c = (char) (0x20 + random.nextInt(0x5f));
                    yield c == '"' || c == '\\' ? "a" : String.valueOf(c);
                }
            });
        }
        out.append('"');
    }

    private static void space(Random random, StringBuilder out) {
        if (random.nextInt(10) == 0) {
            out.append(random.nextBoolean() ? " " : "\t");
        }
    }

    private static String corrupt(Random random, String text) {
        StringBuilder out = new StringBuilder(text);
        int at = random.nextInt(out.length());
        String junk = "{}[],:\"\\ x-01.e";
        switch (random.nextInt(3)) {
            case 0 -> out.deleteCharAt(at);
            case 1 -> out.insert(at, junk.charAt(random.nextInt(junk.length())));
            default -> out.setCharAt(at, junk.charAt(random.nextInt(junk.length())));
        }
        return out.toString();
    }

    /** Equal as Jackson sees trees (node types and values), and in the same order. */
    private static void assertSame(JsonNode expected, JsonNode actual, String frame) {
        assertEquals(expected, actual, frame);
        assertEquals(expected.toString(), actual.toString(), frame);
    }

    private static JsonNode jackson(String frame) {
        try {
            JsonNode tree = TREES.readTree(bytes(frame));
            return tree != null && tree.isObject() ? tree : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static JsonNode fast(String frame) {
        byte[] bytes = bytes(frame);
        return AsciiJson.tree(bytes, 0, bytes.length, JsonNodeFactory.instance);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
