package dev.brigade.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the writer puts on the wire is what Jackson writes for the message in UTF-8, one frame per line. */
class FrameWriterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void everyStringIsWrittenAsJacksonWritesIt() throws Exception {
        String tricky = "zwölf \"quoted\" \\ / \n\r\t\u0000\u001f\u007f \u2028 😀 ü";
        List<String> strings = new ArrayList<>(List.of("", "plain", tricky, "x".repeat(16 * 1024),
                "x".repeat(16 * 1024 + 1), tricky.repeat(2_000), "ü".repeat(100_000), "why?", "é", "\u0100",
                "ascii then \u0141", "/path/~x", "\ud83d", "x".repeat(1000)));
        // Every character that needs care, at every offset of an eight-byte word, in a string otherwise plain.
        for (String special : List.of("\"", "\\", "?", "\n", "\u0000", "\u001f", "\u007f", "é", "\u0141", "😀", "\udc00")) {
            for (int at = 0; at < 17; at++) {
                strings.add("a".repeat(at) + special + "b".repeat(17 - at));
            }
        }
        List<ObjectNode> messages = new ArrayList<>();
        StringBuilder expected = new StringBuilder();
        for (String text : strings) {
            ObjectNode message = MAPPER.createObjectNode().put("type", "echo").put("text", text);
            message.putObject("nested").put(tricky, text).putArray("list").add(text).addNull();
            messages.add(message);
            expected.append(new String(MAPPER.writeValueAsBytes(message), StandardCharsets.UTF_8)).append('\n');
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(() -> MAPPER, out);
        writer.write(messages.get(0));
        writer.writeAll(messages.subList(1, messages.size()));

        assertEquals(expected.toString(), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyKindOfNodeIsWrittenAsJacksonWritesIt() throws Exception {
        ObjectNode message = MAPPER.createObjectNode().put("type", "result").put("int", -7).put("long", 1L << 40)
                .put("double", 0.1).put("float", 1.5f).put("big", new BigInteger("123456789012345678901234567890"))
                .put("decimal", new BigDecimal("1E+3")).put("yes", true).put("no", false)
                .put("bytes", new byte[] {0, 1, 2, (byte) 255}).putNull("nothing");
        message.putArray("empty");
        message.putObject("none");
        message.putArray("mixed").add(1).add("two").add(3.0).addNull().addArray().add(true);
        ObjectNode record = MAPPER.valueToTree(new Artifact("invoice.pdf", new byte[] {37, 80, 68, 70}));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(() -> MAPPER, out);
        writer.write(message);
        writer.write(record);
        writer.write(new Artifact("a.txt", new byte[] {'a'}));

        assertEquals(MAPPER.writeValueAsString(message) + "\n" + MAPPER.writeValueAsString(record) + "\n"
                + MAPPER.writeValueAsString(new Artifact("a.txt", new byte[] {'a'})) + "\n",
                out.toString(StandardCharsets.UTF_8));
    }

    record Artifact(String fileName, byte[] content) {
    }
}
